/// Finds read-head pulses in a filtered swipe without a fixed threshold.
///
/// Head pulses alternate in sign, and their height follows the swipe's speed. The
/// detector therefore follows the signal between a maximum and the next minimum
/// and accepts an extremum only once the signal has swung away from it by a
/// fraction of the *local* amplitude envelope (a sliding maximum over a few
/// milliseconds). Noise has to swing against the alternating pulses by a large
/// part of their height to add a false pulse, however loud or quiet the swipe.
public struct PulseDetector: Sendable {
    /// The swing that confirms an extremum, as a fraction of the local envelope.
    public var hysteresis: Float = 0.65
    /// How far from zero a maximum (or minimum) must lie, as a fraction of the local
    /// envelope: pulses alternate in sign, the rebound of a tail stays near zero.
    public var polarityMargin: Float = 0.45
    /// Pulses weaker than this fraction of their neighbours' median are dropped (0: keep all).
    public var minimumRatio: Float = 0.45
    /// The swing that confirms an extremum, as a multiple of the background's peak level.
    public var noiseSwingRatio: Float = 2
    /// Half-width of the envelope window, in seconds.
    public var envelopeWindow: Double = 0.003
    /// Blocks whose swings (twice their local peak) stay under this multiple of the noise gate
    /// are skipped whole. At 1, only blocks where no swing can pass the gate are skipped, which
    /// changes no pulse; above it, the noise's own pulses around a swipe (and a pulse that would
    /// barely pass the gate) are not looked for: see ``SegmentDecoder/quickLookQuietBlockRatio``.
    public var quietBlockRatio: Float = 1

    /// Creates a detector with the default settings.
    public init() {}

