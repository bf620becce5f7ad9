/// Cuts swipes out of one channel of a continuous stream, chunk by chunk, in bounded memory.
///
/// Activity is measured on a high-passed copy (DC offset and mains hum gone), in
/// blocks of about 2 ms, at about 22 kHz whatever the stream's rate. The detector
/// tracks the noise floor (it follows quiet blocks quickly and loud ones slowly) and
/// opens a segment when a block's peak stands well above it. A segment closes after a stretch of quiet long enough
/// to hold the slowest swipe's bit gaps, and is capped in length so a stuck
/// signal cannot grow memory without bound.
public struct SwipeDetector: Sendable {
    /// Settings, in seconds and ratios.
    public struct Settings: Sendable {
        /// Cutoff of the high-pass that measures activity, in Hz; keeps DC and 50/60 Hz hum out of it.
        public var highPassCutoff = 150.0
        /// Measuring block length.
        public var blockDuration = 0.002
        /// A block whose RMS is this many times the background's opens or extends a swipe.
        public var triggerRatio: Float = 1.7
        /// Quiet time that closes a swipe.
        public var hangover = 0.35
        /// Quiet time after which the swipe so far may be looked at early (see
        /// ``SwipeDetector/earlyLookAvailable``): most swipes are whole by then, and a
        /// card read from them need not wait for the hangover.
        public var earlyLook = 0.03
        /// Longest swipe looked at early: longer activity is not one hand swipe (the
        /// slowest, 3 ips, lasts about 1.1 s), and looking at it again and again as it
        /// grows would cost more than waiting.
        public var earlyLookMaximumDuration = 2.0
        /// Early looks at one swipe at most (one per pause in it).
        public var earlyLooksPerSwipe = 3
        /// Audio before the trigger that an early look reads. Less than ``margin``: the look
        /// is for the usual swipe, and a swipe whose quiet start it misses is read whole when
        /// its segment closes.
        public var earlyLookMargin = 0.1
        /// Audio kept before the trigger and after the last loud block: the slow, quiet
        /// start or end of a hand swipe can stay under the trigger.
        public var margin = 0.35
        /// Shortest segment worth decoding.
        public var minimumDuration = 0.012
        /// Longest segment; longer activity is cut here.
        public var maximumDuration = 6.0
        /// Below this peak level (full scale = 1) nothing counts as a swipe.
        public var absoluteFloor: Float = 2e-4
        /// Seconds between checks of the background for mains hum strong enough to cancel
        /// (see ``MainsHumCheck``); a check looks at the last quarter second, once it was quiet.
        public var humCheckInterval = 5.0

        /// The default settings.
        public init() {}
    }

    /// The channel this detector watches.
    public let channel: Int
    /// Samples per second.
    public let sampleRate: Double
    private let settings: Settings
    private let blockSize: Int
    private let hangoverBlocks: Int
    private let earlyLookBlocks: Int
    private let earlyLookMaximumSamples: Int
    private var earlyLookTaken = false
    /// After a swipe closed at an early look, what follows within the hangover is its end (the
    /// card leaving the head), not a new swipe: no segment opens before this sample.
    private var quietUntil = 0
    private var earlyLooks = 0
    private let marginSamples: Int
    private let earlyLookMarginSamples: Int
    /// Where the open segment's first loud block began.
    private var triggerStart = 0
    private let maximumSamples: Int
    private let minimumSamples: Int
    private let humCheckIntervalSamples: Int

