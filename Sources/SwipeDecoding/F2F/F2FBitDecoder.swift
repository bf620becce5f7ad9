/// Turns the spacing of head pulses into F2F (Aiken biphase) bits.
///
/// Every bit cell starts with a pulse; a `1` has another pulse in its middle. The
/// decoder locks onto the leading clock zeros (a run of evenly spaced pulses),
/// then follows the bit period over the last few bits, so a swipe that speeds up
/// or slows down several times within one pass stays in lock.
public struct F2FBitDecoder: Sendable {
    /// Evenly spaced intervals needed to lock the clock.
    public var lockRun = 6
    /// How far an interval may stray from the run's median while locking.
    public var lockTolerance = 0.22
    /// Weight of the newest bit in the clock estimate.
    public var clockSmoothing = 0.35
    /// How many lock points to try, from the start of the intervals on.
    public var maximumLocks = 3

    /// Longest plausible bit cell, in samples: a hand never swipes slower than about
    /// 2 inches per second, and mains hum must not pass for clock zeros.
    public var maximumPeriod = Double.infinity

    /// Creates a decoder with the default settings.
    public init() {}

    /// Bit streams decoded from `intervals`, one per lock point tried.
    public func decodeCandidates(_ intervals: UnsafeBufferPointer<Double>) -> [[UInt8]] {
        var results: [[UInt8]] = []
        var searchFrom = 0
        while results.count < maximumLocks, let lock = findLock(intervals, from: searchFrom) {
            let bits = decode(intervals, from: lock.index, period: lock.period)
            if bits.count >= 8 { results.append(bits) }
            searchFrom = lock.index + max(lockRun, bits.count / 2 + 1)
        }
        return results
    }

    /// Where a run of `lockRun` similar intervals starts, and their median.
    public func findLock(_ intervals: UnsafeBufferPointer<Double>, from start: Int) -> (index: Int, period: Double)? {
        guard intervals.count >= lockRun else { return nil }
        var window = [Double](repeating: 0, count: lockRun)
        var index = start
        while index + lockRun <= intervals.count {
            for offset in 0..<lockRun { window[offset] = intervals[index + offset] }
            window.sort()
            let median = window[lockRun / 2]
            if median > 1.5, median <= maximumPeriod, window[0] >= median * (1 - lockTolerance),
                window[lockRun - 1] <= median * (1 + lockTolerance)
            {
                return (index, median)
            }
            index += 1
        }
        return nil
    }

    /// Decodes bits from `start`, with `period` the length of a bit cell there.
    func decode(_ intervals: UnsafeBufferPointer<Double>, from start: Int, period initialPeriod: Double) -> [UInt8] {
        var bits: [UInt8] = []
        bits.reserveCapacity(intervals.count)
        var period = initialPeriod
        var index = start
        let smoothing = clockSmoothing
        while index < intervals.count {
            let interval = intervals[index]
            if interval > period * 2.6 { break }  // the swipe ended (or a dropout): stop here
            if interval >= period * 0.75 {
                if interval > period * 1.3 {
                    // A lost pulse merged a zero with half a one: keep the zero, the next half ends the one.
                    bits.append(0)
                    period += smoothing * (interval / 1.5 - period)
                    index += 1
                    if index < intervals.count, intervals[index] < period * 0.75 {
                        bits.append(1)
                        index += 1
                    }
                    continue
                }
                bits.append(0)
                period += smoothing * (interval - period)
                index += 1
            } else if index + 1 < intervals.count, intervals[index + 1] < period * 0.75,
                interval + intervals[index + 1] < period * 1.5
            {
                let cell = interval + intervals[index + 1]
                bits.append(1)
                period += smoothing * (cell - period)
                index += 2
            } else {
                // A lone half cell: a spurious pulse or a lost one. Keep one bit; parity will tell.
                bits.append(1)
                index += 1
            }
        }
        return bits
    }
}
