import SwipeCards
import SwipeDecoding
import SwipeSynthesis
import Testing

@Suite("Track parsing: sentinels, parity, LRC")
struct TrackParserTests {
    let track2 = ";4242424242424242=30121011234?"
    let track1 = "%B4242424242424242^TEST/CARD^30121011234?"

    @Test("reads ABA and IATA tracks in both bit orders", arguments: [TrackFormat.aba, .iata])
    func readsBothFormats(format: TrackFormat) throws {
        let text = format == .aba ? track2 : track1
        let bits = TrackEncoder(format: format).bits(for: text, leadingZeros: 12, trailingZeros: 12)
        let forward = try #require(TrackParser(format: format).parse(bits))
        #expect(forward.characters.unsafeRevealedString() == text)
        #expect(forward.isValid && forward.parityErrors == 0 && forward.lrcOK)
        // The parser itself reads one order; the segment decoder reverses the pulses for the other.
        #expect(TrackParser(format: format).parse(bits.reversed())?.isValid != true)
    }

    @Test("one bad character is repaired from the LRC and reported")
    func repairsOneCharacter() throws {
        var bits = TrackEncoder(format: .aba).bits(for: track2, leadingZeros: 10, trailingZeros: 10)
        let flipped = 10 + 5 * 4 + 1  // second bit of the fourth character
        bits[flipped] ^= 1
        let readout = try #require(TrackParser(format: .aba).parse(bits))
        #expect(readout.parityErrors == 1)
        #expect(readout.corrected == 1)
        #expect(readout.lrcOK)
        #expect(readout.isValid)
        #expect(readout.characters.unsafeRevealedString() == track2)
    }

    @Test("a repair is trusted on a long track only: a short repaired fragment is not a read")
    func shortRepairNotTrusted() throws {
        var bits = TrackEncoder(format: .aba).bits(for: ";123?", leadingZeros: 10, trailingZeros: 10)
        bits[10 + 5 * 2 + 1] ^= 1  // one bit of the second data character
        let readout = try #require(TrackParser(format: .aba).parse(bits))
        #expect(readout.corrected == 1 && readout.lrcOK)
        #expect(!readout.isValid)
        #expect(CardValidator().check([readout], today: YearMonth(year: 2026, month: 11)!).problems == [.unreadable])
    }

    @Test("a short clean fragment does not hide a long read of the same bits")
    func longReadWins() throws {
        // A clean three-character fragment, then the card's track with one repaired character.
        let fragment = TrackEncoder(format: .aba).bits(for: ";123?", leadingZeros: 10, trailingZeros: 0)
        var card = TrackEncoder(format: .aba).bits(for: track2, leadingZeros: 10, trailingZeros: 10)
        card[10 + 5 * 4 + 1] ^= 1
        let readout = try #require(TrackParser(format: .aba).parse(fragment + card))
        #expect(readout.characters.unsafeRevealedString() == track2)
        #expect(readout.isValid && readout.corrected == 1)
    }

    @Test("two bad characters cannot be repaired")
    func twoErrorsFail() throws {
        var bits = TrackEncoder(format: .aba).bits(for: track2, leadingZeros: 10, trailingZeros: 10)
        bits[10 + 5 * 3] ^= 1
        bits[10 + 5 * 7 + 2] ^= 1
        let readout = try #require(TrackParser(format: .aba).parse(bits))
        #expect(readout.parityErrors == 2)
        #expect(readout.corrected == 0)
        #expect(!readout.isValid)
    }

    @Test("a corrupted LRC fails the track")
    func badLRC() throws {
        var bits = TrackEncoder(format: .aba).bits(for: track2, leadingZeros: 10, trailingZeros: 10)
        let lrcStart = 10 + 5 * track2.utf8.count
        bits[lrcStart] ^= 1
        bits[lrcStart + 1] ^= 1  // parity still odd, value wrong
        let readout = try #require(TrackParser(format: .aba).parse(bits))
        #expect(!readout.lrcOK)
        #expect(!readout.isValid)
    }

    @Test("random bit streams never yield a valid track")
    func randomBits() {
        var random = SeededRandom(seed: 42)
        for _ in 0..<2000 {
            let bits = (0..<Int.random(in: 0...600, using: &random)).map { _ in UInt8.random(in: 0...1, using: &random)
            }
            for format in TrackFormat.allCases {
                if let readout = TrackParser(format: format).parse(bits), readout.isValid {
                    // A chance match is possible in principle; it must then not be a card.
                    let check = CardValidator().check([readout], today: YearMonth(year: 2026, month: 11)!)
                    #expect(!check.accepted)
                }
            }
        }
    }

    @Test("a half swipe (truncated bits) is not valid")
    func truncated() {
        let bits = TrackEncoder(format: .aba).bits(for: track2, leadingZeros: 10, trailingZeros: 10)
        for cut in stride(from: 15, to: bits.count - 20, by: 7) {
            #expect(TrackParser(format: .aba).parse(Array(bits[..<cut]))?.isValid != true)
        }
    }
}

@Suite("Decoded tracks meet the card model")
struct ReadoutValidationTests {
    let november2026 = YearMonth(year: 2026, month: 11)!

    func readout(_ text: String, lrcOK: Bool = true) -> TrackReadout {
        TrackReadout(
            format: .aba, characters: SensitiveBytes(utf8: text), parityErrors: 0, corrected: 0, lrcOK: lrcOK,
            complete: true)
    }

    @Test("only tracks that passed parity and LRC reach the validator")
    func onlyValidTracks() {
        let bad = readout(";4242424242424242=3012101?", lrcOK: false)
        #expect(bad.trackData == nil)
        #expect(CardValidator().check([bad], today: november2026).problems == [.unreadable])
        #expect(CardValidator().check([readout(";4242424242424242=3012101?")], today: november2026).accepted)
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
}
