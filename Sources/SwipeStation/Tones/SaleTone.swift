/// What a swipe's outcome sounds like, the same on the Pi's speaker and on the phone showing
/// the console: five tones anyone at the table can tell apart without looking.
public enum SaleTone: String, Sendable, Codable, CaseIterable {
    /// Paid: two short rising beeps.
    case approved
    /// The card was declined: a long falling tone. Ask for another card.
    case declined
    /// Not sent (the card, the sale or the station said no, or the charge could not be
    /// confirmed): one low buzz. Read the screen.
    case refused
    /// The swipe gave no card, or its charge was cancelled: three quick beeps. Swipe again.
    case swipeAgain = "swipe_again"
    /// Kept offline, to be sent when the catalog is back: two long level tones. Hand the card back.
    case kept

    /// The tone for an outcome; none for a duplicate swipe, which changed nothing.
    public static func `for`(_ kind: SaleOutcome.Kind) -> SaleTone? {
        switch kind {
        case .approved, .voided: .approved
        case .declined: .declined
        case .refused, .unknown: .refused
        case .unreadable, .notCompleted: .swipeAgain
        case .stored: .kept
        case .duplicate: nil
        }
    }

    /// The notes, as `[hertz, seconds]` pairs (0 Hz: a pause).
    public var notes: [[Double]] {
        switch self {
        case .approved: [[880, 0.09], [0, 0.04], [1_320, 0.12]]
        case .declined: [[440, 0.2], [220, 0.4]]
        case .refused: [[196, 0.5]]
        case .swipeAgain: [[660, 0.07], [0, 0.05], [660, 0.07], [0, 0.05], [660, 0.07]]
        case .kept: [[587, 0.25], [0, 0.1], [587, 0.25]]
        }
    }
}
