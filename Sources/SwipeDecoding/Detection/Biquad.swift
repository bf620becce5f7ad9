#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A second-order IIR section (RBJ cookbook): the high-pass that finds swipes and
/// the notches that take mains hum out of a swipe before its pulses are read.
public struct Biquad: Sendable {
    // Double precision: at low cutoffs and high rates the poles sit so close to the unit
    // circle that Float coefficients move the corner by an order of magnitude.
    private let b0, b1, b2, a1, a2: Double
    private var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0

    /// Creates a filter with `cutoff` Hz at `sampleRate` Hz and quality factor `q`
    /// (0.7071 alone is a Butterworth; 0.5412 then 1.3066 cascade into a fourth-order one).
    public init(highPass cutoff: Double, sampleRate: Double, q: Double = 0.7071067811865476) {
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

    /// A notch (band-stop) at `frequency` Hz of quality `q`: removes mains hum while
    /// leaving the broadband head pulses, and their shape, nearly untouched.
    public init(notch frequency: Double, sampleRate: Double, q: Double) {
        let omega = 2 * Double.pi * frequency / sampleRate
        let alpha = sin(omega) / (2 * q)
        let cosine = cos(omega)
        let a0 = 1 + alpha
        b0 = 1 / a0
        b1 = -2 * cosine / a0
        b2 = 1 / a0
        a1 = -2 * cosine / a0
        a2 = (1 - alpha) / a0
    }

    /// Filters one sample.
    @inline(__always)
    public mutating func process(_ sample: Float) -> Float {
        let x = Double(sample)
        // The last output enters last: the next sample waits on one multiply and one add.
        let y = (b0 * x + b1 * x1 + b2 * x2 - a2 * y2) - a1 * y1
        x2 = x1
        x1 = x
        y2 = y1
        y1 = y
        return Float(y)
    }

    /// Filters `input` into `output` (as long), two samples at a time: the second of a pair is
    /// written in terms of the two outputs before the pair (the first substituted into it), so
    /// each pair waits on one multiply-add chain where one sample at a time waits on two.
    public mutating func process(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>) {
        let a1a1a2 = a1 * a1 - a2
        let a1a2 = a1 * a2
        var index = 0
        while index + 1 < input.count {
            let x0 = Double(input[index])
            let x1n = Double(input[index + 1])
            let forward0 = b0 * x0 + b1 * x1 + b2 * x2
            let forward1 = b0 * x1n + b1 * x0 + b2 * x1
            let first = forward0 - a2 * y2 - a1 * y1
            let second = (forward1 - a1 * forward0 + a1a2 * y2) + a1a1a2 * y1
            output[index] = Float(first)
            output[index + 1] = Float(second)
            x2 = x0
            x1 = x1n
            y2 = first
            y1 = second
            index += 2
        }
        if index < input.count { output[index] = process(input[index]) }
    }
}
