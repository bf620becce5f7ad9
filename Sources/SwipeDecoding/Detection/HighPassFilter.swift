#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A second-order Butterworth high-pass filter (RBJ biquad) that removes DC
/// offset and mains hum before pulses are looked for.
public struct HighPassFilter: Sendable {
    private let b0, b1, b2, a1, a2: Float
    private var x1: Float = 0, x2: Float = 0, y1: Float = 0, y2: Float = 0

    /// Creates a filter with `cutoff` Hz at `sampleRate` Hz.
    public init(cutoff: Double, sampleRate: Double) {
        let omega = 2 * Double.pi * min(cutoff, sampleRate * 0.45) / sampleRate
        let alpha = sin(omega) / (2 * 0.7071067811865476)
        let cosine = cos(omega)
        let a0 = 1 + alpha
        b0 = Float((1 + cosine) / 2 / a0)
        b1 = Float(-(1 + cosine) / a0)
        b2 = Float((1 + cosine) / 2 / a0)
        a1 = Float(-2 * cosine / a0)
        a2 = Float((1 - alpha) / a0)
    }

    /// Filters one sample.
    @inline(__always)
    public mutating func process(_ x: Float) -> Float {
        let y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
        x2 = x1
        x1 = x
        y2 = y1
        y1 = y
        return y
    }
}