    /// The pulses in `samples` (already high-passed), given the level of the background noise.
    public func pulses(in samples: UnsafeBufferPointer<Float>, sampleRate: Double, noiseLevel: Float) -> [Pulse] {
        let count = samples.count
        guard count > 4 else { return [] }
        let envelope = Envelope(samples, halfWidth: max(2, Int(envelopeWindow * sampleRate)))
        // A pulse swings from one polarity to the other: noise and hum must swing more than
        // twice their own peak level to pass.
        let floor = noiseLevel * noiseSwingRatio
        let quietGate = floor * quietBlockRatio
        let hysteresis = hysteresis
        let polarityMargin = polarityMargin

        let pulses = envelope.withLevels { levels, shift in
            var pulses: [Pulse] = []
            pulses.reserveCapacity(count / 8)
            // What confirms an extremum, block by block and side by side: a swing past a share of the
            // envelope (and past the noise gate), and a distance from zero. Read without bounds
            // checks: every block index below is a sample's index shifted, so within `levels`.
            let thresholds = UnsafeMutableBufferPointer<Float>.allocate(capacity: 2 * levels.count)
            defer { thresholds.deallocate() }
            for block in levels.indices {
                thresholds[2 * block] = max(levels[block] * hysteresis, floor)
                thresholds[2 * block + 1] = levels[block] * polarityMargin
            }
            let threshold = thresholds.baseAddress!
            let base = samples.baseAddress!
            // The extremum found so far in each direction: its value and where it is (its block's
            // envelope sets what confirms it). Each is picked without a branch (a blend, a
            // conditional move): on noise, whether a sample tops the last is a coin toss the
            // processor cannot predict. A clipped plateau's end is found when the extremum is confirmed.
            var high = samples[0], highAt = 0
            var low = samples[0], lowAt = 0
            var lastAmplitude: Float = 0
            @inline(__always) func resetHigh(_ value: Float, _ index: Int) {
                high = value
                highAt = index
            }
            @inline(__always) func resetLow(_ value: Float, _ index: Int) {
                low = value
                lowAt = index
            }
            /// The pulse at the extremum `value` first reached at `first`, to the end of its plateau.
            @inline(__always) func extremum(_ first: Int, _ value: Float, before end: Int) -> Pulse {
                var last = first
                while last < end, samples[last + 1] == value { last += 1 }
                return pulse(samples, first, last, value)
            }
            let blockMask = (1 << shift) - 1
            let last = count - 1
            var index = 0
            /// The last sample of the run to follow next: to the end of the block the next sample is
            /// in. A block whose local peak cannot swing past the noise gate (twice the peak is at most
            /// the gate, which a swing must exceed) holds no pulse: it is skipped whole (the quiet
            /// margins around a swipe, and digital silence, where gate and peak are both zero), both
            /// extrema starting again at its end, and the run is empty. (So is one within
            /// `quietBlockRatio` times the gate.)
            @inline(__always) func runEnd() -> Int {
                let next = index &+ 1
                let end = min(last, next | blockMask)
                if next & blockMask == 0 || next == 1, levels[next &>> shift] * 2 <= quietGate, end > next {
                    index = end
                    let value = samples[index]
                    resetHigh(value, index)
                    resetLow(value, index)
                    return index
                }
                return end
            }
            /// The maximum (or minimum) follows the sample at `index`, `value`. Each is picked
            /// without a branch (a conditional move): on noise, whether a sample tops the last is a
            /// coin toss.
            @inline(__always) func followHigh(_ value: Float) {
                let higher = value > high
                high = higher ? value : high
                highAt = higher ? index : highAt
            }
            @inline(__always) func followLow(_ value: Float) {
                let lower = value < low
                low = lower ? value : low
                lowAt = lower ? index : lowAt
            }
            /// The next sample, with both extrema following it.
            @inline(__always) func advance() -> Float {
                index &+= 1
                let value = samples[index]
                followHigh(value)
                followLow(value)
                return value
            }
            /// The next sample, with the maximum (or minimum) following it. Once a pulse of the
            /// other sign is taken, the other extremum need not follow every sample: it is that
            /// pulse's own value, and only a sample beyond the pulse (which moves it) changes it.
            @inline(__always) func advanceHigh() -> Float {
                index &+= 1
                followHigh(samples[index])
                return samples[index]
            }
            @inline(__always) func advanceLow() -> Float {
                index &+= 1
                followLow(samples[index])
                return samples[index]
            }
            /// Whether the signal, now at `value`, has swung far enough from the maximum (or minimum) to confirm it.
            @inline(__always) func maximumConfirmed(_ value: Float) -> Bool {
                let block = (highAt &>> shift) &<< 1
                return high - value > threshold[block] && high > threshold[block &+ 1]
            }
            @inline(__always) func minimumConfirmed(_ value: Float) -> Bool {
                let block = (lowAt &>> shift) &<< 1
                return value - low > threshold[block] && -low > threshold[block &+ 1]
            }
            /// The smallest swing that can confirm an extremum during the run to `end`: the
            /// extremum stays where it is now, at `at`, or moves into the run's block. Two samples
            /// at a time whose swing from the extremum they leave stays within it cannot confirm
            /// it (a float difference grows with its operands) and are followed as a pair. (The
            /// test is written so that a NaN fails it: such a pair goes sample by sample.)
            @inline(__always) func lowestSwing(_ at: Int, _ end: Int) -> Float {
                let now = threshold[(at &>> shift) &<< 1]
                let run = threshold[(end &>> shift) &<< 1]
                return now < run ? now : run
            }
            /// The same for the distance from zero that confirms an extremum: an extremum no further
            /// out cannot be confirmed, however far the signal swings back from it.
            @inline(__always) func lowestMargin(_ at: Int, _ end: Int) -> Float {
                let now = threshold[(at &>> shift) &<< 1 &+ 1]
                let run = threshold[(end &>> shift) &<< 1 &+ 1]
                return now < run ? now : run
            }
            /// Records the pulse at the maximum (or minimum); the other extremum starts again from `value`.
            /// (`pulses` is passed, not captured: a captured array is checked for exclusive access
            /// at run time on every change.)
            @inline(__always) func takeMaximum(_ value: Float, into pulses: inout [Pulse]) {
                let found = extremum(highAt, high, before: index)
                pulses.append(found)
                lastAmplitude = found.amplitude
                resetLow(value, index)
            }
            @inline(__always) func takeMinimum(_ value: Float, into pulses: inout [Pulse]) {
                let found = extremum(lowAt, low, before: index)
                pulses.append(found)
                lastAmplitude = found.amplitude
                resetHigh(value, index)
            }
            // Which way the first pulse goes is not known: follow both until one confirms.
            var seekingMaximum = true
            var started = false
            first: while index < last {
                let end = runEnd()
                while index < end {
                    let value = advance()
                    if maximumConfirmed(value) {
                        takeMaximum(value, into: &pulses)
                        seekingMaximum = false
                        started = true
                        break first
                    }
                    if minimumConfirmed(value) {
                        takeMinimum(value, into: &pulses)
                        started = true
                        break first
                    }
                }
            }
            // Then one way at a time, a run of samples after another. Beyond the last confirmed pulse
            // in its own direction, with no pulse of the other sign in between, that pulse was an
            // AC-coupling tail or a shoulder, and the real one is here: it is moved.
            while started, index < last {
                let end = runEnd()
                if seekingMaximum {
                    let floorSwing = lowestSwing(highAt, end), floorMargin = lowestMargin(highAt, end)
                    run: while index < end {
                        (index, high, highAt) = Self.followPairs(
                            Rising.self, base, from: index, to: end, extremum: high, at: highAt,
                            floor: (floorSwing, floorMargin), lastAmplitude: lastAmplitude)
                        // The pair that stopped it, sample by sample (its second sample is often the
                        // one that confirms: handed back to the pairs, it would stop them at once).
                        var steps = 0
                        while steps < 2, index < end {
                            steps &+= 1
                            let value = advanceHigh()
                            if maximumConfirmed(value) {
                                takeMaximum(value, into: &pulses)
                                seekingMaximum = false
                                break run
                            } else if value < lastAmplitude {
                                // Every sample since the pulse was taken (or the extrema started again)
                                // lay above it: this one is the lowest, unless a restart began lower.
                                if value < low { resetLow(value, index) }
                                let moved = extremum(lowAt, low, before: index)
                                pulses[pulses.count - 1] = moved
                                lastAmplitude = moved.amplitude
                                resetHigh(value, index)
                            }
                        }
                    }
                } else {
                    let floorSwing = lowestSwing(lowAt, end), floorMargin = lowestMargin(lowAt, end)
                    run: while index < end {
                        (index, low, lowAt) = Self.followPairs(
                            Falling.self, base, from: index, to: end, extremum: low, at: lowAt,
                            floor: (floorSwing, floorMargin), lastAmplitude: lastAmplitude)
                        var steps = 0
                        while steps < 2, index < end {
                            steps &+= 1
                            let value = advanceLow()
                            if minimumConfirmed(value) {
                                takeMinimum(value, into: &pulses)
                                seekingMaximum = true
                                break run
                            } else if value > lastAmplitude {
                                if value > high { resetHigh(value, index) }
                                let moved = extremum(highAt, high, before: index)
                                pulses[pulses.count - 1] = moved
                                lastAmplitude = moved.amplitude
                                resetLow(value, index)
                            }
                        }
                    }
                }
            }
            return pulses
        }
        return minimumRatio > 0 ? removingWeakPulses(pulses) : pulses
    }

