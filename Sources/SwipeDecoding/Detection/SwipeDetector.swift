/// Cuts swipes out of one channel of a continuous stream, chunk by chunk, in bounded memory.
///
/// Activity is measured in blocks of about 2 ms (``BlockMeter``) on a high-passed copy (DC
/// offset and mains hum gone). The detector tracks the background's level (``NoiseFloor``)
/// and opens a segment when a block stands well above it, starting with the audio kept
/// before it (``PreRollRing``): a hand swipe's slow start stays under the trigger. A
/// segment closes after a stretch of quiet long enough to hold the slowest swipe's bit
/// gaps, and is capped in length so a stuck signal cannot grow memory without bound. A
/// swipe may be read before that, at an early look in its first pauses. Mains hum that
/// dominates the background is cancelled before anything else (``HumCanceller``).
///
/// What it does with each block depends on its ``DetectorState``: calibrating on the first
/// block, provisional while the stream's start may be a swipe, listening, settling after a
/// swipe read early, or collecting a swipe.
public struct SwipeDetector: Sendable {
    /// The channel this detector watches.
    public let channel: Int
    /// Samples per second.
    public let sampleRate: Double
    let settings: Settings
    let blockSize: Int
    let hangoverBlocks: Int
    let earlyLookBlocks: Int
    let earlyLookMaximumSamples: Int
    let marginSamples: Int
    let earlyLookMarginSamples: Int
    let maximumSamples: Int
    let minimumSamples: Int
    let humCheckIntervalSamples: Int

    var state = DetectorState.calibrating
    /// The swipe being collected, or the stream's provisional start: set in the states
    /// ``DetectorState/collecting`` and ``DetectorState/provisional``.
    var segment: OpenSegment?
    var provisionalStart = ProvisionalStart()
    var meter: BlockMeter
    var floor = NoiseFloor()
    var preRoll: PreRollRing
    /// Samples of this channel heard so far.
    var samplesSeen = 0
    /// The storage of the last swipe an early look read, emptied, for the next one: a swipe's
    /// samples outgrow a new array's first capacity, and a new array's pages are new to the
    /// processor (a copy and page faults a swipe, as much as collecting it).
    var spareStorage: [Float] = []
    let conditioner = SegmentConditioner()

