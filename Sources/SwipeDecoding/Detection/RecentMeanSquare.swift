/// The mean of the last ten blocks' mean squares (20 ms of 2 ms blocks: one mains period,
/// so hum reads as steady), taken every block: summed as a tree, so the adds do not wait
/// on each other one by one.
struct RecentMeanSquare: Sendable {
    /// Blocks averaged.
    static let blocks = 10
    /// The last ten in the first lanes of a vector, inline: an array would be checked for
    /// sharing (a call into the runtime) every block.
    private var values = SIMD16<Float>.zero
    private var next = 0

    /// Every block so far at `value` (a fresh start: the stream's first block, a floor learned again).
    mutating func fill(_ value: Float) {
        for index in 0..<Self.blocks { values[index] = value }
    }

    /// Takes a block's mean square in place of the oldest and returns the new mean.
    mutating func add(_ value: Float) -> Float {
        values[next] = value
        let first = (values[0] + values[8]) + values[4]
        let second = (values[1] + values[9]) + values[5]
        let sum = (first + second) + ((values[2] + values[6]) + (values[3] + values[7]))
        next = next == Self.blocks - 1 ? 0 : next + 1
        return sum / Float(Self.blocks)
    }
}
