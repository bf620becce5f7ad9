import SwipeCards
import SwipeDecoding
import SwipeHID
import SwipeReports
import SwipeSynthesis
import Testing

@Suite("One card model: audio and USB reads of a card get the same verdict")
struct SameCardAnyReaderTests {
    let today = YearMonth(year: 2026, month: 11)!

    struct Verdict: Equatable {
        var accepted: Bool
        var brand: CardBrand?
        var problems: [String]
        var masked: String?
        var expiry: YearMonth?
        var serviceCode: String?
    }

    func verdict(_ check: CardCheck) -> Verdict {
        Verdict(
            accepted: check.accepted, brand: check.brand, problems: check.problems.map(\.code),
            masked: check.fields?.number.masked, expiry: check.fields?.expiry, serviceCode: check.fields?.serviceCode)
    }

    @Test("generated cards of every kind, dual-head audio vs MagTek vs keyboard")
    func sameVerdict() throws {
        var random = SeededRandom(seed: 2026)
        var cards: [TestCard] = []
        for brand in [CardBrand.visa, .mastercard, .amex, .discover] {
            cards.append(TestCard.random(brand: brand, using: &random))
        }
        cards.append(TestCard.random(brand: .visa, expiry: "2001", using: &random))
        cards.append(TestCard.wellKnown("4242424242424241"))  // fails Luhn
        for card in cards {
            let recording = SwipeSynthesizer(sampleRate: 48_000, channelCount: 2, impairments: .typical)
                .render([.dualHead(card, profile: .constant(15))], seed: 9)
            let audio = RecordingDecoder(today: today).decode(
                samples: recording.samples, format: PCMFormat(sampleRate: 48_000, channelCount: 2))
            let audioSwipe = try #require(audio.first)
            defer { audioSwipe.wipe() }
            #expect(audioSwipe.tracks.count == 2)

            var magtek = HIDReportStream(kind: .magtek)
            let usb = try #require(
                magtek.feed(bytes: ReportBuilder.magtek(track1: card.track1, track2: card.track2)).swipes.first)
            var keyboard = HIDReportStream(kind: .keyboard)
            let typed = try #require(
                keyboard.feed(bytes: ReportBuilder.keyboard(card.track1 + card.track2).flatMap { $0 }).swipes.first)

            let expected = verdict(audioSwipe.card)
            #expect(verdict(usb.check(today: today)) == expected)
            #expect(verdict(typed.check(today: today)) == expected)
            // And the reports agree on what they show.
            let audioReport = SwipeReport(audioSwipe, unmasked: false)
            let usbReport = SwipeReport(usb, card: usb.check(today: today), at: 0, unmasked: false)
            #expect(audioReport.tracks.map(\.data).sorted() == usbReport.tracks.map(\.data).sorted())
        }
    }
}
