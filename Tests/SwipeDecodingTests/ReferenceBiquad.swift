#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A second-order IIR section (RBJ cookbook), sample by sample in double precision: the
/// reference the detector's ``ActivityFilter`` (the same high-pass, made fast) is checked against.
struct Biquad: Sendable {
    // Double precision: at low cutoffs and high rates the poles sit so close to the unit
    // circle that Float coefficients move the corner by an order of magnitude.
    private let b0, b1, b2, a1, a2: Double
    private var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0

    /// Creates a filter with `cutoff` Hz at `sampleRate` Hz and quality factor `q`
    /// (0.7071 alone is a Butterworth; 0.5412 then 1.3066 cascade into a fourth-order one).
    init(highPass cutoff: Double, sampleRate: Double, q: Double = 0.7071067811865476) {
        let omega = 2 * Double.pi * min(cutoff, sampleRate * 0.45) / sampleRate
        let alpha = sin(omega) / (2 * q)
        let cosine = cos(omega)
        let a0 = 1 + alpha
        b0 = ((1 + cosine) / 2 / a0)
        b1 = (-(1 + cosine) / a0)
        b2 = ((1 + cosine) / 2 / a0)
        a1 = (-2 * cosine / a0)
        a2 = ((1 - alpha) / a0)
    }

    /// Filters one sample.
    @inline(__always)
    mutating func process(_ sample: Float) -> Float {
        let x = Double(sample)
        // The last output enters last: the next sample waits on one multiply and one add.
        let y = (b0 * x + b1 * x1 + b2 * x2 - a2 * y2) - a1 * y1
        x2 = x1
        x1 = x
        y2 = y1
        y1 = y
        return Float(y)
    }
}