    private let conditioner = SegmentConditioner()
    /// Cancels mains hum before anything else, once the background showed it dominates.
    private var hum: HumCanceller?
    /// Whether ``hum`` is set: asked every block, where asking the optional itself calls out to
    /// read its tag.
    private var cancellingHum = false
    /// Consecutive quiet blocks outside a swipe, and samples since the background was last checked for hum.
    private var quietRun = 0
    private var sinceHumCheck = Int.max / 2
    private var relearnFloorInBlocks = 0
    private var filter: ActivityFilter
    /// The activity filter measures every `measureStep`-th sample: a 2 ms block's mean square and
    /// peak are estimated as well from its samples at about 22 kHz as from all of them (the pulses
    /// of the fastest swipe a rate can read span several samples), and the filter is the
    /// detector's largest cost. Every second sample at 44.1 and 48 kHz, every fourth at 88.2 and
    /// 96 kHz.
    private let measureStep: Int
    /// Samples of a block the filter measures.
    private let measuredPerBlock: Int
    /// The sums of the blocks one pass of the filter measured.
    private var passEnergies: [Float] = []
    private var passPeaks: [Float] = []
    private var history: [Float]  // ring of recent raw samples, for the pre-trigger margin
    private var historyHead = 0
    private var historyFilled = 0
    private var samplesSeen = 0
    private var blockPeak: Float = 0
    private var blockEnergy: Float = 0
    private var energyFloor: Float = 0
    private var recentEnergies = RecentMeanSquare()
    private var blockFill = 0
    private var noiseFloor: Float = 0
    private var calibrated = false
    private var current: [Float]?
    private var currentStart = 0
    /// The storage of the last swipe an early look read, emptied, for the next one: a swipe's
    /// samples outgrow a new array's first capacity, and a new array's pages are new to the
    /// processor (a copy and page faults a swipe, as much as collecting it).
    private var spareStorage: [Float] = []
    private var quietBlocks = 0
    private var lastLoudEnd = 0
    /// The stream began in the middle of something: the segment opened at its first
    /// sample is kept until what follows tells a swipe (it was louder than the floor
    /// that follows) from the background (it never was).
    private var provisional = false
    private var provisionalEnergies: [Float] = []
    private var provisionalMaximum: Float = 0
    /// The open segment began provisional: the floor may have been learned from the swipe itself.
    private var floorUncertain = false

    /// Creates a detector for `channel` of a stream at `sampleRate`.
    public init(channel: Int, sampleRate: Double, settings: Settings = Settings()) {
        self.channel = channel
        self.sampleRate = sampleRate
        self.settings = settings
        blockSize = max(8, Int(settings.blockDuration * sampleRate))
        hangoverBlocks = max(1, Int(settings.hangover / settings.blockDuration))
        earlyLookBlocks = max(1, Int(settings.earlyLook / settings.blockDuration))
        earlyLookMaximumSamples = Int(settings.earlyLookMaximumDuration * sampleRate)
        marginSamples = Int(settings.margin * sampleRate)
        earlyLookMarginSamples = Int(settings.earlyLookMargin * sampleRate)
        maximumSamples = Int(settings.maximumDuration * sampleRate)
        minimumSamples = Int(settings.minimumDuration * sampleRate)
        humCheckIntervalSamples = Int(settings.humCheckInterval * sampleRate)
        let wanted = max(1, Int(sampleRate / Self.measureRate))
        // A block is measured from its first sample: each holds the same number of measured ones.
        measureStep = blockSize % wanted == 0 ? wanted : 1
        measuredPerBlock = blockSize / measureStep
        filter = ActivityFilter(highPass: settings.highPassCutoff, sampleRate: sampleRate / Double(measureStep))
        history = [Float](repeating: 0, count: max(1, marginSamples + blockSize))
    }

    /// Whether a swipe is being collected right now (a provisional segment at the
    /// stream's start is not one until it proves to be).
    public var isInsideSwipe: Bool { current != nil && !provisional }

    /// Where the swipe being collected started, if one is open. A provisional segment
    /// counts for its first 2 seconds (a swipe's other head may still be in it: a
    /// dual-head swipe is one swipe), not after (an idle channel must not hold up the others).
    public var openSwipeStart: Int? {
        guard let current else { return nil }
        if provisional, current.count > earlyLookMaximumSamples { return nil }
        return currentStart
    }

    /// Whether the open swipe has been quiet long enough to be looked at before it
    /// closes, and has not been looked at in this quiet stretch yet.
    public var earlyLookAvailable: Bool {
        guard let current, !provisional, !earlyLookTaken, earlyLooks < settings.earlyLooksPerSwipe else {
            return false
        }
        return quietBlocks >= earlyLookBlocks && quietBlocks < hangoverBlocks
            && current.count <= earlyLookMaximumSamples + marginSamples
    }

