/// The stream's start, which may be the middle of a swipe (a recording cut tight, capture
/// started mid-swipe): kept whole from the first sample until what follows tells.
extension SwipeDetector {
    /// Starts the provisional segment at the stream's first block.
    mutating func startProvisional() {
        open()
        state = .provisional
        // The activity filter starts from rest: its first block can hold a step's transient.
        provisionalStart = ProvisionalStart(energies: [0], maximum: 0)
    }

    /// One block of the provisional segment: the floor is learned as outside a swipe; once
    /// an earlier block stands above it, the segment is a swipe from its first loud block.
    mutating func provisionalBlock(peak: Float, energy: Float) -> SwipeSegment? {
        let earlierMaximum = provisionalStart.maximum
        provisionalStart.energies.append(energy)
        provisionalStart.maximum = max(earlierMaximum, energy)
        let ratio = settings.triggerRatio
        let threshold = max(floor.energy * ratio * ratio, settings.absoluteFloor * settings.absoluteFloor)
        // Earlier blocks count only when they stand well above the floor learned since: the
        // background's own ups and downs must not open a segment back in time.
        let earlierThreshold = threshold * 4
        let loudNow = energy > threshold
        let loudBefore = earlierMaximum > earlierThreshold
        if !loudNow { floor.follow(peak: peak, energy: energy) }
        // Nothing is known of the background yet: check it for hum whatever it holds.
        quietRun = provisionalStart.energies.count
        noteQuietBlock()
        guard loudNow || loudBefore else {
            if segment!.samples.count >= maximumSamples {
                // Background all along: listen as usual from here.
                segment = nil
                state = .listening
                provisionalStart = ProvisionalStart()
            }
            return nil
        }
        let energies = provisionalStart.energies
        let firstLoud = loudBefore ? energies.firstIndex { $0 > earlierThreshold }! : energies.count - 1
        let lastLoud = loudNow ? energies.count - 1 : energies.lastIndex { $0 > threshold }!
        provisionalStart = ProvisionalStart()
        return becomeSwipe(firstLoudBlock: firstLoud, lastLoudBlock: lastLoud, of: energies.count)
    }

    /// The provisional segment is a swipe, loud from block `first` to block `last` of the
    /// `count` heard: it starts a margin before the first.
    private mutating func becomeSwipe(firstLoudBlock first: Int, lastLoudBlock last: Int, of count: Int)
        -> SwipeSegment?
    {
        state = .collecting
        // The floor was learned inside the provisional segment: it may be a swipe's own level.
        segment!.floorUncertain = true
        let drop = max(0, min(segment!.samples.count, first * blockSize - marginSamples))
        segment!.samples.removeFirst(drop)
        segment!.start += drop
        segment!.lastLoudEnd = samplesSeen - (count - 1 - last) * blockSize
        segment!.lastActiveEnd = segment!.lastLoudEnd
        segment!.quietBlocks = count - 1 - last
        segment!.settledBlocks = segment!.quietBlocks
        guard segment!.quietBlocks >= hangoverBlocks else { return nil }
        return close(trimTo: min(samplesSeen, segment!.lastLoudEnd + marginSamples))
    }

    /// The background's peak level in a stretch heard with no quiet around it, estimated
    /// from the quietest fifth of its samples (between head pulses the signal is the
    /// background; for Gaussian noise the 20th percentile of |x| is a quarter of sigma, a
    /// 2 ms block's peak about 3 sigma), and never more than 5% of the stretch's peak.
    static func backgroundPeak(_ samples: [Float]) -> Float {
        guard !samples.isEmpty else { return 0 }
        let step = max(1, samples.count / 4096)
        var magnitudes = Swift.stride(from: 0, to: samples.count, by: step).map { abs(samples[$0]) }
        let quietest = SampleReductions.select(magnitudes.count / 5, in: &magnitudes)
        let peak = samples.withUnsafeBufferPointer { SampleReductions.peakMagnitude($0.baseAddress!, count: $0.count) }
        return min(3 * quietest / 0.253, 0.05 * peak)
    }
}

/// The loudness of each block of a provisional segment so far, to find where a swipe in it began.
struct ProvisionalStart: Sendable {
    /// Each block's mean square over the last 20 ms.
    var energies: [Float] = []
    /// The largest of them.
    var maximum: Float = 0
}
