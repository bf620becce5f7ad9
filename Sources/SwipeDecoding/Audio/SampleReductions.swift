/// Sums and peaks over runs of samples, written so that they vectorize: the plain loops
/// they replace wait on the previous sample's result (a floating-point sum or maximum
/// cannot be reordered by the compiler), and the decoder runs them over every sample of
/// a swipe.
enum SampleReductions {
    /// The largest magnitude among `count` samples from `start` (0 for none).
    ///
    /// Eight at a time in two vectors, each lane kept by a compare-and-replace (`max` itself
    /// minds NaN; the readers make every sample finite). Magnitudes are the samples with the
    /// sign bit cleared.
    @inline(__always)
    static func peakMagnitude(_ start: UnsafePointer<Float>, count: Int) -> Float {
        let raw = UnsafeRawPointer(start)
        @inline(__always) func magnitudes(_ index: Int) -> SIMD4<Float> {
            raw.loadUnaligned(fromByteOffset: index &* 4, as: SIMD4<Float>.self).magnitudes
        }
        var first = SIMD4<Float>.zero
        var second = SIMD4<Float>.zero
        var index = 0
        while index &+ 8 <= count {
            let low = magnitudes(index)
            let high = magnitudes(index &+ 4)
            first.replace(with: low, where: low .> first)
            second.replace(with: high, where: high .> second)
            index &+= 8
        }
        // The lanes folded in halves (no lane is NaN: a NaN never passes the compare), then the
        // last few, by comparison, not by branch: which lane holds the peak is a coin toss.
        @inline(__always) func greater(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
            SIMD4(
                a[0] > b[0] ? a[0] : b[0], a[1] > b[1] ? a[1] : b[1], a[2] > b[2] ? a[2] : b[2],
                a[3] > b[3] ? a[3] : b[3])
        }
        let four = greater(first, second)
        let two = greater(four, SIMD4(four[2], four[3], four[0], four[1]))
        var peak = two[0] > two[1] ? two[0] : two[1]
        while index < count {
            let magnitude = abs(start[index])
            peak = magnitude > peak ? magnitude : peak
            index &+= 1
        }
        return peak
    }

    /// The sum of `count` samples from `start`, in double precision.
    ///
    /// Summed in single precision across eight lanes for 512 samples at a time (64 terms a
    /// lane: rounding stays near a millionth of the run's magnitude), each run's sum added in
    /// double precision.
    static func sum(_ start: UnsafePointer<Float>, count: Int) -> Double {
        var index = 0
        var sum = 0.0
        let raw = UnsafeRawPointer(start)
        while index + 8 <= count {
            let end = min(count & ~7, index + 512)
            var lanes = SIMD8<Float>(repeating: 0)
            while index < end {
                lanes += raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
                index += 8
            }
            let four = SIMD4<Double>(lanes.lowHalf) + SIMD4<Double>(lanes.highHalf)
            sum += (four[0] + four[1]) + (four[2] + four[3])
        }
        while index < count {
            sum += Double(start[index])
            index += 1
        }
        return sum
    }

    /// The value that would be at `rank` (from 0) if `values` were sorted; `values` is
    /// reordered, not sorted (Hoare's selection: linear time on average, where a sort is not).
    static func select(_ rank: Int, in values: inout [Float]) -> Float {
        precondition(values.indices.contains(rank))
        var low = 0
        var high = values.count - 1
        while low < high {
            // The median of the range's ends and middle as the pivot: sorted or constant input stays linear.
            let middle = low + (high - low) / 2
            let pivot = max(min(values[low], values[high]), min(max(values[low], values[high]), values[middle]))
            var left = low
            var right = high
            while left <= right {
                while values[left] < pivot { left += 1 }
                while values[right] > pivot { right -= 1 }
                if left <= right {
                    values.swapAt(left, right)
                    left += 1
                    right -= 1
                }
            }
            // Now low...right holds values <= pivot, left...high values >= pivot, and any between equal it.
            if rank <= right {
                high = right
            } else if rank >= left {
                low = left
            } else {
                return values[rank]
            }
        }
        return values[rank]
    }
}
