/// Pulses much weaker than their neighbours: ringing and AC-coupling tails of slow pulses,
/// noise on a quiet stretch.
extension PulseDetector {
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
    /// (Written as comparisons: no height is NaN, which `max` would have to mind.)
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
        // Written as comparisons: no height is NaN, which `min` and `max` would have to mind.
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
}
