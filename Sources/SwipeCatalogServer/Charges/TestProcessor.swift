import SwipeCards

/// The stand-in payment processor.
///
/// Rules (documented in docs/catalog-api.md):
/// - the number must pass Luhn and be 13-19 digits, else `declined: card number invalid`;
/// - Visa and Mastercard only, else `declined: card type not accepted`;
/// - the card must not be expired this month (New York time), else `declined: card expired`;
/// - 4000000000000002 always declines: `card declined by the issuer`;
/// - everything else is approved with a random six-character authorisation code.
struct TestProcessor: Sendable {
    enum Decision: Equatable {
        case approved(authorizationCode: String)
        case declined(reason: String)
    }

    private static let decliningNumber = Array(WellKnownTestCard.visaDeclined.utf8)

    func authorize(number: CardNumber, expiry: YearMonth?, today: YearMonth) -> Decision {
        guard number.isNumeric, (13...19).contains(number.length), number.passesLuhn else {
            return .declined(reason: "Card number invalid: swipe again or use another card.")
        }
        guard [CardBrand.visa, .mastercard].contains(number.brand) else {
            return .declined(reason: "Card type not accepted: use a Visa or Mastercard.")
        }
        guard let expiry, expiry >= today else { return .declined(reason: "Card expired: use another card.") }
        if number.digits.withBytes({ $0.elementsEqual(Self.decliningNumber) }) {
            return .declined(reason: "Card declined by the issuer: use another card.")
        }
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return .approved(authorizationCode: String((0..<6).map { _ in alphabet.randomElement()! }))
    }
}
