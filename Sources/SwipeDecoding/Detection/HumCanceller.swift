#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Takes mains hum out of a stream, fundamental and every harmonic at once, by
/// subtracting a learned copy of one mains period.
///
/// Hum is periodic and a swipe is not: averaged over many mains periods, the
/// signal at each point of the period is the hum alone. The canceller keeps that
/// average (a template of one period) and subtracts it sample by sample, so
/// harmonics to the 15th and beyond go with the fundamental, where notches would
/// need one filter each and would cut into the pulses. Only the background teaches
/// the template (the caller says when a swipe is on), and what a sample teaches is
/// capped at a few times the usual residual. The template learns once a period, from
/// the period's residuals summed per point: within a period it stays still, so
/// subtracting it waits on nothing but the clock.
///
/// The grid's frequency drifts (a fraction of a hertz, and a cancellation to a tenth of
/// a percent needs the clock within a thousandth of a period). A phase-locked loop keeps
/// the template's clock on the hum: once a period, the residual is fitted to the
/// template's slope (a clock behind the hum leaves a residual shaped like the slope), and
/// the fit corrects the clock's phase and speed. The fit is made on the capped residual,
/// so a swipe's pulses barely move it, and it runs through swipes too: a clock that
/// coasted through a long swipe on a drifting grid would come out of it lost. The clock
/// starts at the frequency, within a hertz of the nominal one, that best explains the
/// background first learned from (``learn(_:)``).
public struct HumCanceller: Sendable {
    /// Points in the template of one period (a power of two): 17 per cycle of the 15th harmonic.
    static let bins = 256
    private static let binMask = bins - 1

    /// The mains frequency tracked now, in Hz.
    public private(set) var frequency: Double
    /// The nominal mains frequency (50 or 60 Hz).
    public let nominalFrequency: Double
    private let sampleRate: Double
    /// The template follows the hum over about this many periods.
    private let memoryPeriods = 8.0
    private var template = [Float](repeating: 0, count: bins)
    /// Each template point's slope to the next (the last wraps to the first): kept with the
    /// template, it changes only when the template does.
    private var slopes = [Float](repeating: 0, count: bins)
    /// Each point's value and slope side by side (value, slope, value, slope, ...): what cancelling
    /// reads for a sample lies together in memory.
    private var points = [Float](repeating: 0, count: 2 * bins)
    /// The capped residuals of the period so far, summed per template point (each sample
    /// shared between its two points as it is interpolated). Four interleaved copies, by
    /// sample index: consecutive samples fall on the same point, and one copy would make
    /// each sum wait for the last.
    private var learned = [Float](repeating: 0, count: 4 * bins)
    private var learnedAny = false
    /// Samples per template point in a period: what a point's sum is divided by.
    private var samplesPerBin: Float
    /// Periods learned so far (at first the template is the plain average of them).
    private var periods = 0.0
    /// Position in the mains period, 0..<1.
    private var phase = 0.0
    private var step: Double
    /// Typical size of the residual (a running mean of its magnitude, capped): a sample
    /// teaches the template, and moves the clock, no more than ``capRatio`` times it.
    private var residualScale: Float = 1
    private var residualSum: Float = 0
    private var residualCount = 0
    private static let capRatio: Float = 3.5
    /// How far the residual scale moves towards a period's mean: fast down, slowly up (a
    /// burst of pulses must not widen the cap), the same per second at any rate.
    private let scaleFall: Float
    private let scaleRise: Float
    /// The period's capped residual against the template's slope, and the samples it was
    /// summed over: with the slope's energy, how far (in template points) the hum is ahead
    /// of the clock.
    private var slopeResidual: Float = 0
    private var periodSamples = 0
    /// The loop's gains: the share of a period's phase error corrected at once, and the
    /// share that goes into the clock's speed.
    private static let phaseGain = 0.8
    private static let speedGain = 0.2
    /// The largest phase error a period may report, in periods. A grid's phase moves
    /// smoothly (its frequency drifts by a small fraction of a hertz a second): a larger error
    /// is a disturbance (a pulse, an AC-coupling tail), and the loop takes only its sign. At
    /// 50 Hz the clock's speed may still change by 0.25 Hz a second, its phase by 0.02
    /// periods a second.
    private static let largestError = 0.0005

