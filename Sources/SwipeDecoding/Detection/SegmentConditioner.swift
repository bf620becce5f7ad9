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
        guard !raw.isEmpty else { return raw }
        var mean = 0.0
        var peak: Float = 0
        for sample in raw {
            mean += Double(sample)
            peak = max(peak, abs(sample))
        }
        mean /= Double(raw.count)
        let humPresent = [50.0, 60.0].contains { frequency in
            raw.withUnsafeBufferPointer { buffer in
                Self.amplitude(
                    of: frequency,
                    in: UnsafeBufferPointer(rebasing: buffer[0..<min(buffer.count, Int(sampleRate * 0.25))]),
                    sampleRate: sampleRate) > peak * humThreshold
            }
        }
        var notches =
            humPresent
            ? humFrequencies.filter { $0 < sampleRate / 4 }.map {
                Biquad(notch: $0, sampleRate: sampleRate, q: notchQ)
            } : []
        // The offset is constant over a swipe: subtracting the mean removes it without
        // the tail a high-pass would add.
        var output = [Float](repeating: 0, count: raw.count)
        let offset = Float(mean)
        if notches.isEmpty {
            for index in raw.indices { output[index] = raw[index] - offset }
            return output
        }
        for index in raw.indices {
            var value = raw[index] - offset
            for notch in notches.indices { value = notches[notch].process(value) }
            output[index] = value
        }
        return output
    }

    /// Amplitude of the `frequency` component of `samples` (Goertzel).
    static func amplitude(of frequency: Double, in samples: UnsafeBufferPointer<Float>, sampleRate: Double) -> Float {
        guard samples.count > 16 else { return 0 }
        let coefficient = 2 * cos(2 * Double.pi * frequency / sampleRate)
        var previous = 0.0
        var beforePrevious = 0.0
        for sample in samples {
            let current = Double(sample) + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        let power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
        return Float(2 * power.squareRoot() / Double(samples.count))
    }
}
