import Foundation
import SwipeSynthesis
import Testing

@testable import SwipeDecoding

/// The decoder's fast paths give what the plain loops they replaced give.
@Suite("Decoder fast paths")
struct FastPathTests {
    @Test("the median network agrees with sorting, ties and all")
    func medianOfNine() {
        var random = SeededRandom(seed: 9)
        for round in 0..<2_000 {
            // Every fourth round draws from few values, so ties are common.
            let values = (0..<9).map { _ in
                round % 4 == 0 ? Float(random.next() % 3) : Float.random(in: -1...1, using: &random)
            }
            let median = values.withUnsafeBufferPointer { PulseDetector.medianOfNine($0) }
            #expect(median == values.sorted()[4])
        }
    }

    @Test("peaks and sums eight at a time agree with the plain loop at every length")
    func reductions() {
        var random = SeededRandom(seed: 3)
        for count in 0..<70 {
            let samples = (0..<count).map { _ in Float.random(in: -1...1, using: &random) }
            let plainPeak = samples.reduce(Float(0)) { max($0, abs($1)) }
            let plainSum = samples.reduce(0.0) { $0 + Double($1) }
            samples.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!
                #expect(SampleReductions.peakMagnitude(base, count: count) == plainPeak)
                #expect(abs(SampleReductions.sum(base, count: count) - plainSum) < 1e-9)
            }
        }
    }

    @Test("a clipped pulse is found at the middle of its plateau")
    func clippedPlateau() {
        // A sine of period 100 at twice full scale, clipped: flat tops centred on 25, 125, ...
        let samples = (0..<1_000).map { index in max(-1, min(1, 2 * Float(sin(2 * Double.pi * Double(index) / 100)))) }
        let pulses = samples.withUnsafeBufferPointer {
            PulseDetector().pulses(in: $0, sampleRate: 44_100, noiseLevel: 0.01)
        }
        #expect(pulses.count >= 18)
        for pulse in pulses {
            let centre = pulse.amplitude > 0 ? 25.0 : 75.0
            let offset = (pulse.position - centre).truncatingRemainder(dividingBy: 100)
            #expect(abs(offset) <= 0.5, "pulse at \(pulse.position)")
        }
    }
}
