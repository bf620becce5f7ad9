import SwipeCards
import SwipeSynthesis
import Testing

@testable import SwipeDecoding

/// The early look reads a swipe at half the stream's rate above 60 kHz, and at the full rate
/// when that gives no clean track (``SegmentDecoder/quickLookHalvingRate``).
@Suite("Half-rate quick look")
struct HalfRateLookTests {
    @Test("pairs are averaged four at a time as one at a time, an odd last sample left out")
    func pairAverages() {
        var random = SeededRandom(seed: 11)
        for count in Array(0...19) + [301] {
            let samples = (0..<count).map { _ in Float.random(in: -1...1, using: &random) }
            let halved = samples.withUnsafeBufferPointer { PairAverager.halved($0) }
            let expected = (0..<(count / 2)).map { (pair: Int) -> Float in
                let first: Float = samples[2 * pair], second: Float = samples[2 * pair + 1]
                return 0.5 * (first + second)
            }
            #expect(halved == expected, "\(count) samples")
        }
    }

    /// Each segment of `recording`'s channels, as the detector cuts it.
    private static func segments(_ recording: SwipeSynthesizer.Recording) -> [SwipeSegment] {
        (0..<recording.channelCount).flatMap { channel in
            var detector = SwipeDetector(channel: channel, sampleRate: recording.sampleRate)
            let segments = recording.samples.withUnsafeBufferPointer {
                detector.process($0, offset: channel, stride: recording.channelCount)
            }
            return segments + detector.finish()
        }
    }

    @Test(
        "a quick look reads the same tracks at half the rate, the fastest track 1 at its own rate",
        arguments: [88_200.0, 96_000])
    func sameReadings(rate: Double) throws {
        var random = SeededRandom(seed: UInt64(rate))
        var recipes: [SwipeRecipe] = []
        for (speed, direction) in [(8.0, SwipeDirection.forward), (30, .reverse), (55, .forward)] {
            let card = TestCard.random(using: &random)
            recipes.append(.dualHead(card, profile: .constant(speed), direction: direction))
        }
        let recording = SwipeSynthesizer(sampleRate: rate, channelCount: 2, impairments: .typical)
            .render(recipes, seed: UInt64(rate) + 1)
        let segments = Self.segments(recording)
        #expect(segments.count == 2 * recipes.count)
        var halving = SegmentDecoder()
        var fullRate = SegmentDecoder()
        fullRate.quickLookHalvingRate = 0
        #expect(halving.quickLookHalvingRate < rate)
        for segment in segments {
            let half = halving.decode(segment, quick: true)
            let full = fullRate.decode(segment, quick: true)
            let read = try #require(half.track, "channel \(segment.channel) at \(segment.startSample)")
            #expect(read.readout.isClean)
            #expect(read.readout.characters.bytes == full.track?.readout.characters.bytes)
            #expect(read.direction == full.track?.direction)
            // The span of strong pulses, at the full rate: as near the swipe's own (its weakest
            // first and last pulses aside) as the full-rate look's, to a millisecond.
            func error(of outcome: SegmentDecoder.Outcome) throws -> Double {
                let span = try #require(outcome.pulseSpan)
                let start = (Double(segment.startSample) + span.lowerBound) / rate
                let end = (Double(segment.startSample) + span.upperBound) / rate
                let truth = try #require(recording.swipeTimes.first { $0.overlaps(start...end) })
                return max(abs(start - truth.lowerBound), abs(end - truth.upperBound))
            }
            #expect(try error(of: half) <= error(of: full) + 0.001)
        }
        halving.quickLookHalvingRate = rate  // not above it: the full rate only
        for segment in segments {
            #expect(halving.decode(segment, quick: true).pulseSpan == fullRate.decode(segment, quick: true).pulseSpan)
        }
    }
}
