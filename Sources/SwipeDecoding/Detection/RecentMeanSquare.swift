/// The mean of the last ten blocks' mean squares (20 ms of 2 ms blocks: one mains period,
/// so hum reads as steady), taken every block: summed as a tree, so the adds do not wait
/// on each other one by one.
struct RecentMeanSquare: Sendable {
    /// Blocks averaged.
    static let blocks = 10
    /// The last ten in the first lanes of a vector, inline: an array would be checked for
    /// sharing (a call into the runtime) every block.
    private var values = SIMD16<Float>.zero
    private var next: Int32 = 0

    /// Every block so far at `value` (a fresh start: the stream's first block, a floor learned again).
    mutating func fill(_ value: Float) {
        values = SIMD16(repeating: value)
    }

    /// Takes a block's mean square in place of the oldest and returns the new mean.
    mutating func add(_ value: Float) -> Float {
        // Into its lane by a mask: the vector is replaced whole, never written one lane at a time.
        let lanes = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        values.replace(with: value, where: lanes .== SIMD16(repeating: next))
        let first = (values[0] + values[8]) + values[4]
        let second = (values[1] + values[9]) + values[5]
        let sum = (first + second) + ((values[2] + values[6]) + (values[3] + values[7]))
        next = next == Int32(Self.blocks - 1) ? 0 : next &+ 1
        return sum / Float(Self.blocks)
    }
}
