import SwipeCards
import SwipeDecoding
import SwipeReports
import SwipeSynthesis
import Testing

/// Swipes heard with no quiet before them: recordings trimmed tight, live capture
/// started in the middle of a swipe (the corpus's "cut" conditions).
@Suite("Swipes with no lead-in")
struct NoLeadInTests {
    @Test(
        "read whether the audio starts 1 s, 10 ms or three clock bits before the track, or is cut at both ends",
        arguments: Corpus.cuts.map(\.0))
    func cut(label: String) {
        var total = DecodeScore()
        for (index, condition) in Corpus.cutConditions().enumerated()
        where condition.name.hasSuffix(label) && [22_050, 48_000].contains(condition.sampleRate) {
            total += DecodeScore.score(condition, count: 4, seed: UInt64(index) + 40)
        }
        #expect(total.swipes == 24)
        #expect(total.falseAccepts == 0)
        #expect(total.rate >= 0.95, "\(label): decoded \(total.decoded) of \(total.swipes)")
    }

    @Test("a stream that is all background, from its first sample, gives no swipe")
    func backgroundOnly() {
        var impairments = Impairments.typical
        impairments.humLevel = 0.3
        let silence = SwipeSynthesizer(sampleRate: 44_100, channelCount: 1, impairments: impairments)
            .render([], seed: 5)
        var decoder = SwipeStreamDecoder(
            format: PCMFormat(sampleRate: 44_100, channelCount: 1), today: YearMonth(year: 2026, month: 11)!)
        #expect(decoder.decodeAll(silence.samples).isEmpty)
    }
}