    /// Follows the maximum (``Rising``) or the minimum (``Falling``) two samples at a time from
    /// after `start` while neither sample of a pair can confirm it (the pair's swing from the
    /// extremum it leaves stays within `floor.swing`, or the extremum within `floor.margin` of
    /// zero) nor move the last pulse (both stay on their side of `lastAmplitude`); returns where
    /// it stopped (the sample before the first pair that fails, or one short of `end`), with the
    /// extremum and where it is. Each pair puts one `maxss` (`minss`) on the loop's chain instead
    /// of two. A function of its own, so that its few values all stay in registers: inlined into
    /// the whole loop, the extremum's position went through memory every pair. (The test is
    /// written so that a NaN fails it: such a pair goes sample by sample.)
    ///
    /// Only the pair that last moved the extremum is noted, not where in it: that is found once,
    /// on the way out. A pair moves it to its outer sample, the first of the two on a tie (the
    /// second one would have to go beyond the first), so the extremum lies at the pair's first
    /// sample exactly when that one equals it (a NaN there equals nothing: the second moved it).
    @inline(never)
    private static func followPairs<Side: ExtremumSide>(
        _ side: Side.Type, _ samples: UnsafePointer<Float>, from start: Int, to end: Int, extremum: Float,
        at extremumAt: Int, floor: (swing: Float, margin: Float), lastAmplitude: Float
    ) -> (Int, Float, Int) {
        let (floorSwing, floorMargin) = floor
        var index = start, extremum = extremum
        /// The index before the pair that last moved the extremum (-1: none did).
        var movedAfter = -1
        while index &+ 2 <= end {
            let first = samples[index &+ 1], second = samples[index &+ 2]
            let outer = Side.beyond(first, second) ? first : second
            let inner = Side.beyond(second, first) ? first : second
            let moved = Side.beyond(outer, extremum)
            let reached = moved ? outer : extremum
            guard Side.swing(from: reached, to: inner) <= floorSwing || Side.height(reached) <= floorMargin,
                Side.within(inner, lastAmplitude)
            else { break }
            movedAfter = moved ? index : movedAfter
            extremum = reached
            index &+= 2
        }
        // Without a branch: whether a pair moved it, and which sample, are coin tosses. (The
        // sample after `start` is read when none did: it lies within `end`, the caller's run.)
        let unmoved = movedAfter &>> 63  // all ones when no pair moved it, else zero
        let pair = (movedAfter & ~unmoved) | (start & unmoved)
        let atSecond = samples[pair &+ 1] == extremum ? 0 : 1
        return (index, extremum, ((pair &+ 1 &+ atSecond) & ~unmoved) | (extremumAt & unmoved))
    }

