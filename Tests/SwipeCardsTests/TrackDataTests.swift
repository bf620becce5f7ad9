import SwipeCards
import Testing

@Suite("Track characters from any reader")
struct TrackDataTests {
    func track(_ text: String) throws(TrackDataError) -> TrackData {
        try TrackData(characters: SensitiveBytes(utf8: text))
    }

    @Test("the start sentinel tells the format")
    func format() throws {
        #expect(try track(";4242424242424242=3012101?").format == .aba)
        #expect(try track("%B4242424242424242^DOE/JANE^3012101?").format == .iata)
    }

    @Test(
        "characters that are not a track are refused with a reason and wiped",
        arguments: [
            ("", TrackDataError.noStartSentinel), ("4242424242424242=3012?", .noStartSentinel),
            (";4242424242424242=3012", .noEndSentinel), (";", .noEndSentinel),
            (";42424242A4242=3012?", .invalidCharacter(position: 9)),
            (";4242;4242=3012?", .invalidCharacter(position: 5)),
            ("%B4242\u{7F}4242^X^3012?", .invalidCharacter(position: 6)),
            (";" + String(repeating: "1", count: 120) + "?", .tooLong),
        ])
    func refused(text: String, error: TrackDataError) {
        let bytes = SensitiveBytes(utf8: text)
        #expect(throws: error) { try TrackData(characters: bytes) }
        #expect(bytes.isEmpty)
        #expect(!error.description.contains("4242"))
    }

    @Test(
        "masking keeps 6+4, expiry and service code, and nothing else",
        arguments: [
            (";4242424242424242=3012101123456?", ";424242******4242=3012101******?"),
            ("%B4242424242424242^DOE/JANE^3012101000123456?", "%B424242******4242^********^3012101*********?"),
            (";5555555555554444==101999?", ";555555******4444==101***?"),
            (";1234567890=3012?", ";**********=3012?"),
        ])
    func masking(text: String, masked: String) throws {
        #expect(TrackMasking.masked(try track(text)) == masked)
    }

    @Test("masking a partial read never shows more than a whole one")
    func maskingPartial() {
        let partial = Array(";4242424242424242=30121011234".utf8)
        let shown = partial.withUnsafeBufferPointer { TrackMasking.masked($0, format: .aba) }
        #expect(shown == ";424242******4242=3012101****")
        let noSeparator = Array(";42424242424242424242".utf8)
        #expect(
            noSeparator.withUnsafeBufferPointer { TrackMasking.masked($0, format: .aba) } == ";424242**********4242")
    }
}
