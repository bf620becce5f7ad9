/// Checks the tracks read from a swipe against ISO/IEC 7812/7813 and a ``CardPolicy``.
public struct CardValidator: Sendable {
    /// What is accepted.
    public var policy: CardPolicy

    /// Data characters a track must have to be called "not a payment card" rather
    /// than a misread (a payment track 2 has at least 17, track 1 more).
    public static let minimumNonPaymentTrack = 10

    /// Creates a validator.
    public init(policy: CardPolicy = .standard) {
        self.policy = policy
    }

    /// Checks the tracks a reader delivered (any order, any mix of track 1 and 2) as of
    /// the month `today`. No track at all means the card could not be read.
    ///
    /// A card is good through the last day of its expiry month.
    public func check(tracks: [TrackData], today: YearMonth) -> CardCheck {
        guard !tracks.isEmpty else {
            return CardCheck(fields: nil, brand: nil, luhnOK: false, expired: false, problems: [.unreadable], notes: [])
        }
        let track1 = tracks.first { $0.format == .iata }.flatMap(CardFields.parse)
        let track2 = tracks.first { $0.format == .aba }.flatMap(CardFields.parse)
        guard var fields = track2 ?? track1 else {
            // A short track is far more likely a misread fragment than a card of another kind:
            // the volunteer should swipe again, not reach for another card.
            let longest = tracks.map { $0.characters.count - 2 }.max() ?? 0
            let problem: CardProblem = longest >= Self.minimumNonPaymentTrack ? .notAPaymentCard : .unreadable
            return CardCheck(fields: nil, brand: nil, luhnOK: false, expired: false, problems: [problem], notes: [])
        }
        if fields.name == nil { fields.name = track1?.name }
        var problems: [CardProblem] = []
        if let one = track1, let two = track2, !one.number.matches(two.number) || one.expiry != two.expiry {
            problems.append(.tracksDisagree)
        }
        var check = check(fields, today: today, problems: problems)
        if tracks.contains(where: { $0.repairs > 0 }) { check.notes.append(.correctedFromLRC) }
        return check
    }

    /// Checks a card number and expiry typed in by hand (no stripe was read).
    ///
    /// Takes ownership of `number`: it lives on in the verdict's fields.
    public func check(keyed number: CardNumber, expiry: YearMonth?, today: YearMonth) -> CardCheck {
        check(CardFields(number: number, expiry: expiry), today: today, problems: [])
    }

    private func check(_ fields: CardFields, today: YearMonth, problems: [CardProblem]) -> CardCheck {
        var problems = problems
        var notes: [CardNote] = []
        let number = fields.number
        let wellFormed = number.isNumeric && policy.numberLengths.contains(number.length)
        let luhnOK = wellFormed && number.passesLuhn
        let brand = number.isNumeric ? number.brand : nil
        if !luhnOK {
            problems.append(.invalidNumber)
        } else if let brand, !policy.acceptedBrands.contains(brand) {
            problems.append(.brandNotAccepted(brand))
        }
        var expired = false
        if let expiry = fields.expiry {
            expired = expiry < today
            if expired { problems.append(.expired(expiry)) }
        } else {
            problems.append(.unreadableExpiry)
        }
        if let code = fields.serviceCode, let first = code.first, first == "2" || first == "6" {
            notes.append(.chipCardSwiped)
        }
        return CardCheck(
            fields: fields, brand: brand, luhnOK: luhnOK, expired: expired, problems: problems, notes: notes)
    }
}
