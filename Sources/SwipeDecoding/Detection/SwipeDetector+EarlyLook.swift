/// Early looks: a swipe read in its first pauses, before the hangover closes it.
///
/// Most swipes are whole once they have been quiet for 30 ms; a card read cleanly from
/// what was heard so far need not wait the hangover's 0.35 s (which is there for a slow
/// hand's pauses). A look that gives no card changes nothing: the swipe stays open.
extension SwipeDetector {
    /// Whether the open swipe has settled long enough to be looked at before it closes (its
    /// pulses stopped: quiet, or far below its own level), and has not been looked at in this
    /// stretch yet.
    public var earlyLookAvailable: Bool {
        guard state == .collecting, let segment, !segment.lookedInThisPause,
            segment.looks < settings.earlyLooksPerSwipe
        else { return false }
        return segment.settledBlocks >= earlyLookBlocks && segment.quietBlocks < hangoverBlocks
            && segment.samples.count <= earlyLookMaximumSamples + marginSamples
    }

    /// The open swipe so far, conditioned like a closed one, for an early look; the
    /// swipe stays open until ``closeAfterEarlyLook()`` or its hangover closes it.
    public mutating func earlySegment() -> SwipeSegment? {
        guard earlyLookAvailable, let open = segment else { return nil }
        segment!.lookedInThisPause = true
        segment!.looks += 1
        let samples = open.samples
        guard samples.count >= minimumSamples else { return nil }
        // A segment that began provisional has no trigger of its own: it is read whole.
        let skip =
            open.floorUncertain
            ? 0 : max(0, min(samples.count, open.triggerStart - earlyLookMarginSamples - open.start))
        // To the quiet the look waited for past the last active block, not to the end of the chunk
        // that brought it (up to a capture period more of quiet, read for nothing).
        let end = max(skip, min(samples.count, open.lastActiveEnd + earlyLookBlocks * blockSize - open.start))
        let conditioned = samples.withUnsafeBufferPointer {
            conditioner.conditioned(UnsafeBufferPointer(rebasing: $0[skip..<end]))
        }
        return SwipeSegment(
            channel: channel, startSample: open.start + skip, samples: conditioned, sampleRate: sampleRate,
            noiseLevel: open.floorUncertain ? min(floor.peak, Self.backgroundPeak(conditioned)) : floor.peak)
    }

    /// Ends the open swipe without a segment: its early look gave a card. What follows
    /// within the hangover is the swipe's end, not a new swipe.
    public mutating func closeAfterEarlyLook() {
        if var storage = segment.take()?.samples {
            storage.removeAll(keepingCapacity: true)
            spareStorage = storage
        }
        state = .settling(until: samplesSeen + hangoverBlocks * blockSize)
        preRoll.forget()  // it belongs to the swipe just read
    }
}