    /// Creates a canceller for hum at `mainsFrequency` Hz (50 or 60) in a stream at `sampleRate` Hz.
    public init(mainsFrequency: Double, sampleRate: Double) {
        nominalFrequency = mainsFrequency
        frequency = mainsFrequency
        self.sampleRate = sampleRate
        step = mainsFrequency / sampleRate
        let periodSamples = sampleRate / mainsFrequency
        samplesPerBin = Float(periodSamples / Double(Self.bins))
        scaleFall = Float(1 - pow(1 - 0.002, periodSamples))
        scaleRise = Float(1 - pow(1 - 0.0002, periodSamples))
    }

    /// Cancels the hum in `samples`, in place; `learning` says they hold no pulse, so the
    /// template may learn from them. The clock follows the hum whatever they hold.
    public mutating func process(_ samples: UnsafeMutableBufferPointer<Float>, learning: Bool = true) {
        guard let base = samples.baseAddress else { return }
        process(UnsafeBufferPointer(samples), into: base, learning: learning)
    }

    /// Cancels the hum in `samples` into `output` (as many values; it may be `samples` itself),
    /// as ``process(_:learning:)`` does in place.
    public mutating func process(
        _ samples: UnsafeBufferPointer<Float>, into output: UnsafeMutablePointer<Float>, learning: Bool = true
    ) {
        guard let base = samples.baseAddress else { return }
        var index = 0
        while index < samples.count {
            // Up to the period's end: the template stays still until then.
            let left = Int(((1 - phase) / step).rounded(.up))
            let run = min(samples.count - index, max(1, left))
            cancel(base + index, into: output + index, count: run, learning: learning, firstIndex: index)
            index += run
            if phase >= 1 {
                phase -= 1
                endPeriod()
            }
        }
    }

    /// Cancels `count` samples at `start` into `target`, all in the current period (the clock may reach
    /// its end at the last one).
    private mutating func cancel(
        _ start: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int, learning: Bool,
        firstIndex: Int
    ) {
        let cap = Self.capRatio * residualScale
        // The clock in 32-bit fixed point within the run (a period is 2^32): the top 8 bits
        // are the template point, the other 24 the way to the next.
        let clock = UInt32(truncatingIfNeeded: Int64(phase * 4_294_967_296))
        let step = UInt32(self.step * 4_294_967_296)
        let (fits, magnitudes) = points.withUnsafeBufferPointer { points in
            learned.withUnsafeMutableBufferPointer { learned in
                let tables = (points.baseAddress!, learned.baseAddress!)
                let run = (start, target, count, firstIndex)
                return learning
                    ? Self.cancel(Learning.self, run, tables, clock: clock, step: step, cap: cap)
                    : Self.cancel(NotLearning.self, run, tables, clock: clock, step: step, cap: cap)
            }
        }
        let fit = slopeResidual + ((fits[0] + fits[1]) + (fits[2] + fits[3]))
        let magnitudeSum = (magnitudes[0] + magnitudes[1]) + (magnitudes[2] + magnitudes[3])
        phase += Double(count) * self.step
        periodSamples += count
        slopeResidual = fit
        if learning {
            learnedAny = true
            residualSum += magnitudeSum
            residualCount += count
        }
    }

