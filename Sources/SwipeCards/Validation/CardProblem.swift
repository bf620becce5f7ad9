/// Why a card is refused, with a message a volunteer can act on.
public enum CardProblem: Sendable, Equatable, CustomStringConvertible {
    /// Parity, LRC or sentinels failed on every track.
    case unreadable
    /// The stripe holds something else than a financial card.
    case notAPaymentCard
    /// Wrong length or failed Luhn check: almost always a misread.
    case invalidNumber
    /// A brand this service does not take.
    case brandNotAccepted(CardBrand)
    /// Expired at the end of the given month.
    case expired(YearMonth)
    /// The expiry date is missing or not a date.
    case unreadableExpiry
    /// Track 1 and track 2 carry different numbers or dates.
    case tracksDisagree

    /// A stable identifier for programs.
    public var code: String {
        switch self {
        case .unreadable: "unreadable"
        case .notAPaymentCard: "not_payment_card"
        case .invalidNumber: "invalid_number"
        case .brandNotAccepted: "brand_not_accepted"
        case .expired: "expired"
        case .unreadableExpiry: "unreadable_expiry"
        case .tracksDisagree: "tracks_disagree"
        }
    }

    /// What to tell the person at the table. Never holds card data.
    public var message: String {
        switch self {
        case .unreadable: "Could not read the card: swipe again, stripe facing back and down."
        case .notAPaymentCard: "This is not a payment card: use a Visa or Mastercard."
        case .invalidNumber: "The card number did not check out: swipe again."
        case .brandNotAccepted(let brand): "\(brand.displayName) cards are not accepted: use a Visa or Mastercard."
        case .expired(let month): "Card expired (end of \(month)): use another card."
        case .unreadableExpiry: "The expiry date could not be read: swipe again."
        case .tracksDisagree: "The card's tracks disagree: swipe again."
        }
    }

    /// A short text for logs and terminals (never card data).
    public var description: String { message }
}

/// Something worth knowing about an accepted card.
public enum CardNote: String, Sendable, Equatable, CustomStringConvertible {
    /// The service code says the card has a chip; the stripe was used because this reader has no chip slot.
    case chipCardSwiped = "chip_card_swiped"
    /// One character failed parity and was repaired from the LRC.
    case correctedFromLRC = "corrected_from_lrc"

    /// A sentence for the operator.
    public var message: String {
        switch self {
        case .chipCardSwiped: "Chip card read by stripe: accepted, this reader has no chip slot."
        case .correctedFromLRC: "One character was repaired with the track's LRC."
        }
    }

    /// A short text for logs and terminals (never card data).
    public var description: String { message }
}
