#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The swipe detector's high-pass (second-order Butterworth, RBJ cookbook), made to
/// measure a block's activity cheaply: it gives the outputs' energy and peak, not the outputs.
///
/// The input enters as its second difference (x[n] − 2x[n−1] + x[n−2], the high-pass's
/// numerator), which single precision takes exactly enough whatever offset or slow hum
/// the samples ride on; a plain single-precision biquad lets the poles' large gain at low
/// frequencies magnify the rounding of that offset (to 1e-3 at 96 kHz). The recursion
/// then runs four outputs per step, each a sum over the step's four differences and the
/// two outputs before it (the block state-space form): the step waits on one
/// multiply-add per four samples instead of one per sample, four lanes at a time.
/// Single-precision coefficients move the corner by about a thousandth (150.1 Hz for
/// 150), which activity detection does not feel.
struct ActivityFilter: Sendable {
    private let gain: Float
    private let a1, a2: Float
    /// What each of a step's four second differences, and each of the two outputs before
    /// the step, adds to its four outputs.
    private let input0, input1, input2, input3, earlier1, earlier2: SIMD4<Float>
    private var x1: Float = 0, x2: Float = 0
    private var y1: Float = 0, y2: Float = 0
    /// Second differences of the part being measured (a block is at most a few hundred samples).
    private var differences: [Float] = []

    /// A high-pass at `cutoff` Hz for a stream at `sampleRate` Hz.
    init(highPass cutoff: Double, sampleRate: Double) {
        let omega = 2 * Double.pi * min(cutoff, sampleRate * 0.45) / sampleRate
        let alpha = sin(omega) / (2 * 0.7071067811865476)
        let cosine = cos(omega)
        let a0 = 1 + alpha
        let feedback1 = -2 * cosine / a0
        let feedback2 = (1 - alpha) / a0
        gain = Float((1 + cosine) / 2 / a0)
        a1 = Float(feedback1)
        a2 = Float(feedback2)
        /// The four outputs of y = u − a1·y1 − a2·y2 for the inputs `u` and the outputs before them.
        func outputs(_ u: [Double], earlier: (Double, Double)) -> SIMD4<Float> {
            var (y1, y2) = earlier
            var result = SIMD4<Float>.zero
            for k in 0..<4 {
                let y = u[k] - feedback1 * y1 - feedback2 * y2
                (y2, y1) = (y1, y)
                result[k] = Float(y)
            }
            return result
        }
        input0 = outputs([1, 0, 0, 0], earlier: (0, 0))
        input1 = outputs([0, 1, 0, 0], earlier: (0, 0))
        input2 = outputs([0, 0, 1, 0], earlier: (0, 0))
        input3 = outputs([0, 0, 0, 1], earlier: (0, 0))
        earlier1 = outputs([0, 0, 0, 0], earlier: (1, 0))
        earlier2 = outputs([0, 0, 0, 0], earlier: (0, 1))
    }

    /// Filters `samples`, adding the outputs' squares to `energy` and raising `peak` to
    /// their largest magnitude.
    mutating func measure(_ samples: UnsafeBufferPointer<Float>, energy: inout Float, peak: inout Float) {
        var measurement = Measurement()
        run(samples, into: &measurement)
        energy += measurement.energy
        peak = max(peak, measurement.peak)
    }

    /// Filters `samples` into `output` (as many values), continuing from the samples before.
    mutating func filter(_ samples: UnsafeBufferPointer<Float>, into output: UnsafeMutablePointer<Float>) {
        var store = Store(output: output)
        run(samples, into: &store)
    }

    /// What takes the filter's outputs: four at a time, then the last few one by one.
    private protocol Outputs {
        /// The four outputs from `index` on.
        mutating func take(_ index: Int, _ outputs: SIMD4<Float>)
        /// The output at `index`.
        mutating func take(_ index: Int, _ output: Float)
    }

    /// Sums the outputs' squares and keeps their largest magnitude.
    private struct Measurement: Outputs {
        var squares = SIMD4<Float>.zero
        var largest = SIMD4<Float>.zero
        var tailEnergy: Float = 0
        var tailPeak: Float = 0

        @inline(__always) mutating func take(_ index: Int, _ outputs: SIMD4<Float>) {
            let square = outputs * outputs
            squares += square
            largest.replace(with: square, where: square .> largest)
        }

        @inline(__always) mutating func take(_ index: Int, _ output: Float) {
            tailEnergy += output * output
            tailPeak = max(tailPeak, abs(output))
        }

        var energy: Float { (squares[0] + squares[1]) + (squares[2] + squares[3]) + tailEnergy }
        var peak: Float { max(max(max(largest[0], largest[1]), max(largest[2], largest[3])).squareRoot(), tailPeak) }
    }

    /// Writes the outputs out.
    private struct Store: Outputs {
        let output: UnsafeMutablePointer<Float>

        @inline(__always) mutating func take(_ index: Int, _ outputs: SIMD4<Float>) {
            UnsafeMutableRawPointer(output + index).storeBytes(of: outputs, as: SIMD4<Float>.self)
        }

        @inline(__always) mutating func take(_ index: Int, _ output: Float) { self.output[index] = output }
    }

    /// Runs the filter over `samples`, its outputs into `outputs`.
    @inline(__always)
    private mutating func run<Sink: Outputs>(_ samples: UnsafeBufferPointer<Float>, into outputs: inout Sink) {
        let count = samples.count
        guard count > 0 else { return }
        if differences.count < count + 4 { differences = [Float](repeating: 0, count: count + 4) }
        var y1 = y1, y2 = y2
        differences.withUnsafeMutableBufferPointer { buffer in
            let u = buffer.baseAddress!
            // The second differences, scaled by the numerator's gain: no recursion, so they vectorize.
            u[0] = gain * ((samples[0] - x1) - (x1 - x2))
            if count > 1 { u[1] = gain * ((samples[1] - samples[0]) - (samples[0] - x1)) }
            var index = 2
            while index < count {
                u[index] = gain * ((samples[index] - samples[index - 1]) - (samples[index - 1] - samples[index - 2]))
                index += 1
            }
            index = 0
            while index + 4 <= count {
                let step = UnsafeRawPointer(u + index).loadUnaligned(as: SIMD4<Float>.self)
                // The inputs' part first: it does not wait on the outputs before.
                let driven = (input0 * step[0] + input1 * step[1]) + (input2 * step[2] + input3 * step[3])
                let y = driven + (earlier1 * y1 + earlier2 * y2)
                y2 = y[2]
                y1 = y[3]
                outputs.take(index, y)
                index += 4
            }
            while index < count {
                let y = u[index] - a1 * y1 - a2 * y2
                (y2, y1) = (y1, y)
                outputs.take(index, y)
                index += 1
            }
        }
        self.y1 = y1
        self.y2 = y2
        x2 = count > 1 ? samples[count - 2] : x1
        x1 = samples[count - 1]
    }
}
