/// Halves a stream's rate by averaging each pair of samples: the cheapest low-pass there is
/// (a zero at the new Nyquist frequency), enough where the signal's own bandwidth lies far
/// below it. Output sample `k` stands for the moment between input samples `2k` and `2k + 1`
/// (position `2k + 0.5` at the input's rate); an odd last sample is left out.
enum PairAverager {
    /// `samples` at half their rate (`samples.count / 2` values).
    static func halved(_ samples: UnsafeBufferPointer<Float>) -> [Float] {
        let count = samples.count / 2
        return [Float](unsafeUninitializedCapacity: count) { halved, initialized in
            if let source = samples.baseAddress, let target = halved.baseAddress {
                average(source, pairs: count, to: target)
            }
            initialized = count
        }
    }

    /// Writes the averages of `pairs` pairs from `source` to `target`: four pairs a step (two
    /// vector loads, one shuffle for each of the pairs' halves), then the last few one by one.
    /// Each average is `0.5 * (first + second)`, the same float whichever way it is computed.
    private static func average(_ source: UnsafePointer<Float>, pairs: Int, to target: UnsafeMutablePointer<Float>) {
        let raw = UnsafeRawPointer(source)
        let out = UnsafeMutableRawPointer(target)
        var pair = 0
        while pair &+ 4 <= pairs {
            let low = raw.loadUnaligned(fromByteOffset: pair &* 8, as: SIMD4<Float>.self)
            let high = raw.loadUnaligned(fromByteOffset: pair &* 8 &+ 16, as: SIMD4<Float>.self)
            let firsts = SIMD4(low[0], low[2], high[0], high[2])
            let seconds = SIMD4(low[1], low[3], high[1], high[3])
            out.storeBytes(of: 0.5 * (firsts + seconds), toByteOffset: pair &* 4, as: SIMD4<Float>.self)
            pair &+= 4
        }
        while pair < pairs {
            target[pair] = 0.5 * (source[2 &* pair] + source[2 &* pair &+ 1])
            pair &+= 1
        }
    }
}
