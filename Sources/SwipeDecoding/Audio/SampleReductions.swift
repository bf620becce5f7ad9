/// Sums and peaks over runs of samples, eight lanes at a time: the scalar loops they
/// replace wait on the previous sample's result (a floating-point sum cannot be
/// reordered by the compiler), and the decoder runs them over every sample of a swipe.
enum SampleReductions {
    /// The largest magnitude among `count` samples from `start` (0 for none).
    @inline(__always)
    static func peakMagnitude(_ start: UnsafePointer<Float>, count: Int) -> Float {
        var index = 0
        var peak: Float = 0
        if count >= 8 {
            var lanes = SIMD8<Float>(repeating: 0)
            let raw = UnsafeRawPointer(start)
            while index + 8 <= count {
                let value = raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
                let magnitude = value.replacing(with: -value, where: value .< 0)
                lanes = lanes.replacing(with: magnitude, where: magnitude .> lanes)
                index += 8
            }
            peak = maximum(lanes)
        }
        while index < count {
            peak = max(peak, abs(start[index]))
            index += 1
        }
        return peak
    }

    /// The largest of eight values.
    @inline(__always)
    static func maximum(_ values: SIMD8<Float>) -> Float {
        let four = values.lowHalf.replacing(with: values.highHalf, where: values.highHalf .> values.lowHalf)
        let two = four.lowHalf.replacing(with: four.highHalf, where: four.highHalf .> four.lowHalf)
        return max(two[0], two[1])
    }

    /// The sum of `count` samples from `start`, in double precision.
    static func sum(_ start: UnsafePointer<Float>, count: Int) -> Double {
        var index = 0
        var sum = 0.0
        if count >= 8 {
            var sums = SIMD8<Double>(repeating: 0)
            let raw = UnsafeRawPointer(start)
            while index + 8 <= count {
                sums += SIMD8<Double>(raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self))
                index += 8
            }
            let four = sums.lowHalf + sums.highHalf
            let two = four.lowHalf + four.highHalf
            sum = two[0] + two[1]
        }
        while index < count {
            sum += Double(start[index])
            index += 1
        }
        return sum
    }
}