    /// Cancels a `run` of samples (where it starts, how many, the first one's index in the
    /// stream: it picks the copy of the learned sums each sample adds to), all within a period;
    /// when `Mode` learns, adds the capped residuals' shares to the learned sums. Returns the
    /// partial sums, by sample position in a step, of the capped residual times the slope (and,
    /// when learning, of the capped residual's size).
    ///
    /// Four samples a step, each step's arithmetic four lanes at once; only reading the
    /// template and adding to the learned sums go sample by sample. Every sum is taken in the
    /// order one sample after another would take it (each lane keeps the partial sums of its
    /// own sample position, each copy of the learned sums gets its samples in turn), so the
    /// outputs are the same, bit for bit. A function of its own, its values all parameters and
    /// locals (captured by nested functions, they went through memory every step), compiled
    /// once for each mode.
    @inline(never)
    private static func cancel<Mode: LearningMode>(
        _ mode: Mode.Type,
        _ run: (start: UnsafePointer<Float>, target: UnsafeMutablePointer<Float>, count: Int, firstIndex: Int),
        _ tables: (points: UnsafePointer<Float>, learned: UnsafeMutablePointer<Float>),
        clock: UInt32, step: UInt32, cap: Float
    ) -> (fits: SIMD4<Float>, magnitudes: SIMD4<Float>) {
        let (start, target, count, firstIndex) = run
        let (points, learned) = tables
        let pairs = UnsafeRawPointer(points)
        let learning = Mode.learns
        var fits = SIMD4<Float>.zero
        var magnitudes = SIMD4<Float>.zero
        let copy = ((SIMD4<Int>(0, 1, 2, 3) &+ firstIndex) & 3) &* bins
        let caps = SIMD4<Float>(repeating: cap)
        // The four lanes' clocks, advanced together.
        var clocks = SIMD4<UInt32>(0, 1, 2, 3) &* step &+ clock
        let stride = SIMD4<UInt32>(repeating: step &* 4)
        var offset = 0
        while offset &+ 4 <= count {
            let lower = SIMD4<Int32>(truncatingIfNeeded: clocks &>> 24)
            let fractions =
                SIMD4<Float>(SIMD4<Int32>(truncatingIfNeeded: clocks & 0xFF_FFFF)) * (1 / 16_777_216)
            // Each lane's point and slope in one load, then the values to one vector, the slopes to another.
            @inline(__always) func pair(_ lane: Int) -> SIMD2<Float> {
                pairs.loadUnaligned(fromByteOffset: Int(lower[lane]) &* 8, as: SIMD2<Float>.self)
            }
            let first = SIMD4(lowHalf: pair(0), highHalf: pair(1))
            let second = SIMD4(lowHalf: pair(2), highHalf: pair(3))
            let points = SIMD4(first[0], first[2], second[0], second[2])
            let slope = SIMD4(first[1], first[3], second[1], second[3])
            let values = UnsafeRawPointer(start + offset).loadUnaligned(as: SIMD4<Float>.self)
            let residuals = values - (points + fractions * slope)
            UnsafeMutableRawPointer(target + offset).storeBytes(of: residuals, as: SIMD4<Float>.self)
            // Clamped by comparisons, as `residual < cap ? residual : cap` and so on clamp one
            // sample (a NaN comes out as the cap).
            let robust = greater(lesser(residuals, caps), -caps)
            fits += robust * slope
            if learning {
                let upperShares = robust * fractions
                let lowerShares = robust - upperShares
                for lane in 0..<4 {
                    let point = Int(lower[lane])
                    learned[copy[lane] &+ point] += lowerShares[lane]
                    learned[copy[lane] &+ ((point &+ 1) & binMask)] += upperShares[lane]
                }
                // The sizes `abs` gives, the sign bit cleared. (A sum of them started at +0 is the
                // same whether a -0 residual adds -0 or +0, and a NaN is capped either way.)
                magnitudes += lesser(residuals.magnitudes, caps)
            }
            clocks &+= stride
            offset &+= 4
        }
        // The last few, one by one, into the first position's partial sums.
        var tailClock = clocks[0]  // (the next sample's)
        while offset < count {
            let value = start[offset]
            let lower = Int(tailClock &>> 24)
            let fraction = Float(tailClock & 0xFF_FFFF) * (1 / 16_777_216)
            let slope = points[2 &* lower &+ 1]
            let residual = value - (points[2 &* lower] + fraction * slope)
            target[offset] = residual
            let below = residual < cap ? residual : cap
            let robust = below > -cap ? below : -cap
            fits[0] += robust * slope
            if learning {
                let copy = ((firstIndex &+ offset) & 3) &* bins
                learned[copy &+ lower] += robust - robust * fraction
                learned[copy &+ ((lower &+ 1) & binMask)] += robust * fraction
                let magnitude = abs(residual)
                magnitudes[0] += magnitude < cap ? magnitude : cap
            }
            tailClock &+= step
            offset &+= 1
        }
        return (fits, magnitudes)
    }