    /// Cancels mains hum before anything else, once the background showed it dominates.
    var hum: HumCanceller?
    /// Whether ``hum`` is set (asked every block).
    var cancellingHum = false
    /// Consecutive quiet blocks outside a swipe, and samples since the background was last checked for hum.
    var quietRun = 0
    var sinceHumCheck = Int.max / 2

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
        meter = BlockMeter(blockSize: blockSize, sampleRate: sampleRate, highPass: settings.highPassCutoff)
        preRoll = PreRollRing(capacity: marginSamples + blockSize)
    }

    /// Whether a swipe is being collected right now (a provisional segment at the
    /// stream's start is not one until it proves to be).
    public var isInsideSwipe: Bool { state == .collecting }

    /// Where the swipe being collected started, if one is open. A provisional segment
    /// counts for its first 2 seconds (a swipe's other head may still be in it: a
    /// dual-head swipe is one swipe), not after (an idle channel must not hold up the others).
    public var openSwipeStart: Int? {
        guard let segment else { return nil }
        if state == .provisional, segment.samples.count > earlyLookMaximumSamples { return nil }
        return segment.start
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

    /// Feeds a whole mono buffer.
    public mutating func process(_ samples: [Float]) -> [SwipeSegment] {
        samples.withUnsafeBufferPointer { process($0) }
    }

    /// Feeds consecutive samples of this channel, returning the swipes that ended inside them.
    public mutating func process(_ samples: UnsafeBufferPointer<Float>) -> [SwipeSegment] {
        var finished: [SwipeSegment] = []
        var position = 0
        while position < samples.count {
            if !cancellingHum, meter.fill == 0, meter.measuresWholeBlocks, samples.count - position >= 2 * blockSize {
                position = absorbWholeBlocks(samples, from: position, into: &finished)
                continue
            }
            let take = min(blockSize - meter.fill, samples.count - position)
            let part = UnsafeBufferPointer(rebasing: samples[position..<(position + take)])
            if cancellingHum { absorbCancellingHum(part) } else { absorb(part) }
            position += take
            if meter.fill == blockSize, let segment = endBlock() { finished.append(segment) }
        }
        return finished
    }

    /// Ends the stream: returns the swipe still open, if any. A stream that never
    /// changed its level (a recording cut tight around one swipe, or only background)
    /// ends with a provisional segment: its reading counts only when it is a whole track.
    public mutating func finish() -> [SwipeSegment] {
        guard segment != nil else { return [] }
        let wasProvisional = state == .provisional
        guard var closed = close(trimTo: samplesSeen) else { return [] }
        if wasProvisional {
            closed.provisional = true
            // No quiet stretch was heard to measure the background: estimate it from the samples.
            closed.noiseLevel = Self.backgroundPeak(closed.samples)
        }
        return [closed]
    }

    /// Absorbs whole blocks from `start` on, as many as one pass of the activity filter
    /// measures, and ends each; returns where it stopped. Hum cancelling must not be on: it
    /// changes the samples before they are measured. When it starts at one of these blocks'
    /// ends, the pass stops there, the filter taken back to that block's end.
    private mutating func absorbWholeBlocks(
        _ samples: UnsafeBufferPointer<Float>, from start: Int, into finished: inout [SwipeSegment]
    ) -> Int {
        let blocks = min((samples.count - start) / blockSize, BlockMeter.blocksPerPass)
        let span = UnsafeBufferPointer(rebasing: samples[start..<(start + blocks * blockSize)])
        let before = meter.filterState
        meter.measurePass(span)
        for block in 0..<blocks {
            let part = UnsafeBufferPointer(rebasing: span[(block * blockSize)..<((block + 1) * blockSize)])
            meter.absorbPassBlock(block)
            keep(part)
            if let segment = endBlock() { finished.append(segment) }
            if cancellingHum {
                meter.filterState = before
                meter.measurePass(UnsafeBufferPointer(rebasing: span[..<((block + 1) * blockSize)]))
                return start + (block + 1) * blockSize
            }
        }
        return start + blocks * blockSize
    }

    /// Measures, keeps and collects `part` (no more than the rest of the block).
    mutating func absorb(_ part: UnsafeBufferPointer<Float>) {
        meter.absorb(part)
        keep(part)
    }

    /// Keeps `part` (no more than the rest of the block) in the pre-roll and the open segment.
    private mutating func keep(_ part: UnsafeBufferPointer<Float>) {
        preRoll.remember(part)
        if segment != nil { segment!.samples.append(contentsOf: part) }
        samplesSeen += part.count
    }

    /// Ends a block: what it means depends on the state.
    private mutating func endBlock() -> SwipeSegment? {
        let (peak, meanSquare) = meter.endBlock()
        sinceHumCheck += blockSize
        guard state != .calibrating else {
            _ = floor.start(peak: peak, meanSquare: meanSquare)
            startProvisional()
            return nil
        }
        let energy = floor.measure(peak: peak, meanSquare: meanSquare)
        switch state {
        case .calibrating:
            return nil
        case .provisional:
            return provisionalBlock(peak: peak, energy: energy)
        case .settling(let until):
            guard samplesSeen >= until else { return nil }
            state = .listening
            listeningBlock(peak: peak, energy: energy)
            return nil
        case .listening:
            listeningBlock(peak: peak, energy: energy)
            return nil
        case .collecting:
            return collectingBlock(peak: peak, energy: energy)
        }
    }

    /// Whether a block at `energy` (the mean square of the last 20 ms) stands out of the
    /// background. Judged on the mean square: over a block, noise power is steady where its
    /// peaks are not, so a low ratio stays safe at 15 dB SNR.
    func isLoud(_ energy: Float) -> Bool {
        floor.isLoud(energy, ratio: settings.triggerRatio, absoluteFloor: settings.absoluteFloor)
    }

    /// A block of background: a loud one opens a swipe, a quiet one teaches the floor.
    private mutating func listeningBlock(peak: Float, energy: Float) {
        if isLoud(energy) {
            open()
        } else {
            noteQuietBlock()
            floor.follow(peak: peak, energy: energy)
        }
    }

    /// A block of the open swipe: a long enough quiet closes it, and so does a length no hand swipe has.
    private mutating func collectingBlock(peak: Float, energy: Float) -> SwipeSegment? {
        let loud = isLoud(energy)
        segment!.block(loud: loud, energy: energy, endingAt: samplesSeen)
        if !loud { floor.followDown(peak: peak, energy: energy) }
        if segment!.quietBlocks >= hangoverBlocks {
            return close(trimTo: min(samplesSeen, segment!.lastLoudEnd + marginSamples))
        }
        // Longer than a hand swipe, or a swipe from the stream's first sample: perhaps hum louder
        // than the floor it was opened against.
        let length = segment!.samples.count
        if !cancellingHum, length > (segment!.floorUncertain ? humCheckSamples : earlyLookMaximumSamples),
            sinceHumCheck >= humCheckIntervalSamples
        {
            sinceHumCheck = 0
            checkForHum()
        }
        if length >= maximumSamples {
            // Nothing swipes this long: the background got louder. Learn it again.
            floor.raise(peak: peak, energy: energy)
            return close(trimTo: samplesSeen)
        }
        return nil
    }

    /// Opens a segment at the block just ended, with the margin before it from the pre-roll.
    mutating func open() {
        quietRun = 0
        let wanted = min(preRoll.filled, marginSamples + blockSize)
        var samples = spareStorage
        spareStorage = []
        samples.reserveCapacity(max(wanted, Int(sampleRate * 0.5)))
        preRoll.appendLast(wanted, to: &samples)
        segment = OpenSegment(
            samples: samples, start: samplesSeen - wanted, triggerStart: samplesSeen - blockSize,
            lastLoudEnd: samplesSeen, lastActiveEnd: samplesSeen)
        state = .collecting
    }

    /// Closes the open segment at `end` (a stream index): the swipe, conditioned, unless it is too short.
    mutating func close(trimTo end: Int) -> SwipeSegment? {
        guard var closed = segment else { return nil }
        segment = nil
        state = .listening
        let keep = max(0, min(closed.samples.count, end - closed.start))
        closed.samples.removeLast(closed.samples.count - keep)
        guard closed.samples.count >= minimumSamples else { return nil }
        conditioner.condition(&closed.samples)
        return SwipeSegment(
            channel: channel, startSample: closed.start, samples: closed.samples, sampleRate: sampleRate,
            noiseLevel: closed.floorUncertain ? min(floor.peak, Self.backgroundPeak(closed.samples)) : floor.peak)
    }
}
