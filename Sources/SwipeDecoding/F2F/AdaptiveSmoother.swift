/// A moving average whose width follows the local pulse spacing: a matched
/// filter for head pulses, which widen as the swipe slows down (and get weaker).
///
/// Slow stretches of a swipe are the quiet ones, so they need the most noise
/// reduction, and their pulses are wide enough to take it; fast stretches keep
/// a narrow window so neighbouring pulses do not blur together.
public struct AdaptiveSmoother: Sendable {
    /// Window length as a fraction of the local pulse spacing.
    public var widthFraction = 0.0

    /// Creates a smoother.
    public init() {}

    /// Smooths `samples` using the spacing of the first-pass `pulses`. Returns the
    /// smoothed samples and the widest window used.
    public func smooth(_ samples: UnsafeBufferPointer<Float>, pulses: [Pulse]) -> (samples: [Float], widestWindow: Int)
    {
        let count = samples.count
        guard pulses.count > 4 else { return (Array(samples), 1) }
        // Half-widths per pulse gap, from the median of the five intervals around it.
        var halfWidths = [Int](repeating: 0, count: pulses.count - 1)
        var window = [Double](repeating: 0, count: 5)
        for gap in halfWidths.indices {
            let lower = max(0, min(gap - 2, halfWidths.count - 5))
            for offset in 0..<5 {
                let index = min(halfWidths.count - 1, lower + offset)
                window[offset] = pulses[index + 1].position - pulses[index].position
            }
            window.sort()
            halfWidths[gap] = max(0, Int(window[2] * widthFraction / 2))
        }
        // Prefix sums make any window length cost the same.
        var prefix = [Double](repeating: 0, count: count + 1)
        prefix.withUnsafeMutableBufferPointer { prefix in
            var sum = 0.0
            for index in 0..<count {
                sum += Double(samples[index])
                prefix[index + 1] = sum
            }
        }
        var widest = 1
        // Stretch by stretch between pulses, each at its own width: no array is checked for
        // bounds or sharing sample by sample.
        let output = [Float](unsafeUninitializedCapacity: count) { output, initialized in
            prefix.withUnsafeBufferPointer { prefix in
                halfWidths.withUnsafeBufferPointer { halfWidths in
                    var gap = 0
                    var index = 0
                    while index < count {
                        // The samples up to the next pulse's position (the last gap: to the end).
                        var end = count
                        while gap < halfWidths.count - 1 {
                            let boundary = pulses[gap + 1].position
                            if Double(index) > boundary {
                                gap += 1
                                continue
                            }
                            end = min(count, max(index + 1, Int(boundary.rounded(.down)) + 1))
                            break
                        }
                        let half = halfWidths[gap]
                        if half == 0 {
                            while index < end {
                                output[index] = samples[index]
                                index += 1
                            }
                            continue
                        }
                        widest = max(widest, 2 * half + 1)
                        while index < end {
                            let low = max(0, index - half)
                            let high = min(count, index + half + 1)
                            output[index] = Float((prefix[high] - prefix[low]) / Double(high - low))
                            index += 1
                        }
                    }
                }
            }
            initialized = count
        }
        return (output, widest)
    }
}
