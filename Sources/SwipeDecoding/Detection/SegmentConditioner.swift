/// Prepares a swipe's raw samples for pulse reading: removes the DC offset by
/// subtracting the mean, and nothing else. No high-pass: it turns each slow, wide
/// head pulse into a doublet whose tail is as tall as the pulse. No mains notches
/// either: strong hum is cancelled upstream, all harmonics at once (``HumCanceller``),
/// and notches at 50-120 Hz cut into the slowest swipes' own pulses, clipped ones most.
public struct SegmentConditioner: Sendable {
    /// Creates a conditioner.
    public init() {}

    /// Conditions `samples` in place.
    public func condition(_ samples: inout [Float]) {
        guard !samples.isEmpty else { return }
        samples.withUnsafeMutableBufferPointer { samples in
            let offset = Self.offset(of: UnsafeBufferPointer(samples))
            for index in samples.indices { samples[index] -= offset }
        }
    }

    /// `samples` conditioned into a new array: the values ``condition(_:)`` leaves in a copy,
    /// with the samples read once to sum and once to write (no copy made first).
    public func conditioned(_ samples: UnsafeBufferPointer<Float>) -> [Float] {
        guard !samples.isEmpty else { return [] }
        let offset = Self.offset(of: samples)
        return [Float](unsafeUninitializedCapacity: samples.count) { conditioned, initialized in
            for index in samples.indices { conditioned[index] = samples[index] - offset }
            initialized = samples.count
        }
    }

    /// The offset to take away: the mean. It is constant over a swipe, so subtracting it removes
    /// it without the tail a high-pass would add.
    private static func offset(of samples: UnsafeBufferPointer<Float>) -> Float {
        Float(SampleReductions.sum(samples.baseAddress!, count: samples.count) / Double(samples.count))
    }
}
