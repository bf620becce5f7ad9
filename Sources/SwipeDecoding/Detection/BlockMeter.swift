/// Measures a channel's activity in blocks of about 2 ms: each block's energy and peak
/// after the detector's high-pass (``ActivityFilter``), which keeps DC offset and mains hum
/// out of them.
///
/// Activity is measured on every `measureStep`-th sample: a 2 ms block's mean square and
/// peak are estimated as well from its samples at about 22 kHz as from all of them (the
/// pulses of the fastest swipe a rate can read span several samples), and the filter is the
/// detector's largest cost. Every second sample at 44.1 and 48 kHz, every fourth at 88.2 and
/// 96 kHz.
struct BlockMeter: Sendable {
    /// Samples in a block.
    let blockSize: Int
    /// Every how many samples activity is measured.
    let measureStep: Int
    /// Samples of a block that are measured.
    let measuredPerBlock: Int
    /// Whether whole blocks can be measured in one pass (``measurePass(_:)``).
    var measuresWholeBlocks: Bool { measuredPerBlock % 4 == 0 }
    private var filter: ActivityFilter
    /// Samples of the block so far.
    private(set) var fill = 0
    private var energy: Float = 0
    private var peak: Float = 0
    /// The sums of the blocks of the last pass.
    private var passEnergies: [Float] = []
    private var passPeaks: [Float] = []

    /// The lowest rate activity is measured at, in Hz.
    static let measureRate = 22_000.0
    /// Blocks measured in one pass at most: the filter's scratch space (two floats a sample)
    /// stays small enough for the first-level cache at 96 kHz.
    static let blocksPerPass = 16

    /// A meter of blocks of `blockSize` samples at `sampleRate`, after a high-pass at `highPass` Hz.
    init(blockSize: Int, sampleRate: Double, highPass: Double) {
        self.blockSize = blockSize
        let wanted = max(1, Int(sampleRate / Self.measureRate))
        // A block is measured from its first sample: each holds the same number of measured ones.
        measureStep = blockSize % wanted == 0 ? wanted : 1
        measuredPerBlock = blockSize / measureStep
        filter = ActivityFilter(highPass: highPass, sampleRate: sampleRate / Double(measureStep))
    }

    /// Measures `part` (no more than the rest of the block) into the block's sums.
    mutating func absorb(_ part: UnsafeBufferPointer<Float>) {
        Self.withMeasuredSamples(of: part, from: fill, step: measureStep) { measured in
            filter.measure(measured, energy: &energy, peak: &peak)
        }
        fill += part.count
    }

    /// Measures the whole blocks of `span` (which begins at a block's start, the block so far
    /// empty) in one pass; ``absorbPassBlock(_:)`` then takes each into the block's sums. (Block
    /// by block, the filter's set-up costs as much as a 2 ms block's filtering at 22 kHz.)
    mutating func measurePass(_ span: UnsafeBufferPointer<Float>) {
        if passEnergies.isEmpty {
            passEnergies = [Float](repeating: 0, count: Self.blocksPerPass)
            passPeaks = passEnergies
        }
        let measuredPerBlock = measuredPerBlock
        Self.withMeasuredSamples(of: span, from: 0, step: measureStep) { measured in
            passEnergies.withUnsafeMutableBufferPointer { energies in
                passPeaks.withUnsafeMutableBufferPointer { peaks in
                    filter.measureBlocks(
                        measured, blockSize: measuredPerBlock, energies: energies.baseAddress!,
                        peaks: peaks.baseAddress!)
                }
            }
        }
    }

    /// Takes block `index` of the last pass as the block so far.
    mutating func absorbPassBlock(_ index: Int) {
        energy += passEnergies[index]
        peak = max(peak, passPeaks[index])
        fill += blockSize
    }

    /// Where the filter is in the stream, to go back to.
    var filterState: ActivityFilter.State {
        get { filter.state }
        set { filter.state = newValue }
    }

    /// Ends the block: its peak and mean square; the next block starts empty.
    mutating func endBlock() -> (peak: Float, meanSquare: Float) {
        let block = (peak, energy / Float(measuredPerBlock))
        peak = 0
        energy = 0
        fill = 0
        return block
    }

    /// Calls `body` with the samples of `part` that are measured: all of them, or every
    /// `measureStep`-th sample of each block (the block's first, then every step), `part`
    /// beginning `offset` samples into a block.
    static func withMeasuredSamples(
        of part: UnsafeBufferPointer<Float>, from offset: Int, step measureStep: Int,
        _ body: (UnsafeBufferPointer<Float>) -> Void
    ) {
        guard measureStep > 1 else { return body(part) }
        let skip = (measureStep - offset % measureStep) % measureStep
        guard skip < part.count else { return }
        let rest = UnsafeBufferPointer(rebasing: part[skip...])
        let count = ChannelSplitter.frames(in: rest.count, channel: 0, stride: measureStep)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: count) { measured in
            ChannelSplitter.copy(rest, channel: 0, stride: measureStep, to: measured.baseAddress!)
            body(UnsafeBufferPointer(measured))
        }
    }
}