    /// The open swipe so far, conditioned like a closed one, for an early look; the
    /// swipe stays open until ``closeAfterEarlyLook()`` or its hangover closes it.
    public mutating func earlySegment() -> SwipeSegment? {
        guard earlyLookAvailable, let samples = current else { return nil }
        earlyLookTaken = true
        earlyLooks += 1
        guard samples.count >= minimumSamples else { return nil }
        // A segment that began provisional has no trigger of its own: it is read whole.
        let skip = floorUncertain ? 0 : max(0, min(samples.count, triggerStart - earlyLookMarginSamples - currentStart))
        // To the quiet the look waited for past the last loud block, not to the end of the chunk
        // that brought it (up to a capture period more of quiet, read for nothing).
        let end = max(skip, min(samples.count, lastLoudEnd + earlyLookBlocks * blockSize - currentStart))
        let conditioned = samples.withUnsafeBufferPointer {
            conditioner.conditioned(UnsafeBufferPointer(rebasing: $0[skip..<end]))
        }
        return SwipeSegment(
            channel: channel, startSample: currentStart + skip, samples: conditioned, sampleRate: sampleRate,
            noiseLevel: floorUncertain ? min(noiseFloor, Self.backgroundPeak(conditioned)) : noiseFloor)
    }

    /// Ends the open swipe without a segment: its early look gave a card.
    public mutating func closeAfterEarlyLook() {
        if var storage = current.take() {
            storage.removeAll(keepingCapacity: true)
            spareStorage = storage
        }
        quietUntil = samplesSeen + hangoverBlocks * blockSize
        historyFilled = 0  // the pre-roll belongs to the swipe just read
    }

    /// Index (per channel) of the next sample to arrive.
    public var position: Int { samplesSeen }

    /// Feeds the samples of this channel taken from `interleaved` (every `stride`-th
    /// value from `offset`), returning the swipes that ended inside them.
    public mutating func process(_ interleaved: UnsafeBufferPointer<Float>, offset: Int, stride: Int) -> [SwipeSegment]
    {
        if stride == 1 && offset == 0 { return process(interleaved) }
        let frames = ChannelSplitter.frames(in: interleaved.count, channel: offset, stride: stride)
        let channel = [Float](unsafeUninitializedCapacity: frames) { buffer, initialized in
            if let target = buffer.baseAddress {
                ChannelSplitter.copy(interleaved, channel: offset, stride: stride, to: target)
            }
            initialized = frames
        }
        return channel.withUnsafeBufferPointer { process($0) }
    }

    /// Feeds consecutive samples of this channel, returning the swipes that ended inside them.
    public mutating func process(_ samples: UnsafeBufferPointer<Float>) -> [SwipeSegment] {
        var finished: [SwipeSegment] = []
        var position = 0
        while position < samples.count {
            if !cancellingHum, blockFill == 0, measuredPerBlock % 4 == 0, samples.count - position >= 2 * blockSize {
                position = absorbWholeBlocks(samples, from: position, into: &finished)
                continue
            }
            let take = min(blockSize - blockFill, samples.count - position)
            let part = UnsafeBufferPointer(rebasing: samples[position..<(position + take)])
            if cancellingHum {
                // A swipe's pulses must not teach the canceller's template: it learns on the
                // background (activity far longer than a hand swipe is hum it has not caught) and
                // on the quiet stretches of a swipe (the pulses there are capped).
                let learning =
                    current == nil || provisional || current!.count > earlyLookMaximumSamples || quietBlocks >= 2
                // The block is cleaned into a buffer on the stack (no more than a block: a few hundred
                // samples), by the canceller in place (`hum!`): taking it out of its optional and back
                // would retain and release each of its arrays every block.
                withUnsafeTemporaryAllocation(of: Float.self, capacity: take) { cleaned in
                    hum!.process(part, into: cleaned.baseAddress!, learning: learning)
                    absorb(UnsafeBufferPointer(cleaned))
                }
            } else {
                absorb(part)
            }
            position += take
            if blockFill == blockSize, let segment = endBlock() { finished.append(segment) }
        }
        return finished
    }

    /// Absorbs whole blocks from `start` on, as many as one pass of the activity filter
    /// measures, and ends each; returns where it stopped. (Block by block, the filter's set-up
    /// costs as much as a 2 ms block's filtering at 22 kHz.) Hum cancelling must not be on: it
    /// changes the samples before they are measured. When it starts at one of these blocks'
    /// ends, the pass stops there, the filter taken back to that block's end.
    private mutating func absorbWholeBlocks(
        _ samples: UnsafeBufferPointer<Float>, from start: Int, into finished: inout [SwipeSegment]
    ) -> Int {
        let blocks = min((samples.count - start) / blockSize, Self.blocksPerPass)
        let span = UnsafeBufferPointer(rebasing: samples[start..<(start + blocks * blockSize)])
        let before = filter.state
        measureBlocks(span)
        for block in 0..<blocks {
            let part = UnsafeBufferPointer(rebasing: span[(block * blockSize)..<((block + 1) * blockSize)])
            // As `measure` adds a block's sums to the empty block's.
            blockEnergy += passEnergies[block]
            blockPeak = max(blockPeak, passPeaks[block])
            keep(part)
            if let segment = endBlock() { finished.append(segment) }
            if cancellingHum {
                filter.state = before
                measureBlocks(UnsafeBufferPointer(rebasing: span[..<((block + 1) * blockSize)]))
                return start + (block + 1) * blockSize
            }
        }
        return start + blocks * blockSize
    }

