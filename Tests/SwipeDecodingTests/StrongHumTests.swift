import SwipeCards
import SwipeDecoding
import SwipeSynthesis
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Mains hum as strong as the swipe or stronger, with harmonics and a drifting grid:
/// the canceller, the check that engages it, and swipes read through it.
@Suite("Strong mains hum")
struct StrongHumTests {
    /// Hum with odd harmonics to the 9th, at `hertz` drifting by `drift`, plus a little noise.
    static func hum(hertz: Double, drift: Double = 0, seconds: Double, rate: Double) -> [Float] {
        var random = SeededRandom(seed: 9)
        let amplitudes = [1, 0.1, 0.6, 0.05, 0.45, 0.04, 0.3, 0.03, 0.2]
        var phase = 0.0
        return (0..<Int(seconds * rate)).map { index in
            let time = Double(index) / rate
            phase += 2 * Double.pi * (hertz + drift * sin(2 * Double.pi * time / 30)) / rate
            var value = 0.0
            for (order, amplitude) in amplitudes.enumerated() { value += amplitude * sin(Double(order + 1) * phase) }
            return Float(0.1 * value + 0.001 * random.gaussian())
        }
    }

    @Test(
        "the canceller takes out nine tenths of hum with harmonics to the 9th, drifting 0.4 Hz",
        arguments: [50.0, 60.0])
    func cancels(hertz: Double) {
        let rate = 48_000.0
        let signal = Self.hum(hertz: hertz, drift: 0.4, seconds: 6, rate: rate)
        var canceller = HumCanceller(mainsFrequency: hertz, sampleRate: rate)
        canceller.learn(Array(signal[0..<Int(0.25 * rate)]))
        var rest = Array(signal[Int(0.25 * rate)...])
        rest.withUnsafeMutableBufferPointer { canceller.process($0) }
        let settled = rest[Int(1 * rate)...]
        let left = settled.reduce(Float(0)) { max($0, abs($1)) }
        let before = signal.reduce(Float(0)) { max($0, abs($1)) }
        #expect(left < before / 10, "peak left \(left) of \(before)")
    }

    @Test(
        "the clock stays on a drifting grid through a long swipe: pulses louder than the hum do not throw it",
        arguments: [50.0, 60.0])
    func locksThroughSwipe(hertz: Double) {
        let rate = 44_100.0
        var signal = Self.hum(hertz: hertz, drift: 0.4, seconds: 6, rate: rate)
        let hum = signal.reduce(Float(0)) { max($0, abs($1)) }
        // 1.5 s of alternating pulses, twice the hum's peak, every 0.7 ms (a fast swipe's flux
        // changes): the template must not learn from them, the clock keeps following the grid.
        let swipe = Int(2 * rate)..<Int(3.5 * rate)
        for index in Swift.stride(from: swipe.lowerBound, to: swipe.upperBound, by: 31) {
            let sign: Float = (index / 31) % 2 == 0 ? 1 : -1
            for offset in 0..<6 { signal[index + offset] += sign * 2 * hum * Float(6 - offset) / 6 }
        }
        var canceller = HumCanceller(mainsFrequency: hertz, sampleRate: rate)
        canceller.learn(Array(signal[0..<Int(0.25 * rate)]))
        for part in [Int(0.25 * rate)..<swipe.lowerBound, swipe, swipe.upperBound..<signal.count] {
            signal[part].withUnsafeMutableBufferPointer { canceller.process($0, learning: part != swipe) }
        }
        // Right after the swipe, before the template could learn the hum again.
        let after = signal[swipe.upperBound..<(swipe.upperBound + Int(0.2 * rate))]
        let left = after.reduce(Float(0)) { max($0, abs($1)) }
        #expect(left < hum / 10, "peak left after the swipe \(left) of \(hum)")
        #expect(abs(canceller.frequency - hertz) < 0.5)
    }

    @Test("the check finds hum that dominates the detection band, and not plain noise or weak hum")
    func check() {
        let rate = 44_100.0
        let strong = Self.hum(hertz: 60, seconds: 0.25, rate: rate)
        #expect(MainsHumCheck.dominantMains(in: strong, sampleRate: rate, highPassCutoff: 150) == 60)
        var random = SeededRandom(seed: 3)
        let noise = (0..<Int(0.25 * rate)).map { _ in Float(0.01 * random.gaussian()) }
        #expect(MainsHumCheck.dominantMains(in: noise, sampleRate: rate, highPassCutoff: 150) == nil)
        let weak = (0..<noise.count).map { noise[$0] + Float(0.02 * sin(2 * Double.pi * 50 * Double($0) / rate)) }
        #expect(MainsHumCheck.dominantMains(in: weak, sampleRate: rate, highPassCutoff: 150) == nil)
        // Hum alone, a whole number of samples a period (960 at 48 kHz): it repeats to the last bit or
        // nearly, and the differences' squares would be subnormal numbers; it is still hum.
        let periodic = (0..<Int(0.25 * 48_000)).map { Float(0.05 * sin(2 * Double.pi * Double($0 % 960) / 960)) }
        #expect(MainsHumCheck.dominantMains(in: periodic, sampleRate: 48_000, highPassCutoff: 150) == 50)
        // Digital silence repeats perfectly, but it is not hum: zeros, and a constant offset.
        for level: Float in [0, 0.2] {
            let silence = [Float](repeating: level, count: noise.count)
            #expect(MainsHumCheck.dominantMains(in: silence, sampleRate: rate, highPassCutoff: 150) == nil)
        }
    }

    @Test(
        "swipes under hum as loud as them or louder, harmonics to the 9th or 15th, steady or drifting, are read; no number is made up",
        arguments: [
            "track1 44 kHz 50 Hz at peak, to 9th", "track2 48 kHz 60 Hz 2x peak, to 9th",
            "dual 48 kHz 50 Hz drifting 0.4 Hz", "track2 44 kHz 60 Hz to 15th, drifting",
        ])
    func reads(conditionName: String) {
        let condition = Corpus.humConditions().first { $0.name == conditionName }!
        let (recording, cards) = condition.render(count: 10, seed: 17)
        var decoder = SwipeStreamDecoder(
            format: PCMFormat(sampleRate: recording.sampleRate, channelCount: recording.channelCount),
            today: YearMonth(year: 2026, month: 11)!)
        let accepted = decoder.decodeAll(recording.samples).filter(\.card.accepted)
        let numbers = accepted.compactMap { $0.card.fields?.number.digits.unsafeRevealedString() }
        #expect(numbers.allSatisfy { number in cards.contains { $0.number == number } })
        #expect(Set(numbers).count >= 8, "read \(Set(numbers).count) of 10")
    }
}
