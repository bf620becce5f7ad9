import SwipeDecoding
import SwipeSynthesis
import Testing

@Suite("Card fields and validation")
struct CardValidatorTests {
    let november2026 = YearMonth(year: 2026, month: 11)!

    func readout(_ text: String, _ format: TrackFormat = .aba) -> TrackReadout {
        TrackReadout(
            format: format, characters: SensitiveBytes(utf8: text), parityErrors: 0, corrected: 0, lrcOK: true,
            complete: true)
    }

    func check(_ tracks: [TrackReadout], today: YearMonth? = nil) -> CardCheck {
        CardValidator().check(tracks, today: today ?? november2026)
    }

    @Test(
        "Luhn",
        arguments: [("4242424242424242", true), ("4242424242424241", false), ("79927398713", true), ("", false)])
    func luhn(number: String, valid: Bool) {
        #expect(Luhn.isValid(number) == valid)
    }

    @Test(
        "brands by prefix",
        arguments: [
            ("4111111111111111", CardBrand.visa), ("5555555555554444", .mastercard), ("2223003122003222", .mastercard),
            ("2720990000000000", .mastercard), ("2721000000000000", .unknown), ("2220990000000000", .unknown),
            ("378282246310005", .amex), ("6011111111111117", .discover), ("3530111333300001", .jcb),
        ])
    func brands(number: String, brand: CardBrand) {
        #expect(Array(number.utf8).withUnsafeBufferPointer { CardBrand.of($0) } == brand)
    }

    @Test("an accepted Visa with its fields")
    func acceptedVisa() throws {
        let result = check([
            readout(";4242424242424242=30121011234?"), readout("%B4242424242424242^DOE/JANE^3012101?", .iata),
        ])
        #expect(result.accepted)
        #expect(result.brand == .visa)
        let fields = try #require(result.fields)
        #expect(fields.number.masked == "424242******4242")
        #expect(fields.number.last4 == "4242")
        #expect(fields.name == "DOE/JANE")
        #expect(fields.expiry == YearMonth(year: 2030, month: 12))
        #expect(fields.serviceCode == "101")
        #expect("\(fields.number)" == "424242******4242")  // printing never shows the whole number
    }

    @Test("a card is good through the end of its expiry month")
    func expiryMonth() {
        #expect(check([readout(";4242424242424242=2611101?")]).accepted)
        let lastMonth = check([readout(";4242424242424242=2610101?")])
        #expect(lastMonth.expired)
        #expect(lastMonth.problems == [.expired(YearMonth(year: 2026, month: 10)!)])
        #expect(lastMonth.problems.first?.message.contains("expired") == true)
    }

    @Test("brands other than Visa and Mastercard are refused by name")
    func brandRefused() {
        let result = check([readout(";378282246310005=3012101?")])
        #expect(result.problems == [.brandNotAccepted(.amex)])
        #expect(result.problems[0].message == "American Express cards are not accepted: use a Visa or Mastercard.")
    }

    @Test("a bad check digit asks for another swipe")
    func badLuhn() {
        let result = check([readout(";4242424242424241=3012101?")])
        #expect(!result.luhnOK)
        #expect(result.problems == [.invalidNumber])
        #expect(result.problems[0].message.contains("swipe again"))
    }

    @Test("tracks that disagree are refused")
    func disagreement() {
        let result = check([
            readout(";4242424242424242=3012101?"), readout("%B4111111111111111^DOE/JANE^3012101?", .iata),
        ])
        #expect(result.problems.contains(.tracksDisagree))
    }

    @Test("a chip card swiped is accepted with a note")
    func chipNote() {
        let result = check([readout(";5555555555554444=3012201?")])
        #expect(result.accepted)
        #expect(result.notes == [.chipCardSwiped])
    }

    @Test("unreadable tracks and non-financial cards give a reason")
    func unreadable() {
        var bad = readout(";4242424242424242=3012101?")
        bad.lrcOK = false
        #expect(check([bad]).problems == [.unreadable])
        #expect(check([]).problems == [.unreadable])
        #expect(check([readout("%ANOT A BANK CARD?", .iata)]).problems == [.notAPaymentCard])
        #expect(check([readout(";4242424242424242=30?")]).problems.contains(.unreadableExpiry))
    }

    @Test("generated cards are valid and in their brand's range")
    func generatedCards() {
        var random = SeededRandom(seed: 7)
        for brand in [CardBrand.visa, .mastercard] {
            for _ in 0..<200 {
                let card = TestCard.random(brand: brand, using: &random)
                #expect(Luhn.isValid(card.number))
                #expect(Array(card.number.utf8).withUnsafeBufferPointer { CardBrand.of($0) } == brand)
                #expect(card.track2.utf8.count <= 39)
            }
        }
    }

    @Test("sensitive buffers wipe and never print their contents")
    func sensitive() {
        let bytes = SensitiveBytes(utf8: "4242424242424242")
        #expect(!"\(bytes)".contains("4242"))
        bytes.wipe()
        #expect(bytes.isEmpty)
    }
}
