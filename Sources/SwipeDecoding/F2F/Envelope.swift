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
        // (Selects, not branches: on noise, which neighbour is the loudest is a coin toss.)
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
