public import SwipeCards
public import SwipeDecoding
public import SwipeHID

/// The JSON shape of `swipe decode --json`: one object per input file.
///
/// Field names are a contract with scripts; add fields, never rename them.
public struct FileReport: Encodable, Sendable {
    /// The file as named on the command line.
    public var source: String
    /// Every swipe found, in order.
    public var swipes: [SwipeReport]
    /// Problems that did not stop reading (a truncated file, for instance).
    public var warnings: [String]

    /// Creates a report.
    public init(source: String, swipes: [SwipeReport], warnings: [String] = []) {
        self.source = source
        self.swipes = swipes
        self.warnings = warnings
    }
}

/// One swipe in a report.
public struct SwipeReport: Encodable, Sendable {
    /// First channel that carried the swipe.
    public var channel: Int
    /// All channels that carried it.
    public var channels: [Int]
    /// Seconds from the start of the recording.
    public var start: Double
    /// Seconds from the start of the recording.
    public var end: Double
    /// `forward` or `reverse`, when a track was read.
    public var direction: SwipeDirection?
    /// Tracks read.
    public var tracks: [TrackReport]
    /// The card, when a track could be parsed.
    public var card: CardReport?
    /// Why the swipe gave no card (when `card` is null) or why the card is refused.
    public var problems: [ProblemReport]

    /// Builds the report of `swipe`; the PAN is masked unless `unmasked`.
    public init(_ swipe: DecodedSwipe, unmasked: Bool) {
        channel = swipe.channels.first ?? 0
        channels = swipe.channels
        start = (swipe.start * 1000).rounded() / 1000
        end = (swipe.end * 1000).rounded() / 1000
        direction = swipe.direction
        tracks = swipe.tracks.map { TrackReport($0, unmasked: unmasked) }
        card = swipe.card.fields.map { CardReport(swipe.card, fields: $0, unmasked: unmasked) }
        problems = swipe.card.problems.map(ProblemReport.init)
    }

    /// Builds the report of a swipe on a USB reader, `at` seconds after listening
    /// began; the PAN is masked unless `unmasked`. USB readers check parity and LRC
    /// themselves: the tracks they deliver count as read without errors.
    public init(_ swipe: HIDSwipe, card: CardCheck, at: Double, unmasked: Bool) {
        channel = 0
        channels = [0]
        start = (at * 1000).rounded() / 1000
        end = start
        direction = nil
        tracks = swipe.tracks.map { TrackReport($0, unmasked: unmasked) }
        self.card = card.fields.map { CardReport(card, fields: $0, unmasked: unmasked) }
        problems = card.problems.map(ProblemReport.init)
    }
}

/// One track in a report.
public struct TrackReport: Encodable, Sendable {
    /// `aba` or `iata`.
    public var format: TrackFormat
    /// The channel it came from.
    public var channel: Int
    /// Start sentinel to end sentinel; the PAN masked unless asked otherwise.
    public var data: String
    /// Characters that failed parity.
    public var parityErrors: Int
    /// Characters repaired with the LRC.
    public var corrected: Int
    /// Whether the LRC matched.
    public var lrcOK: Bool

    init(_ track: TrackRead, unmasked: Bool) {
        format = track.readout.format
        channel = track.channel
        data =
            unmasked
            ? track.readout.characters.unsafeRevealedString()
            : track.readout.characters.withBytes { TrackMasking.masked($0, format: track.readout.format) }
        parityErrors = track.readout.parityErrors
        corrected = track.readout.corrected
        lrcOK = track.readout.lrcOK
    }

    init(_ track: TrackData, unmasked: Bool) {
        format = track.format
        channel = 0
        data = unmasked ? track.characters.unsafeRevealedString() : TrackMasking.masked(track)
        parityErrors = 0
        corrected = track.repairs
        lrcOK = true
    }
}

/// The card in a report.
public struct CardReport: Encodable, Sendable {
    /// First 6 and last 4 digits (the whole number with `--unmasked`).
    public var pan: String
    /// Last four digits.
    public var last4: String
    /// Card network.
    public var brand: CardBrand?
    /// `YYMM`.
    public var expiry: String?
    /// `SURNAME/GIVEN` from track 1; `null` unless `--unmasked` (masked output keeps 6+4,
    /// expiry and service code at most).
    public var name: String?
    /// Three digits.
    public var serviceCode: String?
    /// Whether the number passed the Luhn check.
    public var luhnOK: Bool
    /// Whether the card is past its expiry month.
    public var expired: Bool
    /// Whether the card may be charged.
    public var accepted: Bool
    /// Why not, as sentences.
    public var problems: [String]
    /// Notes on an accepted card.
    public var notes: [String]

    init(_ check: CardCheck, fields: CardFields, unmasked: Bool) {
        pan = unmasked ? fields.number.digits.unsafeRevealedString() : fields.number.masked
        last4 = fields.number.last4
        brand = check.brand
        expiry = fields.expiry?.stripeText
        name = unmasked ? fields.name : nil  // cardholder data: shown only when asked for
        serviceCode = fields.serviceCode
        luhnOK = check.luhnOK
        expired = check.expired
        accepted = check.accepted
        problems = check.problems.map(\.message)
        notes = check.notes.map(\.message)
    }

    private enum CodingKeys: String, CodingKey {
        case pan, last4, brand, expiry, name, serviceCode, luhnOK, expired, accepted, problems, notes
    }

    /// Encodes every field, `null` included, so the shape is stable.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pan, forKey: .pan)
        try container.encode(last4, forKey: .last4)
        try container.encode(brand, forKey: .brand)
        try container.encode(expiry, forKey: .expiry)
        try container.encode(name, forKey: .name)
        try container.encode(serviceCode, forKey: .serviceCode)
        try container.encode(luhnOK, forKey: .luhnOK)
        try container.encode(expired, forKey: .expired)
        try container.encode(accepted, forKey: .accepted)
        try container.encode(problems, forKey: .problems)
        try container.encode(notes, forKey: .notes)
    }
}

/// A refusal reason with its stable code.
public struct ProblemReport: Encodable, Sendable {
    /// Stable identifier.
    public var code: String
    /// What to do about it.
    public var message: String

    init(_ problem: CardProblem) {
        code = problem.code
        message = problem.message
    }
}
