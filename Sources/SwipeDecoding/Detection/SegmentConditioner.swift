#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Prepares a swipe's raw samples for pulse reading: removes the DC offset and,
/// when present, mains hum (50 and 60 Hz and their second harmonics) with notches
/// rather than a high-pass, because a high-pass turns each slow, wide head pulse into a
/// doublet whose tail is as tall as the pulse.
public struct SegmentConditioner: Sendable {
    /// Quality of the hum notches: narrow enough to leave the pulses alone.
    public var notchQ = 3.0
    /// Mains frequencies and harmonics removed.
    public var humFrequencies: [Double] = [50, 60, 100, 120]

    /// Creates a conditioner.
    public init() {}

    /// Hum below this fraction of the swipe's peak is left alone (the notches cost
    /// more than the rest of the decoding).
    public var humThreshold: Float = 0.1

    /// The conditioned copy of `raw`.
    public func condition(_ raw: [Float], sampleRate: Double) -> [Float] {
        var samples = raw
        condition(&samples, sampleRate: sampleRate)
        return samples
    }

    /// Conditions `samples` in place.
    public func condition(_ samples: inout [Float], sampleRate: Double) {
        guard !samples.isEmpty else { return }
        samples.withUnsafeMutableBufferPointer { samples in
            let (sum, peak) = SampleReductions.sumAndPeak(samples.baseAddress!, count: samples.count)
            // The offset is constant over a swipe: subtracting the mean removes it without
            // the tail a high-pass would add.
            let offset = Float(sum / Double(samples.count))
            // A tenth of a second holds whole periods of both 50 and 60 Hz: neither leaks into the other.
            let window = min(samples.count, Int(sampleRate * 0.1))
            let (fifty, sixty) = Self.mainsAmplitudes(
                in: UnsafeBufferPointer(rebasing: samples[0..<window]), sampleRate: sampleRate, offset: offset)
            guard max(fifty, sixty) > peak * humThreshold else {
                for index in samples.indices { samples[index] -= offset }
                return
            }
            var notches = humFrequencies.filter { $0 < sampleRate / 4 }.map {
                Biquad(notch: $0, sampleRate: sampleRate, q: notchQ)
            }
            for index in samples.indices {
                var value = samples[index] - offset
                for notch in notches.indices { value = notches[notch].process(value) }
                samples[index] = value
            }
        }
    }

    /// Amplitudes of the 50 and 60 Hz components of `samples`: two Goertzel filters run in
    /// one pass, so each waits on the other's arithmetic less.
    /// `offset` is taken off first: a DC offset leaks into both bins wherever the window does not
    /// hold whole periods exactly, and would pass for hum.
    static func mainsAmplitudes(
        in samples: UnsafeBufferPointer<Float>, sampleRate: Double, offset: Float = 0
    ) -> (Float, Float) {
        guard samples.count > 16 else { return (0, 0) }
        let coefficientA = 2 * cos(2 * Double.pi * 50 / sampleRate)
        let coefficientB = 2 * cos(2 * Double.pi * 60 / sampleRate)
        var previousA = 0.0, beforePreviousA = 0.0
        var previousB = 0.0, beforePreviousB = 0.0
        for sample in samples {
            let value = Double(sample - offset)
            let currentA = value + coefficientA * previousA - beforePreviousA
            let currentB = value + coefficientB * previousB - beforePreviousB
            beforePreviousA = previousA
            previousA = currentA
            beforePreviousB = previousB
            previousB = currentB
        }
        func amplitude(_ previous: Double, _ beforePrevious: Double, _ coefficient: Double) -> Float {
            let power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
            return Float(2 * max(0, power).squareRoot() / Double(samples.count))
        }
        return (
            amplitude(previousA, beforePreviousA, coefficientA), amplitude(previousB, beforePreviousB, coefficientB)
        )
    }
}
