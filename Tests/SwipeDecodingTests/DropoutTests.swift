import SwipeCards
import SwipeSynthesis
import Testing

@testable import SwipeDecoding

/// A weak spot on the stripe (worn, scratched, dirty, or the card lifting off the head):
/// over a few bit cells the pulses fall to a fraction of their neighbours' height. The
/// transitions are all still there, far above the noise, and are read.
@Suite("Stripe dropouts")
struct DropoutTests {
    @Test(
        "swipes with a dropout of 1-4 cells at 15-35% of the height are read; no number is made up",
        arguments: [
            "track2 44 kHz 3 cells at 25%", "track1 48 kHz 2 cells at 25%", "track2 96 kHz 1 cell at 15%",
            "track1 44 kHz 4 cells at 35%", "dual 48 kHz 3 cells at 25%",
        ])
    func reads(conditionName: String) throws {
        let condition = try #require(Corpus.dropoutConditions().first { $0.name == conditionName })
        let (recording, cards) = condition.render(count: 10, seed: 23)
        var decoder = SwipeStreamDecoder(
            format: PCMFormat(sampleRate: recording.sampleRate, channelCount: recording.channelCount),
            today: YearMonth(year: 2026, month: 12)!)
        let swipes = decoder.decodeAll(recording.samples)
        defer { for swipe in swipes { swipe.wipe() } }
        let numbers = swipes.filter(\.card.accepted).compactMap { $0.card.fields?.number.digits.unsafeRevealedString() }
        #expect(numbers.allSatisfy { number in cards.contains { $0.number == number } })
        #expect(Set(numbers).count >= 9, "read \(Set(numbers).count) of 10")
    }

    @Test("the weak-pulse reading is tried only after the usual ones, and a clean swipe never needs it")
    func lastResort() throws {
        let last = try #require(SegmentDecoder.hypotheses.last)
        #expect(last.keepsWeakPulses)
        #expect(SegmentDecoder.hypotheses.dropLast().allSatisfy { !$0.keepsWeakPulses })
    }

    @Test("the synthesizer's dropout weakens only the pulses in its span, on its head")
    func synthesizedDropout() {
        let card = TestCard.wellKnown(WellKnownTestCard.visa)
        var recipe = SwipeRecipe.dualHead(card, profile: .constant(15))
        recipe.dropout = StripeDropout(position: 0.5, cells: 3, depth: 0.25, channel: 1)
        var clean = Impairments()
        clean.jitter = 0
        let synthesizer = SwipeSynthesizer(sampleRate: 48_000, channelCount: 2, impairments: clean)
        let weak = synthesizer.render([recipe], seed: 1)
        recipe.dropout = nil
        let whole = synthesizer.render([recipe], seed: 1)
        func peak(_ recording: SwipeSynthesizer.Recording, channel: Int) -> [Float] {
            // Each 1 ms block's peak on that channel.
            let samples = recording.channel(channel)
            return stride(from: 0, to: samples.count, by: 48).map { start in
                samples[start..<min(samples.count, start + 48)].map(abs).max() ?? 0
            }
        }
        #expect(peak(weak, channel: 0) == peak(whole, channel: 0), "the other head reads the stripe whole")
        let ratios = zip(peak(weak, channel: 1), peak(whole, channel: 1)).filter { $0.1 > 0.05 }.map { $0.0 / $0.1 }
        #expect(ratios.contains { $0 < 0.4 }, "some pulses weakened")
        #expect(ratios.filter { $0 > 0.99 }.count > ratios.count * 3 / 4, "most pulses untouched")
    }
}
