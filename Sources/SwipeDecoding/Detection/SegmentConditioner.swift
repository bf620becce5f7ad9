/// Prepares a swipe's raw samples for pulse reading: removes the DC offset by
/// subtracting the mean, and nothing else. No high-pass: it turns each slow, wide
/// head pulse into a doublet whose tail is as tall as the pulse. No mains notches
/// either: strong hum is cancelled upstream, all harmonics at once (``HumCanceller``),
/// and notches at 50-120 Hz cut into the slowest swipes' own pulses (the benchmark's
/// clipped condition read 214 of 240 swipes with them, 238 without).
public struct SegmentConditioner: Sendable {
    /// Creates a conditioner.
    public init() {}

    /// Conditions `samples` in place.
    public func condition(_ samples: inout [Float]) {
        guard !samples.isEmpty else { return }
        samples.withUnsafeMutableBufferPointer { samples in
            let sum = SampleReductions.sum(samples.baseAddress!, count: samples.count)
            // The offset is constant over a swipe: subtracting the mean removes it without
            // the tail a high-pass would add.
            let offset = Float(sum / Double(samples.count))
            for index in samples.indices { samples[index] -= offset }
        }
    }
}
