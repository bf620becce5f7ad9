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
        while results.count < maximumLocks, let (bits, next) = decodeCandidate(intervals, searchingFrom: searchFrom) {
            results.append(bits)
            searchFrom = next
        }
        return results
    }

    /// The bit stream decoded from the first lock point at or after `start` that gives one
    /// (of 8 bits or more), and where to search for the next lock point: one candidate of
    /// ``decodeCandidates(_:)`` at a time, so that a caller whose first candidate reads
    /// cleanly decodes no other.
    ///
    /// A peek (`peekingPastFirstOne`, 8 or more) stops that many bits into the first 1 bit (past
    /// the clock zeros, however many): the same lock point, how the stream begins, and `next` no
    /// guide to the next lock point.
    public func decodeCandidate(
        _ intervals: UnsafeBufferPointer<Double>, searchingFrom start: Int, peekingPastFirstOne peek: Int? = nil
    ) -> (bits: [UInt8], next: Int)? {
        var searchFrom = start
        while let lock = findLock(intervals, from: searchFrom) {
            let bits = decode(
                intervals, from: lock.index, period: lock.period, peekingPastFirstOne: peek.map { max(8, $0) })
            searchFrom = lock.index + max(lockRun, bits.count / 2 + 1)
            if bits.count >= 8 { return (bits, searchFrom) }
        }
        return nil
    }

    /// Bit streams for a swipe that starts with no clock zeros to lock on (a recording
    /// cut tight, capture started mid-swipe): the bit period is estimated from the first
    /// intervals (a cell and half cells), and decoding starts at the first pulse and at
    /// the second, one of which is a cell boundary.
    public func decodeWithoutLeadIn(_ intervals: UnsafeBufferPointer<Double>) -> [[UInt8]] {
        guard let period = estimatePeriod(intervals) else { return [] }
        var results: [[UInt8]] = []
        for start in 0..<min(2, intervals.count) {
            let bits = decode(intervals, from: start, period: period)
            if bits.count >= 8 { results.append(bits) }
        }
        return results
    }

    /// The bit cell that best explains the first 24 intervals as whole cells (zeros) and
    /// half cells (ones): each interval, and twice it, is tried as the cell.
    func estimatePeriod(_ intervals: UnsafeBufferPointer<Double>) -> Double? {
        let count = min(24, intervals.count)
        guard count >= 8 else { return nil }
        var best: (period: Double, explained: Int, wholes: Int)?
        for index in 0..<count {
            for candidate in [intervals[index], intervals[index] * 2]
            where candidate > 1.5 && candidate <= maximumPeriod {
                var explained = 0
                var wholes = 0
                for other in 0..<count {
                    let interval = intervals[other]
                    if abs(interval - candidate) <= candidate * lockTolerance {
                        explained += 1
                        wholes += 1
                    } else if abs(interval - candidate / 2) <= candidate / 2 * lockTolerance {
                        explained += 1
                    }
                }
                // Ones pair their half cells: a cell that only halves explain is twice too long.
                if wholes == 0 { continue }
                if best == nil || explained > best!.explained
                    || (explained == best!.explained && wholes > best!.wholes)
                {
                    best = (candidate, explained, wholes)
                }
            }
        }
        guard let best, best.explained * 4 >= count * 3 else { return nil }
        return best.period
    }

    /// Where a run of `lockRun` similar intervals starts, and their median.
    public func findLock(_ intervals: UnsafeBufferPointer<Double>, from start: Int) -> (index: Int, period: Double)? {
        guard lockRun > 0, intervals.count >= lockRun else { return nil }
        var window = [Double](repeating: 0, count: lockRun)
        // Intervals within the tolerance of one median lie within this ratio of each other (with
        // room for rounding): a run spread wider needs no sort (most runs, on noise).
        let spread = lockTolerance < 1 ? (1 + lockTolerance) / (1 - lockTolerance) * (1 + 1e-9) : Double.infinity
        var index = start
        while index + lockRun <= intervals.count {
            var least = intervals[index], most = least
            for offset in 1..<lockRun {
                let interval = intervals[index + offset]
                least = interval < least ? interval : least
                most = interval > most ? interval : most
            }
            if most > least * spread {
                index += 1
                continue
            }
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

    /// Decodes bits from the pulse that ends interval `start - 1`, with `period` the
    /// length of a bit cell there; a peek stops `peekingPastFirstOne` bits into the first 1.
    ///
    /// Rather than reading intervals one by one, each step looks for the pulse
    /// closest to where the next cell should begin (one period on), so a stray
    /// pulse from ringing or noise inside a cell is passed over; a `1` is a pulse
    /// near the cell's middle. A missing boundary pulse is bridged by a virtual
    /// boundary at the expected place.
    func decode(
        _ intervals: UnsafeBufferPointer<Double>, from start: Int, period initialPeriod: Double,
        peekingPastFirstOne peek: Int? = nil
    ) -> [UInt8] {
        let count = intervals.count - start + 1
        // The pulses' positions from the first, summed as far as the clock reads (it stops at
        // the track's end, or after a few bits when peeking): no further.
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { summed in
            let sums = summed.baseAddress!
            sums[0] = 0
            var known = 1
            @inline(__always) func position(_ index: Int) -> Double {
                while known <= index {
                    sums[known] = sums[known &- 1] + intervals[start &+ known &- 1]
                    known &+= 1
                }
                return sums[index]
            }
            return decode(count: count, position: position, period: initialPeriod, peek: peek)
        }
    }

    /// The clock over `count` pulse positions (`position(i)`, rising, the first at 0).
    @inline(__always)
    private func decode(
        count: Int, position: (Int) -> Double, period initialPeriod: Double, peek: Int?
    ) -> [UInt8] {
        var bits: [UInt8] = []
        bits.reserveCapacity(count)
        // Where a peek stops: `peek` bits into the first 1.
        var peekEnd = Int.max
        var period = initialPeriod
        var cellStart = 0.0
        var next = 1  // first pulse after the cell start
        var bridged = 0
        while next < count, bits.count < peekEnd {
            let target = cellStart + period
            // The pulse closest to the expected boundary, within ±35% of a period.
            var boundary = -1
            var bestDistance = period * 0.35
            var index = next
            while index < count, position(index) <= cellStart + period * 1.35 {
                let distance = abs(position(index) - target)
                if distance < bestDistance, position(index) > cellStart + period * 0.65 {
                    bestDistance = distance
                    boundary = index
                }
                index += 1
            }
            let cellEnd: Double
            if boundary >= 0 {
                cellEnd = position(boundary)
                bridged = 0
            } else {
                // No pulse where the cell should end: the swipe is over, or a pulse was lost.
                bridged += 1
                if bridged > 2 { break }
                if index >= count {
                    // The audio ends inside this cell (a recording cut right after the LRC): a pulse
                    // near its middle says 1; without one it is read as 0 (past the track, harmless).
                    let one = (next..<count).contains {
                        position($0) > cellStart + period * 0.25 && position($0) < cellStart + period * 0.75
                    }
                    bits.append(one ? 1 : 0)
                    break
                }
                cellEnd = target
            }
            let length = cellEnd - cellStart
            var one = false
            var probe = next
            while probe < count, position(probe) < cellEnd - length * 0.25 {
                if position(probe) > cellStart + length * 0.25 {
                    one = true
                    break
                }
                probe += 1
            }
            bits.append(one ? 1 : 0)
            if one, peekEnd == .max, let peek { peekEnd = bits.count - 1 + peek }
            if boundary >= 0 { period += clockSmoothing * (length - period) }
            cellStart = cellEnd
            if boundary >= 0 { next = boundary + 1 }
            while next < count, position(next) <= cellStart { next += 1 }
        }
        return bits
    }
}