    /// Drops pulses much weaker than their neighbours (ringing and AC-coupling
    /// tails of slow pulses, noise on a quiet stretch), then merges what is left
    /// back into alternating polarity, keeping the stronger of two same-sign pulses.
    func removingWeakPulses(_ pulses: [Pulse]) -> [Pulse] {
        guard pulses.count > 8 else { return pulses }
        var merged: [Pulse] = []
        merged.reserveCapacity(pulses.count)
        let heights = pulses.map { abs($0.amplitude) }
        heights.withUnsafeBufferPointer { heights in
            let minimumRatio = minimumRatio
            for index in pulses.indices {
                let lower = max(0, min(index - 4, pulses.count - 9))
                let window = UnsafeBufferPointer(rebasing: heights[lower..<(lower + 9)])
                // A pulse at least its share of the largest height around it is at least its share
                // of the median (rounding is monotonic): in a swipe, most need no median.
                let height = heights[index]
                guard
                    height >= Self.largestOfNine(window) * minimumRatio
                        || height >= Self.medianOfNine(window) * minimumRatio
                else { continue }
                // Merged as it is kept: of two strong pulses of one sign in a row, the stronger.
                let pulse = pulses[index]
                if let last = merged.last, (last.amplitude > 0) == (pulse.amplitude > 0) {
                    if abs(pulse.amplitude) > abs(last.amplitude) { merged[merged.count - 1] = pulse }
                } else {
                    merged.append(pulse)
                }
            }
        }
        return merged
    }

    /// The largest of nine values: the first eight as two vectors, lane by lane, then across.
    /// (By comparison, each one `maxps` or `maxss`: `max` minds NaN.)
    @inline(__always)
    static func largestOfNine(_ values: UnsafeBufferPointer<Float>) -> Float {
        @inline(__always) func larger(_ a: Float, _ b: Float) -> Float { a > b ? a : b }
        let raw = UnsafeRawPointer(values.baseAddress!)
        let first = raw.loadUnaligned(as: SIMD4<Float>.self)
        let second = raw.loadUnaligned(fromByteOffset: 16, as: SIMD4<Float>.self)
        let four = SIMD4(
            larger(first[0], second[0]), larger(first[1], second[1]), larger(first[2], second[2]),
            larger(first[3], second[3]))
        return larger(larger(larger(four[0], four[2]), larger(four[1], four[3])), values[8])
    }

    /// The median of nine values by a fixed network of 19 exchanges (Paeth's): no sort, no branch.
    @inline(__always)
    static func medianOfNine(_ values: UnsafeBufferPointer<Float>) -> Float {
        var p0 = values[0], p1 = values[1], p2 = values[2], p3 = values[3], p4 = values[4]
        var p5 = values[5], p6 = values[6], p7 = values[7], p8 = values[8]
        /// (By comparison, which compiles to one `minss` and one `maxss`: `min` and `max` mind NaN.)
        @inline(__always) func order(_ a: inout Float, _ b: inout Float) {
            let low = b < a ? b : a
            b = b < a ? a : b
            a = low
        }
        order(&p1, &p2); order(&p4, &p5); order(&p7, &p8)
        order(&p0, &p1); order(&p3, &p4); order(&p6, &p7)
        order(&p1, &p2); order(&p4, &p5); order(&p7, &p8)
        order(&p0, &p3); order(&p5, &p8); order(&p4, &p7)
        order(&p3, &p6); order(&p1, &p4); order(&p2, &p5)
        order(&p4, &p7); order(&p4, &p2); order(&p6, &p4)
        order(&p4, &p2)
        return p4
    }