    /// Learns the hum from `background` (audio with no swipe, ending now): it is heard twice,
    /// so the second hearing refines what the first learned.
    ///
    /// The grid (or a generator) may run a fraction of a hertz off its nominal frequency,
    /// and the clock may change its speed only slowly (see ``largestError``): the hum is
    /// learned at frequencies within a hertz of the nominal one, and the frequency whose
    /// template leaves the least of the background wins, to a tenth of a hertz. Over a
    /// quarter second, a clock a tenth of a hertz off has slipped by a fortieth of a period,
    /// which the harmonics do not forgive. What is left falls steadily with the distance to
    /// the hum's frequency, except within a tenth or two of it: every third tenth is tried
    /// first, heard once, then the best of those and the two tenths on either side of it,
    /// heard twice. What a frequency leaves is what its last hearing left, measured as it
    /// was heard.
    public mutating func learn(_ background: [Float]) {
        // Trials by frequency and hearings (fewer than four).
        var tried: [Int: (canceller: HumCanceller, left: Double)] = [:]
        func trial(_ tenths: Int, hearings: Int) -> (canceller: HumCanceller, left: Double) {
            if let known = tried[tenths * 4 + hearings] { return known }
            var candidate = self
            candidate.setFrequency(nominalFrequency + Double(tenths) / 10)
            let left = candidate.hear(background, times: hearings)
            let result = (candidate, left.reduce(0.0) { $0 + Double($1) * Double($1) })
            tried[tenths * 4 + hearings] = result
            return result
        }
        /// The tenths in `range` with the least left (the first on a tie).
        func best(_ range: some Sequence<Int>, hearings: Int) -> Int {
            range.min { trial($0, hearings: hearings).left < trial($1, hearings: hearings).left }!
        }
        let coarse = best(Swift.stride(from: -9, through: 9, by: 3), hearings: 1)
        self = trial(best(max(-10, coarse - 2)...min(10, coarse + 2), hearings: 2), hearings: 2).canceller
    }

    /// Learns from `background` `times` times, the clock taken back to its start before each
    /// hearing; returns what the last hearing left of it.
    private mutating func hear(_ background: [Float], times: Int) -> [Float] {
        var copy = background
        for hearing in 0..<times {
            if hearing > 0 { copy = background }
            phase -= Double(copy.count) * step
            phase -= phase.rounded(.down)
            copy.withUnsafeMutableBufferPointer { process($0) }
        }
        return copy
    }

    /// Runs the clock at `hertz`.
    private mutating func setFrequency(_ hertz: Double) {
        frequency = hertz
        step = hertz / sampleRate
        samplesPerBin = Float(sampleRate / hertz / Double(Self.bins))
    }

    /// Cancels the hum, as learned so far, in `samples` heard just before the last ones
    /// processed (they end where the clock is now), in place: audio kept from before the
    /// hum was found. Nothing is learned from them.
    public func cancelEarlier(_ samples: UnsafeMutableBufferPointer<Float>) {
        guard let start = samples.baseAddress else { return }
        var position = phase - Double(samples.count) * step
        position -= position.rounded(.down)
        // The clock in 32-bit fixed point, as in ``process(_:learning:)``: it wraps at the period's end.
        var clock = UInt32(truncatingIfNeeded: Int64(position * 4_294_967_296))
        let step = UInt32(self.step * 4_294_967_296)
        points.withUnsafeBufferPointer { points in
            for index in 0..<samples.count {
                let lower = Int(clock &>> 24)
                let fraction = Float(clock & 0xFF_FFFF) * (1 / 16_777_216)
                start[index] -= points[2 &* lower] + fraction * points[2 &* lower &+ 1]
                clock &+= step
            }
        }
    }

    /// Once a period: the template learns, and the loop moves the clock.
    private mutating func endPeriod() {
        lockClock()
        learnPeriod()
        setFrequency(frequency)
    }

