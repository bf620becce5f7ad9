import SwipeCards
import Testing

@Suite("Card fields and validation")
struct CardValidatorTests {
    let november2026 = YearMonth(year: 2026, month: 11)!

    func readout(_ text: String, _ format: TrackFormat = .aba) -> TrackData {
        try! TrackData(format: format, characters: SensitiveBytes(utf8: text))
    }

    func check(_ tracks: [TrackData], today: YearMonth? = nil) -> CardCheck {
        CardValidator().check(tracks: tracks, today: today ?? november2026)
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

    @Test("no track, non-financial cards and a missing expiry give a reason")
    func unreadable() {
        #expect(check([]).problems == [.unreadable])
        #expect(check([readout("%ANOT A BANK CARD?", .iata)]).problems == [.notAPaymentCard])
        // A short track is a misread fragment far more often than a card of another kind: swipe again.
        #expect(check([readout(";123?")]).problems == [.unreadable])
        #expect(check([readout(";4242424242424242=30?")]).problems.contains(.unreadableExpiry))
    }

    @Test("a track repaired by its reader is accepted with a note")
    func repairedNote() throws {
        let track = try TrackData(characters: SensitiveBytes(utf8: ";4242424242424242=3012101?"), repairs: 1)
        #expect(check([track]).notes == [.correctedFromLRC])
    }

    @Test("a keyed card is checked like a swiped one, without a fabricated track")
    func keyed() {
        let today = november2026
        let number = { (digits: String) in CardNumber(digits: SensitiveBytes(utf8: digits)) }
        let good = CardValidator().check(
            keyed: number("5555555555554444"), expiry: YearMonth(stripe: "3012"), today: today)
        #expect(good.accepted)
        #expect(good.brand == .mastercard)
        #expect(good.fields?.serviceCode == nil)
        let expired = CardValidator().check(
            keyed: number("4242424242424242"), expiry: YearMonth(stripe: "2001"), today: today)
        #expect(expired.problems == [.expired(YearMonth(year: 2020, month: 1)!)])
        #expect(
            CardValidator().check(keyed: number("4242424242424241"), expiry: YearMonth(stripe: "3012"), today: today)
                .problems == [.invalidNumber])
        #expect(
            CardValidator().check(keyed: number("4242424242424242"), expiry: nil, today: today).problems == [
                .unreadableExpiry
            ])
    }

    @Test("sensitive buffers wipe and never print their contents")
    func sensitive() {
        let bytes = SensitiveBytes(utf8: "4242424242424242")
        #expect(!"\(bytes)".contains("4242"))
        bytes.wipe()
        #expect(bytes.isEmpty)
    }
}