    /// A pulse at the extremum spanning `first...last`: the middle of a clipped
    /// plateau, or a parabola's vertex through a single peak sample.
    @inline(__always)
    private func pulse(_ samples: UnsafeBufferPointer<Float>, _ first: Int, _ last: Int, _ value: Float) -> Pulse {
        if first != last || first == 0 || first == samples.count - 1 {
            return Pulse(position: Double(first + last) / 2, amplitude: value)
        }
        let left = samples[first - 1]
        let right = samples[first + 1]
        let curvature = left - 2 * value + right
        var offset: Float = 0
        if curvature != 0 { offset = max(-0.5, min(0.5, 0.5 * (left - right) / curvature)) }
        return Pulse(position: Double(first) + Double(offset), amplitude: value)
    }
}

/// Which way an extremum the pulse loop follows lies: each comparison compiles to one instruction.
private protocol ExtremumSide {
    /// Whether `a` lies further out than `b`.
    static func beyond(_ a: Float, _ b: Float) -> Bool
    /// How far the signal at `value` has swung back from `extremum`.
    static func swing(from extremum: Float, to value: Float) -> Float
    /// Whether `value` lies on the extremum's side of `limit` (or on it).
    static func within(_ value: Float, _ limit: Float) -> Bool
    /// How far out `value` lies on the extremum's side of zero.
    static func height(_ value: Float) -> Float
}

/// A maximum.
private enum Rising: ExtremumSide {
    @inline(__always) static func beyond(_ a: Float, _ b: Float) -> Bool { a > b }
    @inline(__always) static func swing(from extremum: Float, to value: Float) -> Float { extremum - value }
    @inline(__always) static func within(_ value: Float, _ limit: Float) -> Bool { value >= limit }
    @inline(__always) static func height(_ value: Float) -> Float { value }
}

/// A minimum.
private enum Falling: ExtremumSide {
    @inline(__always) static func beyond(_ a: Float, _ b: Float) -> Bool { a < b }
    @inline(__always) static func swing(from extremum: Float, to value: Float) -> Float { value - extremum }
    @inline(__always) static func within(_ value: Float, _ limit: Float) -> Bool { value <= limit }
    @inline(__always) static func height(_ value: Float) -> Float { -value }
}

/// Sliding maximum of |x| over blocks, cheap enough for the audio path.
struct Envelope {
    private var blockMaxima: [Float]
    private let blockShift: Int

    init(_ samples: UnsafeBufferPointer<Float>, halfWidth: Int) {
        // A power of two, so finding a sample's block is a shift.
        var shift = 0
        while (1 << (shift + 1)) <= max(1, halfWidth / 2) { shift += 1 }
        blockShift = shift
        let blockSize = 1 << shift
        let blocks = (samples.count + blockSize - 1) / blockSize
        var maxima = [Float](repeating: 0, count: blocks)
        if let base = samples.baseAddress {
            for block in 0..<blocks {
                let first = block * blockSize
                maxima[block] = SampleReductions.peakMagnitude(
                    base + first, count: min(samples.count, first + blockSize) - first)
            }
        }
        // Widen each block to its neighbours, two on each side: about ±halfWidth samples.
        // (By comparison, without a branch: on noise, which neighbour is the loudest is a coin toss.)
        var widened = maxima
        maxima.withUnsafeBufferPointer { maxima in
            widened.withUnsafeMutableBufferPointer { widened in
                @inline(__always) func greater(_ a: Float, _ b: Float) -> Float { a > b ? a : b }
                for block in 0..<blocks {
                    if block >= 2 && block + 2 < blocks {
                        // (No level is NaN, so the order of the comparisons does not matter.)
                        widened[block] = greater(
                            greater(greater(maxima[block - 2], maxima[block - 1]), maxima[block]),
                            greater(maxima[block + 1], maxima[block + 2]))
                        continue
                    }
                    var peak: Float = 0
                    for neighbour in max(0, block - 2)...min(blocks - 1, block + 2) {
                        peak = greater(maxima[neighbour], peak)
                    }
                    widened[block] = peak
                }
            }
        }
        blockMaxima = widened
    }

    /// Calls `body` with the local peak levels, one per block, and the shift that turns
    /// a sample index into its block.
    @inline(__always)
    func withLevels<Result>(_ body: (UnsafeBufferPointer<Float>, Int) throws -> Result) rethrows -> Result {
        try blockMaxima.withUnsafeBufferPointer { try body($0, blockShift) }
    }
}
