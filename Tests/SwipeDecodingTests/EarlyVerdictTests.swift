import SwipeCards
import SwipeSynthesis
import Testing

@testable import SwipeDecoding

/// A card read cleanly is reported as soon as the swipe goes quiet, whether the
/// station will accept it or refuse it: the refusal is about the card, and waiting
/// for the detector's full hangover would only keep the person at the table waiting.
@Suite("Early verdicts")
struct EarlyVerdictTests {
    /// Feeds `recording` one 1024-frame period at a time; returns each swipe's report time
    /// in seconds of audio, and whether it was accepted.
    private func reportTimes(_ recording: SwipeSynthesizer.Recording) -> [(at: Double, accepted: Bool)] {
        var decoder = SwipeStreamDecoder(
            format: PCMFormat(sampleRate: recording.sampleRate, channelCount: recording.channelCount),
            today: YearMonth(year: 2026, month: 12)!)
        var reports: [(at: Double, accepted: Bool)] = []
        let step = 1024 * recording.channelCount
        var start = 0
        while start < recording.samples.count {
            let end = min(recording.samples.count, start + step)
            let swipes = recording.samples.withUnsafeBufferPointer {
                decoder.process(UnsafeBufferPointer(rebasing: $0[start..<end]))
            }
            for swipe in swipes {
                reports.append((Double(end / recording.channelCount) / recording.sampleRate, swipe.card.accepted))
                swipe.wipe()
            }
            start = end
        }
        for swipe in decoder.finish() {
            reports.append((recording.duration, swipe.card.accepted))
            swipe.wipe()
        }
        return reports
    }

    @Test(
        "an expired card and another network's card are reported within 0.15 s of the swipe's end, as an accepted one is",
        arguments: [1, 2])
    func refusedCardsAreFinal(channels: Int) {
        let cards = [
            TestCard.wellKnown(WellKnownTestCard.visa), TestCard.wellKnown(WellKnownTestCard.visa, expiry: "2001"),
            TestCard.wellKnown(WellKnownTestCard.amex),
        ]
        let recipes = cards.map {
            channels == 1 ? SwipeRecipe.track2($0, profile: .constant(15)) : .dualHead($0, profile: .constant(15))
        }
        let recording = SwipeSynthesizer(sampleRate: 48_000, channelCount: channels, impairments: .typical)
            .render(recipes, gap: 1.0, seed: 7)
        let reports = reportTimes(recording)
        #expect(reports.map(\.accepted) == [true, false, false])
        for (report, swipe) in zip(reports, recording.swipeTimes) {
            // The detector's hangover alone is 0.35 s: a verdict within 0.15 s came from the early look.
            #expect(
                report.at - swipe.upperBound < 0.15,
                "reported at \(report.at) s, the swipe ended at \(swipe.upperBound) s")
        }
    }

    @Test("a swipe that reads as no card still waits for the whole segment (a slow hand may only have paused)")
    func unreadIsNotFinal() {
        let swipe = DecodedSwipe(
            channels: [0], start: 0, end: 1, direction: nil, tracks: [],
            card: CardCheck(fields: nil, brand: nil, luhnOK: false, expired: false, problems: [.unreadable], notes: []))
        #expect(!SwipeStreamDecoder.isFinal(swipe))
    }
}
