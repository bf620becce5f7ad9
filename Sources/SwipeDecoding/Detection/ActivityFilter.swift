#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The swipe detector's high-pass (second-order Butterworth, RBJ cookbook), made cheap:
/// it measures a block's activity (the outputs' energy and peak) or writes the outputs.
///
/// The input enters as its second difference (x[n] − 2x[n−1] + x[n−2], the high-pass's
/// numerator), which single precision takes exactly enough whatever offset or slow hum
/// the samples ride on; a plain single-precision biquad lets the poles' large gain at low
/// frequencies magnify the rounding of that offset (to 1e-3 at 96 kHz). The recursion is
/// then rewritten to look four samples back (the look-ahead form): the denominator is
/// multiplied by the polynomial that leaves only its terms four and eight apart, and the
/// numerator by the same. The numerator (seven taps over the differences) has no
/// recursion, so it runs four lanes at a time; the recursion takes each output from the
/// outputs four and eight before it, so four lanes advance together and the step waits on
/// one multiply-add per four samples. The extra poles the rewrite adds (at a quarter and
/// half the sample rate) are cancelled by the numerator's zeros to single precision.
/// Single-precision coefficients move the corner by about a thousandth (150.1 Hz for
/// 150), which activity detection does not feel.
struct ActivityFilter: Sendable {
    private let gain: Float
    /// The numerator that, with the four-apart denominator, gives the same filter: y[n] is the
    /// sum of `ahead[k]`·u[n−k] less `fourBack`·y[n−4] and `eightBack`·y[n−8].
    private let ahead: (Float, Float, Float, Float, Float, Float, Float)
    private let fourBack, eightBack: Float
    /// Added to every step's input so that silence (digital zeros, as clean recordings and
    /// muted inputs give) leaves the recursion at a tiny constant (under 1e-14) instead of
    /// decaying into subnormal numbers, which many processors take about a hundred times
    /// slower: a silent stretch cost eight times a noisy one. Signals do not feel it: it is
    /// below half a unit in the last place of any step input over 2e-11 (a 16-bit sample's
    /// step, 3e-5, drives them far above that), so their outputs are bit for bit the same.
    static let subnormalGuard: Float = 1e-18
    private var x1: Float = 0, x2: Float = 0
    /// The last eight second differences and the last eight outputs, oldest first.
    private var pastInputs = SIMD8<Float>.zero
    private var pastOutputs = SIMD8<Float>.zero
    /// The scratch space of a pass of ``measureBlocks(_:blockSize:energies:peaks:)`` (see
    /// ``run(_:scratch:)``): a few kilobytes, too many for the stack.
    private var scratch: [Float] = []

    /// Where the filter is in its stream: its last inputs and outputs (not its scratch space).
    struct State: Sendable {
        fileprivate var x1: Float, x2: Float
        fileprivate var pastInputs, pastOutputs: SIMD8<Float>
    }

    /// The filter's place in its stream, to go back to.
    var state: State {
        get { State(x1: x1, x2: x2, pastInputs: pastInputs, pastOutputs: pastOutputs) }
        set {
            x1 = newValue.x1
            x2 = newValue.x2
            pastInputs = newValue.pastInputs
            pastOutputs = newValue.pastOutputs
        }
    }

