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
    /// decaying into subnormal numbers, which x86 processors take about a hundred times
    /// slower: a silent stretch cost eight times a noisy one. Signals do not feel it: it is
    /// below half a unit in the last place of any step input over 2e-11 (a 16-bit sample's
    /// step, 3e-5, drives them far above that), so their outputs are bit for bit the same.
    static let subnormalGuard: Float = 1e-18
    private var x1: Float = 0, x2: Float = 0
    /// The last eight second differences and the last eight outputs, oldest first.
    private var pastInputs = SIMD8<Float>.zero
    private var pastOutputs = SIMD8<Float>.zero
    /// The scratch space of a pass of ``measureBlocks(_:blockSize:energies:peaks:)``: the
    /// second differences after the eight before them, then the outputs (a few kilobytes, too
    /// many for the stack).
    private var differences: [Float] = []

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
        var older = pastOutputs.lowHalf
        var newer = pastOutputs.highHalf
        let pastInputs = pastInputs
        let ahead = ahead
        let fourBack = fourBack, eightBack = eightBack
        // Scratch space on the stack (a block is a few hundred samples at most; no array to check
        // for sharing every block): the part's second differences after the eight before it, then
        // room for the last step's three past them, then the numerator's last four outputs.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: count + 16) { scratch in
            let history = scratch.baseAddress!
            UnsafeMutableRawPointer(history).storeBytes(of: pastInputs, as: SIMD8<Float>.self)
            let u = history + 8
            Self.writeDifferences(of: samples, after: x1, x2, gain: gain, to: u)
            (u + count).initialize(repeating: 0, count: 4)
            // The look-ahead numerator over them (no recursion either), four lanes at a time; for
            // the part's last few it is taken once, four lanes from the first of them, into `v`
            // (reading up to three differences past the part, whose values are not used).
            let v = u + count + 4
            let raw = UnsafeRawPointer(u)
            @inline(__always) func numerator(_ index: Int) -> SIMD4<Float> {
                Self.numerator(raw, index, ahead)
            }
            // Four outputs a step, each from the four and eight before it: lane by lane.
            var index = 0
            while index + 4 <= count {
                let y = (numerator(index) + Self.subnormalGuard) - eightBack * older - fourBack * newer
                older = newer
                newer = y
                outputs.take(index, y)
                index += 4
            }
            if index < count {
                UnsafeMutableRawPointer(v).storeBytes(of: numerator(index) + Self.subnormalGuard, as: SIMD4<Float>.self)
            }
            while index < count {
                // The same recursion (switching to the two-back one here and back would not be stable).
                let y = v[index & 3] - eightBack * older[0] - fourBack * newer[0]
                older = SIMD4(older[1], older[2], older[3], newer[0])
                newer = SIMD4(newer[1], newer[2], newer[3], y)
                outputs.take(index, y)
                index += 1
            }
            self.pastInputs = UnsafeRawPointer(history + count).loadUnaligned(as: SIMD8<Float>.self)
        }
        pastOutputs = SIMD8(lowHalf: older, highHalf: newer)
        x2 = count > 1 ? samples[count - 2] : x1
        x1 = samples[count - 1]
    }

    /// Measures whole blocks of `blockSize` samples (a multiple of four) in one pass, writing
    /// each block's energy and peak to `energies` and `peaks`: the same values, bit for bit, as
    /// ``measure(_:energy:peak:)`` block by block from zero, at a fraction of the cost on short
    /// blocks (a call's set-up is worth a 2 ms block at 22 kHz).
    mutating func measureBlocks(
        _ samples: UnsafeBufferPointer<Float>, blockSize: Int, energies: UnsafeMutablePointer<Float>,
        peaks: UnsafeMutablePointer<Float>
    ) {
        let count = samples.count
        precondition(blockSize > 0 && blockSize % 4 == 0 && count % blockSize == 0)
        guard count > 0 else { return }
        var older = pastOutputs.lowHalf
        var newer = pastOutputs.highHalf
        let pastInputs = pastInputs
        let ahead = ahead
        let fourBack = fourBack, eightBack = eightBack
        let gain = gain
        let x1 = x1, x2 = x2
        if differences.count < 2 * count + 12 { differences = [Float](repeating: 0, count: 2 * count + 12) }
        differences.withUnsafeMutableBufferPointer { differencesBuffer in
            let history = differencesBuffer.baseAddress!
            UnsafeMutableRawPointer(history).storeBytes(of: pastInputs, as: SIMD8<Float>.self)
            let u = history + 8
            // The outputs after the differences (and the three a numerator reads past them).
            let ys = history + 12 + count
            Self.writeDifferences(of: samples, after: x1, x2, gain: gain, to: u)
            let raw = UnsafeRawPointer(u)
            @inline(__always) func numerator(_ index: Int) -> SIMD4<Float> { Self.numerator(raw, index, ahead) }
            // The recursion alone in its loop, its outputs stored: with the blocks' sums in the same
            // loop (or in other arrangements of this one), the compiler splits the four lanes into
            // shuffles and spills, at twice the cost.
            let out = UnsafeMutableRawPointer(ys)
            var index = 0
            while index < count {
                let y = (numerator(index) + Self.subnormalGuard) - eightBack * older - fourBack * newer
                older = newer
                newer = y
                out.storeBytes(of: y, toByteOffset: index &* 4, as: SIMD4<Float>.self)
                index &+= 4
            }
            // Each block's sums, as a ``Measurement`` of the block takes them.
            let written = UnsafeRawPointer(ys)
            var block = 0
            index = 0
            while index < count {
                let end = index &+ blockSize
                var measurement = Measurement()
                while index < end {
                    measurement.take(index, written.loadUnaligned(fromByteOffset: index &* 4, as: SIMD4<Float>.self))
                    index &+= 4
                }
                energies[block] = measurement.energy
                peaks[block] = measurement.peak
                block &+= 1
            }
            self.pastInputs = UnsafeRawPointer(history + count).loadUnaligned(as: SIMD8<Float>.self)
        }
        pastOutputs = SIMD8(lowHalf: older, highHalf: newer)
        self.x2 = count > 1 ? samples[count - 2] : x1
        self.x1 = samples[count - 1]
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