    /// Moves the template by the period's mean residual at each point (at first to the plain
    /// average of the periods heard, then a running one), and the residual scale towards
    /// the period's.
    private mutating func learnPeriod() {
        guard learnedAny else { return }
        learnedAny = false
        periods += 1
        let gain = 1 / (Float(min(memoryPeriods, periods)) * samplesPerBin)
        template.withUnsafeMutableBufferPointer { template in
            learned.withUnsafeMutableBufferPointer { learned in
                for bin in 0..<Self.bins {
                    let sum =
                        learned[bin] + learned[bin + Self.bins] + learned[bin + 2 * Self.bins]
                        + learned[bin + 3 * Self.bins]
                    template[bin] += gain * sum
                }
                learned.update(repeating: 0)
            }
        }
        updateSlopes()
        if residualCount > 0 {
            let mean = residualSum / Float(residualCount)
            residualScale += (mean < residualScale ? scaleFall : scaleRise) * (mean - residualScale)
        }
        residualSum = 0
        residualCount = 0
    }

    /// Each template point's slope to the next, after the template changed.
    private mutating func updateSlopes() {
        template.withUnsafeBufferPointer { template in
            slopes.withUnsafeMutableBufferPointer { slopes in
                for bin in 0..<(Self.bins - 1) { slopes[bin] = template[bin + 1] - template[bin] }
                slopes[Self.bins - 1] = template[0] - template[Self.bins - 1]
                points.withUnsafeMutableBufferPointer { points in
                    for bin in 0..<Self.bins {
                        points[2 * bin] = template[bin]
                        points[2 * bin + 1] = slopes[bin]
                    }
                }
            }
        }
    }

    /// The phase-locked loop: the period's phase error (the residual's fit to the template's
    /// slope, in periods) moves the clock's phase and, by a smaller share, its speed.
    private mutating func lockClock() {
        defer {
            slopeResidual = 0
            periodSamples = 0
        }
        // A template still being learned has no shape to lock to.
        guard periods >= 2 else { return }
        // The slope's energy over the period's samples: each point's slope, as often as the
        // clock passed it.
        var energies = SIMD4<Float>.zero
        slopes.withUnsafeBufferPointer { slopes in
            let raw = UnsafeRawPointer(slopes.baseAddress!)
            for bin in Swift.stride(from: 0, to: Self.bins, by: 4) {
                let four = raw.loadUnaligned(fromByteOffset: bin * 4, as: SIMD4<Float>.self)
                energies += four * four
            }
        }
        let slopeEnergy =
            ((energies[0] + energies[1]) + (energies[2] + energies[3])) * Float(periodSamples) / Float(Self.bins)
        guard slopeEnergy > 0 else { return }
        let measured = Double(slopeResidual / slopeEnergy) / Double(Self.bins)
        let error = max(-Self.largestError, min(Self.largestError, measured))
        // The period has just begun (the phase is within a sample of 0): the correction does
        // not take it back into the last one.
        phase = max(0, phase + Self.phaseGain * error)
        frequency = max(nominalFrequency - 2, min(nominalFrequency + 2, frequency + Self.speedGain * error * frequency))
    }
}

/// Lane by lane, `a < b ? a : b` (no lane is NaN, which `min` would have to mind).
@inline(__always)
private func lesser(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
    SIMD4(a[0] < b[0] ? a[0] : b[0], a[1] < b[1] ? a[1] : b[1], a[2] < b[2] ? a[2] : b[2], a[3] < b[3] ? a[3] : b[3])
}

/// Lane by lane, `a > b ? a : b`.
@inline(__always)
private func greater(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
    SIMD4(a[0] > b[0] ? a[0] : b[0], a[1] > b[1] ? a[1] : b[1], a[2] > b[2] ? a[2] : b[2], a[3] > b[3] ? a[3] : b[3])
}

/// Whether the canceller's template learns from the samples it cancels (a type, so that the
/// loop is compiled for each answer).
private protocol LearningMode {
    static var learns: Bool { get }
}

private enum Learning: LearningMode {
    static var learns: Bool { true }
}

private enum NotLearning: LearningMode {
    static var learns: Bool { false }
}