    /// A high-pass at `cutoff` Hz for a stream at `sampleRate` Hz.
    init(highPass cutoff: Double, sampleRate: Double) {
        let omega = 2 * Double.pi * min(cutoff, sampleRate * 0.45) / sampleRate
        let alpha = sin(omega) / (2 * 0.7071067811865476)
        let cosine = cos(omega)
        let a0 = 1 + alpha
        let feedback1 = -2 * cosine / a0
        let feedback2 = (1 - alpha) / a0
        gain = Float((1 + cosine) / 2 / a0)
        // The poles r·e^(±iθ); 1 − 2r⁴cos(4θ)·z⁻⁴ + r⁸·z⁻⁸ is the denominator times a
        // numerator of degree six, found by dividing.
        let radius = feedback2.squareRoot()
        let angle = acos(max(-1, min(1, -feedback1 / (2 * radius))))
        let q4 = -2 * pow(radius, 4) * cos(4 * angle)
        let q8 = pow(radius, 8)
        var p = [Double](repeating: 0, count: 7)
        for k in 0..<7 {
            let wanted = k == 0 ? 1 : (k == 4 ? q4 : 0)
            p[k] = wanted - (k >= 1 ? feedback1 * p[k - 1] : 0) - (k >= 2 ? feedback2 * p[k - 2] : 0)
        }
        ahead = (Float(p[0]), Float(p[1]), Float(p[2]), Float(p[3]), Float(p[4]), Float(p[5]), Float(p[6]))
        fourBack = Float(q4)
        eightBack = Float(q8)
    }

