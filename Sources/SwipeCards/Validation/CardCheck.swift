/// The verdict on a card read from one swipe.
public struct CardCheck: Sendable {
    /// The card's fields, when a track could be parsed.
    public var fields: CardFields?
    /// The card network, when the number is known.
    public var brand: CardBrand?
    /// Whether the number passed the Luhn check.
    public var luhnOK: Bool
    /// Whether the card's expiry month is over.
    public var expired: Bool
    /// Why the card is refused; empty when accepted.
    public var problems: [CardProblem]
    /// Things worth saying about an accepted card.
    public var notes: [CardNote]

    /// Whether the card may be charged.
    public var accepted: Bool { problems.isEmpty && fields != nil }

    /// Creates a verdict.
    public init(
        fields: CardFields?, brand: CardBrand?, luhnOK: Bool, expired: Bool, problems: [CardProblem],
        notes: [CardNote]
    ) {
        self.fields = fields
        self.brand = brand
        self.luhnOK = luhnOK
        self.expired = expired
        self.problems = problems
        self.notes = notes
    }
}
