/// The background's level as a swipe detector hears it: the peak of a block and the mean
/// square over the last 20 ms (one mains period, so hum reads as steady). Outside a swipe
/// it follows the background down quickly and up slowly; inside one, only down.
struct NoiseFloor: Sendable {
    /// The background's peak level in a block.
    private(set) var peak: Float = 0
    /// The background's mean square.
    private(set) var energy: Float = 0
    private var recent = RecentMeanSquare()
    /// Blocks to wait before learning the floor again from scratch (0: none pending).
    private var relearnInBlocks = 0

    /// Learns the floor from the stream's first block; returns its mean square.
    mutating func start(peak: Float, meanSquare: Float) -> Float {
        recent.fill(meanSquare)
        let recentEnergy = recent.add(meanSquare)
        self.peak = peak
        energy = recentEnergy
        return recentEnergy
    }

    /// Takes a block's peak and mean square; returns the mean square over the last 20 ms.
    mutating func measure(peak: Float, meanSquare: Float) -> Float {
        if relearnInBlocks > 0 {
            relearnInBlocks -= 1
            if relearnInBlocks == 0 {
                recent.fill(meanSquare)
                self.peak = peak
                energy = meanSquare
            }
        }
        return recent.add(meanSquare)
    }

    /// Whether a stretch at `recentEnergy` stands out of the background by `ratio` in level
    /// (and above `absoluteFloor`, a peak level at full scale 1).
    func isLoud(_ recentEnergy: Float, ratio: Float, absoluteFloor: Float) -> Bool {
        recentEnergy > max(energy * ratio * ratio, absoluteFloor * absoluteFloor)
    }

    /// Follows a quiet block outside a swipe: down quickly, up slowly.
    mutating func follow(peak: Float, energy: Float) {
        self.peak += (peak < self.peak ? 0.3 : 0.01) * (peak - self.peak)
        self.energy += (energy < self.energy ? 0.3 : 0.01) * (energy - self.energy)
    }

    /// Follows a quiet block inside a swipe: only down (its pulses must not raise the floor).
    mutating func followDown(peak: Float, energy: Float) {
        if peak < self.peak { self.peak += 0.3 * (peak - self.peak) }
        if energy < self.energy { self.energy += 0.3 * (energy - self.energy) }
    }

    /// Raises the floor at once: the background got louder than anything swipes for so long.
    mutating func raise(peak: Float, energy: Float) {
        self.peak = max(self.peak * 2, peak)
        self.energy = max(self.energy * 4, energy)
    }

    /// Learns the floor again from the block `blocks` from now (the signal changed: hum is
    /// being cancelled, and the activity filter must settle on what is left first).
    mutating func relearn(afterBlocks blocks: Int) {
        relearnInBlocks = blocks
    }
}
