/// The mean of the last ten blocks' mean squares (20 ms of 2 ms blocks: one mains period,
/// so hum reads as steady), kept in one vector so that the mean, taken every block, is a
/// few vector adds rather than a chain of ten.
struct RecentMeanSquare: Sendable {
    /// Blocks averaged.
    static let blocks = 10
    /// The last blocks' values in lanes 0..<10 (the rest stay 0).
    private var values = SIMD16<Float>.zero
    private var next = 0

    /// Every block so far at `value` (a fresh start: the stream's first block, a floor learned again).
    mutating func fill(_ value: Float) {
        values = SIMD16(repeating: 0)
        for lane in 0..<Self.blocks { values[lane] = value }
    }

    /// Takes a block's mean square in place of the oldest and returns the new mean.
    mutating func add(_ value: Float) -> Float {
        values[next] = value
        next = next == Self.blocks - 1 ? 0 : next + 1
        // Halves added as a tree (the standard library's `sum()` adds lane after lane).
        let eight = values.lowHalf + values.highHalf
        let four = eight.lowHalf + eight.highHalf
        return ((four[0] + four[1]) + (four[2] + four[3])) / Float(Self.blocks)
    }
}