    /// Filters `samples`, adding the outputs' squares to `energy` and raising `peak` to
    /// their largest magnitude.
    mutating func measure(_ samples: UnsafeBufferPointer<Float>, energy: inout Float, peak: inout Float) {
        let count = samples.count
        guard count > 0 else { return }
        // Scratch space on the stack: a block is a few hundred samples at most.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * count + 24) { scratch in
            let outputs = run(samples, scratch: scratch.baseAddress!)
            var measurement = Measurement()
            measurement.take(outputs, count: count)
            energy += measurement.energy
            peak = max(peak, measurement.peak)
        }
    }

    /// Filters `samples` into `output` (as many values), continuing from the samples before.
    mutating func filter(_ samples: UnsafeBufferPointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let count = samples.count
        guard count > 0 else { return }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * count + 24) { scratch in
            output.update(from: run(samples, scratch: scratch.baseAddress!), count: count)
        }
    }

    /// Measures whole blocks of `blockSize` samples (a multiple of four) in one pass, writing
    /// each block's energy and peak to `energies` and `peaks`: the same values, bit for bit, as
    /// ``measure(_:energy:peak:)`` block by block, at a fraction of the cost on short blocks (a
    /// call's set-up is worth a 2 ms block at 22 kHz).
    mutating func measureBlocks(
        _ samples: UnsafeBufferPointer<Float>, blockSize: Int, energies: UnsafeMutablePointer<Float>,
        peaks: UnsafeMutablePointer<Float>
    ) {
        let count = samples.count
        precondition(blockSize > 0 && blockSize % 4 == 0 && count % blockSize == 0)
        guard count > 0 else { return }
        // A pass's scratch space is a few kilobytes: kept from pass to pass, off the stack.
        if scratch.count < 2 * count + 24 { scratch = [Float](repeating: 0, count: 2 * count + 24) }
        var scratch = self.scratch
        self.scratch = []
        defer { self.scratch = scratch }
        scratch.withUnsafeMutableBufferPointer { scratch in
            let outputs = run(samples, scratch: scratch.baseAddress!)
            for block in 0..<(count / blockSize) {
                var measurement = Measurement()
                measurement.take(outputs + block * blockSize, count: blockSize)
                energies[block] = measurement.energy
                peaks[block] = measurement.peak
            }
        }
    }

    /// Sums the outputs' squares and keeps their largest magnitude.
    private struct Measurement {
        var squares = SIMD4<Float>.zero
        var largest = SIMD4<Float>.zero
        var tailEnergy: Float = 0
        var tailPeak: Float = 0

        /// Takes `count` outputs: four at a time, lane by lane, then the last few one by one.
        mutating func take(_ outputs: UnsafePointer<Float>, count: Int) {
            let raw = UnsafeRawPointer(outputs)
            var index = 0
            while index + 4 <= count {
                let four = raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD4<Float>.self)
                let square = four * four
                squares += square
                largest.replace(with: square, where: square .> largest)
                index += 4
            }
            while index < count {
                tailEnergy += outputs[index] * outputs[index]
                tailPeak = max(tailPeak, abs(outputs[index]))
                index += 1
            }
        }

        var energy: Float { (squares[0] + squares[1]) + (squares[2] + squares[3]) + tailEnergy }
        var peak: Float { max(max(max(largest[0], largest[1]), max(largest[2], largest[3])).squareRoot(), tailPeak) }
    }

    /// Runs the filter over `samples`, continuing from the samples before; returns where its
    /// outputs are, in `scratch` (room for twice the samples and 24 more).
    ///
    /// The scratch space holds the eight second differences before the samples' own (then
    /// four more, zero, that the last step's numerator reads past them), and the eight
    /// outputs before the samples' own. Four outputs a step, each lane from the outputs four
    /// and eight before it; a last step past the samples' end computes lanes that are never
    /// used, and the state kept for the next call is read back from the eight last real ones.
    @inline(__always)
    private mutating func run(_ samples: UnsafeBufferPointer<Float>, scratch: UnsafeMutablePointer<Float>)
        -> UnsafePointer<Float>
    {
        let count = samples.count
        UnsafeMutableRawPointer(scratch).storeBytes(of: pastInputs, as: SIMD8<Float>.self)
        let u = scratch + 8
        Self.writeDifferences(of: samples, after: x1, x2, gain: gain, to: u)
        (u + count).initialize(repeating: 0, count: 4)
        let history = u + count + 4
        UnsafeMutableRawPointer(history).storeBytes(of: pastOutputs, as: SIMD8<Float>.self)
        let y = UnsafeMutableRawPointer(history + 8)
        let inputs = UnsafeRawPointer(u)
        let ahead = ahead
        let fourBack = fourBack, eightBack = eightBack
        var older = pastOutputs.lowHalf
        var newer = pastOutputs.highHalf
        var index = 0
        while index < count {
            let next =
                (Self.numerator(inputs, index, ahead) + Self.subnormalGuard) - eightBack * older - fourBack * newer
            older = newer
            newer = next
            y.storeBytes(of: next, toByteOffset: index * 4, as: SIMD4<Float>.self)
            index += 4
        }
        pastInputs = UnsafeRawPointer(scratch + count).loadUnaligned(as: SIMD8<Float>.self)
        pastOutputs = UnsafeRawPointer(history + count).loadUnaligned(as: SIMD8<Float>.self)
        x2 = count > 1 ? samples[count - 2] : x1
        x1 = samples[count - 1]
        return UnsafePointer(history + 8)
    }

    /// Writes the second differences of `samples` (the two samples before them `x1`, then
    /// `x2`), scaled by the numerator's gain, to `u`: no recursion, so they vectorize.
    @inline(__always)
    private static func writeDifferences(
        of samples: UnsafeBufferPointer<Float>, after x1: Float, _ x2: Float, gain: Float,
        to u: UnsafeMutablePointer<Float>
    ) {
        let count = samples.count
        u[0] = gain * ((samples[0] - x1) - (x1 - x2))
        if count > 1 { u[1] = gain * ((samples[1] - samples[0]) - (samples[0] - x1)) }
        var index = 2
        while index < count {
            u[index] = gain * ((samples[index] - samples[index - 1]) - (samples[index - 1] - samples[index - 2]))
            index += 1
        }
    }

    /// The look-ahead numerator for the four outputs from `index` on, over the scaled second
    /// differences at `inputs` (the six before `index` included).
    @inline(__always)
    private static func numerator(
        _ inputs: UnsafeRawPointer, _ index: Int, _ ahead: (Float, Float, Float, Float, Float, Float, Float)
    ) -> SIMD4<Float> {
        @inline(__always) func four(_ first: Int) -> SIMD4<Float> {
            inputs.loadUnaligned(fromByteOffset: first &* 4, as: SIMD4<Float>.self)
        }
        return
            ((ahead.0 * four(index) + ahead.1 * four(index &- 1))
            + (ahead.2 * four(index &- 2) + ahead.3 * four(index &- 3)))
            + ((ahead.4 * four(index &- 4) + ahead.5 * four(index &- 5)) + ahead.6 * four(index &- 6))
    }
}