    /// Blocks measured in one pass of the activity filter, at most: its scratch space (two
    /// floats a sample) stays in the first-level cache at 96 kHz.
    private static let blocksPerPass = 16

    /// Measures the whole blocks of `span` (which begins at a block's start) into `passEnergies`
    /// and `passPeaks`.
    private mutating func measureBlocks(_ span: UnsafeBufferPointer<Float>) {
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

    /// Measures, keeps and collects `part` (no more than the rest of the block).
    private mutating func absorb(_ part: UnsafeBufferPointer<Float>) {
        Self.withMeasuredSamples(of: part, from: blockFill, step: measureStep) { measured in
            filter.measure(measured, energy: &blockEnergy, peak: &blockPeak)
        }
        keep(part)
    }

    /// The lowest rate activity is measured at, in Hz (see ``measureStep``).
    private static let measureRate = 22_000.0

    /// Calls `body` with the samples of `part` the activity filter measures: all of them, or
    /// every ``measureStep``-th sample of each block (the block's first, then every step), `part`
    /// beginning `offset` samples into a block.
    private static func withMeasuredSamples(
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

    /// Keeps `part` (no more than the rest of the block) in the history ring and the open segment.
    private mutating func keep(_ part: UnsafeBufferPointer<Float>) {
        remember(part)
        if current != nil { current!.append(contentsOf: part) }
        samplesSeen += part.count
        blockFill += part.count
    }

    /// Feeds a whole mono buffer.
    public mutating func process(_ samples: [Float]) -> [SwipeSegment] {
        samples.withUnsafeBufferPointer { process($0) }
    }

    /// Copies `part` into the history ring, wrapping around.
    private mutating func remember(_ part: UnsafeBufferPointer<Float>) {
        let size = history.count
        var source = part.count > size ? part.count - size : 0
        var head = historyHead
        history.withUnsafeMutableBufferPointer { ring in
            while source < part.count {
                let run = min(part.count - source, size - head)
                (ring.baseAddress! + head).update(from: part.baseAddress! + source, count: run)
                head += run
                if head == size { head = 0 }  // (no division: it would cost as much as a block's copy)
                source += run
            }
        }
        historyHead = head
        historyFilled = min(historyFilled + part.count, size)
    }

    /// Ends the stream: returns the swipe still open, if any. A stream that never
    /// changed its level (a recording cut tight around one swipe, or only background)
    /// ends with a provisional segment: its reading counts only when it is a whole track.
    public mutating func finish() -> [SwipeSegment] {
        guard current != nil else { return [] }
        let wasProvisional = provisional
        provisional = false
        guard var segment = close(trimTo: samplesSeen) else { return [] }
        if wasProvisional {
            segment.provisional = true
            // No quiet stretch was heard to measure the background: estimate it from the samples.
            segment.noiseLevel = Self.backgroundPeak(segment.samples)
        }
        return [segment]
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

    private mutating func endBlock() -> SwipeSegment? {
        let peak = blockPeak
        // Mean square over the last 20 ms: a whole mains period, so hum reads as steady.
        let blockMeanSquare = blockEnergy / Float(measuredPerBlock)
        if relearnFloorInBlocks > 0 {
            relearnFloorInBlocks -= 1
            if relearnFloorInBlocks == 0 {
                recentEnergies.fill(blockMeanSquare)
                noiseFloor = peak
                energyFloor = blockMeanSquare
            }
        }
        if !calibrated { recentEnergies.fill(blockMeanSquare) }
        let energy = recentEnergies.add(blockMeanSquare)
        blockPeak = 0
        blockEnergy = 0
        blockFill = 0
        sinceHumCheck += blockSize
        if !calibrated {
            noiseFloor = peak
            energyFloor = energy
            calibrated = true
            // Nothing is known yet about the background: the stream may start inside a swipe
            // (a tight recording, capture started mid-swipe). Keep it from its first sample.
            open()
            provisional = true
            // The activity filter starts from rest: its first block can hold a step's transient.
            provisionalEnergies = [0]
            provisionalMaximum = 0
            return nil
        }
        if provisional { return provisionalBlock(peak: peak, energy: energy) }
        // Loudness is judged on the block's mean square: over a block, noise power is
        // steady where its peaks are not, so a low ratio stays safe at 15 dB SNR.
        let ratio = settings.triggerRatio
        let loud = energy > max(energyFloor * ratio * ratio, settings.absoluteFloor * settings.absoluteFloor)
        if current == nil {
            if samplesSeen < quietUntil { return nil }
            if loud {
                open()
                lastLoudEnd = samplesSeen
            } else {
                noteQuietBlock()
                // Follow the floor down quickly and up slowly.
                noiseFloor += (peak < noiseFloor ? 0.3 : 0.01) * (peak - noiseFloor)
                energyFloor += (energy < energyFloor ? 0.3 : 0.01) * (energy - energyFloor)
            }
            return nil
        }
        if loud {
            quietBlocks = 0
            earlyLookTaken = false
            lastLoudEnd = samplesSeen
        } else {
            quietBlocks += 1
            if peak < noiseFloor { noiseFloor += 0.3 * (peak - noiseFloor) }
            if energy < energyFloor { energyFloor += 0.3 * (energy - energyFloor) }
        }
        if quietBlocks >= hangoverBlocks {
            return close(trimTo: min(samplesSeen, lastLoudEnd + marginSamples))
        }
        // Longer than a hand swipe, or a swipe from the stream's first sample: perhaps hum louder
        // than the floor it was opened against.
        if !cancellingHum, current!.count > (floorUncertain ? humCheckSamples : earlyLookMaximumSamples),
            sinceHumCheck >= humCheckIntervalSamples
        {
            sinceHumCheck = 0
            checkForHum()
        }
        if current!.count >= maximumSamples {
            // Nothing swipes this long: the background got louder. Re-learn it.
            noiseFloor = max(noiseFloor * 2, peak)
            energyFloor = max(energyFloor * 4, energy)
            return close(trimTo: samplesSeen)
        }
        return nil
    }

    /// One block of the provisional segment: the floor is learned as outside a swipe; once
    /// an earlier block stands above it, the segment is a swipe from its first loud block.
    private mutating func provisionalBlock(peak: Float, energy: Float) -> SwipeSegment? {
        let earlierMaximum = provisionalMaximum
        provisionalEnergies.append(energy)
        provisionalMaximum = max(provisionalMaximum, energy)
        let ratio = settings.triggerRatio
        let threshold = max(energyFloor * ratio * ratio, settings.absoluteFloor * settings.absoluteFloor)
        // Earlier blocks count only when they stand well above the floor learned since: the
        // background's own ups and downs must not open a segment back in time.
        let earlierThreshold = threshold * 4
        let loudNow = energy > threshold
        let loudBefore = earlierMaximum > earlierThreshold
        if !loudNow {
            noiseFloor += (peak < noiseFloor ? 0.3 : 0.01) * (peak - noiseFloor)
            energyFloor += (energy < energyFloor ? 0.3 : 0.01) * (energy - energyFloor)
        }
        // Nothing is known of the background yet: check it for hum whatever it holds.
        quietRun = provisionalEnergies.count
        noteQuietBlock()
        if current == nil { return nil }  // hum was found: the provisional segment was hum
        guard loudNow || loudBefore else {
            if current!.count >= maximumSamples {
                // Background all along: listen as usual from here.
                current = nil
                provisional = false
                provisionalEnergies = []
            }
            return nil
        }
        let firstLoud =
            loudBefore ? provisionalEnergies.firstIndex { $0 > earlierThreshold }! : provisionalEnergies.count - 1
        let lastLoud = loudNow ? provisionalEnergies.count - 1 : provisionalEnergies.lastIndex { $0 > threshold }!
        let blockCount = provisionalEnergies.count
        provisional = false
        // The floor was learned inside the provisional segment: it may be a swipe's own level.
        floorUncertain = true
        provisionalEnergies = []
        // The segment started with the stream's first block; the loud blocks were counted from there.
        let drop = max(0, min(current!.count, firstLoud * blockSize - marginSamples))
        current!.removeFirst(drop)
        currentStart += drop
        lastLoudEnd = samplesSeen - (blockCount - 1 - lastLoud) * blockSize
        quietBlocks = blockCount - 1 - lastLoud
        if quietBlocks >= hangoverBlocks { return close(trimTo: min(samplesSeen, lastLoudEnd + marginSamples)) }
        return nil
    }

    /// Counts a quiet block outside a swipe; after a quarter second of them, now and then,
    /// checks the background for hum.
    private mutating func noteQuietBlock() {
        quietRun += 1
        guard !cancellingHum, quietRun * blockSize >= humCheckSamples,
            sinceHumCheck >= humCheckIntervalSamples
        else { return }
        sinceHumCheck = 0
        checkForHum()
    }

    /// Quiet audio the hum check looks at: a dozen mains periods.
    private var humCheckSamples: Int { Int(0.25 * sampleRate) }

    /// Starts cancelling mains hum when the quiet audio heard last shows it dominates the
    /// detection band; the canceller learns it from that audio, which it then replaces.
    private mutating func checkForHum() {
        let background = recentHistory(min(historyFilled, humCheckSamples))
        // Checked as activity is measured: at about 22 kHz (hum's harmonics lie far below).
        var measured = background
        if measureStep > 1 {
            background.withUnsafeBufferPointer { background in
                Self.withMeasuredSamples(of: background, from: 0, step: measureStep) { measured = Array($0) }
            }
        }
        guard
            let mains = MainsHumCheck.dominantMains(
                in: measured, sampleRate: sampleRate / Double(measureStep), highPassCutoff: settings.highPassCutoff)
        else { return }
        var canceller = HumCanceller(mainsFrequency: mains, sampleRate: sampleRate)
        canceller.learn(background)
        // What was kept from before (the ring, a segment open now) was heard with the hum.
        history.withUnsafeMutableBufferPointer { ring in
            // Oldest first: the part after the head, then the part before it.
            let older = UnsafeMutableBufferPointer(rebasing: ring[historyHead...])
            let newer = UnsafeMutableBufferPointer(rebasing: ring[..<historyHead])
            var unrolled = Array(older) + Array(newer)
            unrolled.withUnsafeMutableBufferPointer { canceller.cancelEarlier($0) }
            for index in unrolled.indices { ring[(historyHead + index) % ring.count] = unrolled[index] }
        }
        current?.withUnsafeMutableBufferPointer { canceller.cancelEarlier($0) }
        hum = canceller
        cancellingHum = true
        // The floor was hum: learn it again from what is left, once the activity filter has
        // settled on the cleaned signal.
        relearnFloorInBlocks = 3
    }

    /// The last `count` samples of the history ring (no more than it holds), oldest first.
    private func recentHistory(_ count: Int) -> [Float] {
        var samples = [Float]()
        appendRecentHistory(count, to: &samples)
        return samples
    }

    /// Appends the last `count` samples of the history ring (no more than it holds) to `samples`, oldest first.
    private func appendRecentHistory(_ count: Int, to samples: inout [Float]) {
        samples.reserveCapacity(samples.count + count)
        // Up to two runs, before and after the ring's seam.
        let readIndex = (historyHead - count + history.count) % history.count
        let firstRun = min(count, history.count - readIndex)
        samples.append(contentsOf: history[readIndex..<(readIndex + firstRun)])
        samples.append(contentsOf: history[0..<(count - firstRun)])
    }

    private mutating func open() {
        floorUncertain = false
        quietRun = 0
        // Start with the margin before this block, from the history ring.
        let wanted = min(historyFilled, marginSamples + blockSize)
        var samples = spareStorage
        spareStorage = []
        samples.reserveCapacity(max(wanted, Int(sampleRate * 0.5)))
        appendRecentHistory(wanted, to: &samples)
        current = samples
        currentStart = samplesSeen - wanted
        triggerStart = samplesSeen - blockSize
        quietBlocks = 0
        earlyLookTaken = false
        earlyLooks = 0
    }

    private mutating func close(trimTo end: Int) -> SwipeSegment? {
        guard var samples = current else { return nil }
        current = nil
        let uncertain = floorUncertain
        floorUncertain = false
        let keep = max(0, min(samples.count, end - currentStart))
        samples.removeLast(samples.count - keep)
        guard samples.count >= minimumSamples else { return nil }
        conditioner.condition(&samples)
        return SwipeSegment(
            channel: channel, startSample: currentStart, samples: samples, sampleRate: sampleRate,
            noiseLevel: uncertain ? min(noiseFloor, Self.backgroundPeak(samples)) : noiseFloor)
    }
}
