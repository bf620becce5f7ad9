public import SwipeCards

/// Decodes every swipe in an audio stream fed chunk by chunk: the same path serves
/// WAV files and live capture.
///
/// Each channel has its own ``SwipeDetector``; each segment is decoded on its own
/// by a ``SegmentDecoder``. Segments of different channels that overlap in time
/// (a dual-head reader's two tracks) become one ``DecodedSwipe`` whose tracks are
/// cross-checked by the ``CardValidator``.
public struct SwipeStreamDecoder: Sendable {
    /// The stream's format.
    public let format: PCMFormat
    /// The month that decides whether a card has expired.
    public var today: YearMonth
    /// Checks cards.
    public var validator: CardValidator
    /// Decodes segments.
    public var segmentDecoder = SegmentDecoder()
    /// Bits a segment must clock to count as a failed swipe rather than a click.
    public var minimumBitsForSwipe = 40
    /// Whether a swipe that has been quiet for a moment is decoded before its segment
    /// closes, so that a card is reported tens of milliseconds after the swipe instead
    /// of after the detector's hangover. A look that reads the card cleanly is final,
    /// whether the card is accepted or refused (an expired card, another network); a
    /// look that gives anything less changes nothing: the segment is decoded again,
    /// whole, when it closes.
    public var earlyLook = true

    private var detectors: [SwipeDetector]
    private var pending: [PendingRead] = []
    /// One channel's samples of the chunk being fed, when there are several.
    private var channelSamples: [Float] = []
    private let slack: Int

    private struct PendingRead {
        var channel: Int
        var start: Int
        var end: Int
        var outcome: SegmentDecoder.Outcome
    }

    /// Creates a decoder for a stream of `format`.
    public init(format: PCMFormat, today: YearMonth, validator: CardValidator = CardValidator()) {
        self.format = format
        self.today = today
        self.validator = validator
        detectors = (0..<max(1, format.channelCount)).map { SwipeDetector(channel: $0, sampleRate: format.sampleRate) }
        slack = Int(0.1 * format.sampleRate)
    }

    /// Feeds interleaved samples (full scale ±1); returns the swipes completed by them.
    public mutating func process(_ interleaved: UnsafeBufferPointer<Float>) -> [DecodedSwipe] {
        if detectors.count == 1 {
            for segment in detectors[0].process(interleaved) { decode(segment) }
        } else {
            // The channels split in one pass into a scratch kept from chunk to chunk (taken out of
            // the decoder while the detectors run: once a chunk, not a sample), a run each.
            let stride = detectors.count
            let capacity = ChannelSplitter.frames(in: interleaved.count, channel: 0, stride: stride)
            var scratch = channelSamples
            channelSamples = []
            if scratch.count < stride * capacity { scratch = [Float](repeating: 0, count: stride * capacity) }
            scratch.withUnsafeMutableBufferPointer { scratch in
                ChannelSplitter.split(interleaved, stride: stride, to: scratch.baseAddress!, capacity: capacity)
            }
            for channel in detectors.indices {
                let frames = ChannelSplitter.frames(in: interleaved.count, channel: channel, stride: stride)
                let run = channel * capacity..<(channel * capacity + frames)
                let segments = scratch.withUnsafeBufferPointer {
                    detectors[channel].process(UnsafeBufferPointer(rebasing: $0[run]))
                }
                for segment in segments { decode(segment) }
            }
            channelSamples = scratch
        }
        var swipes = emitReady(flushing: false)
        if earlyLook, let early = lookEarly() { swipes.append(early) }
        return swipes
    }

    /// Decodes the open swipes once every open one has gone quiet; emits them when
    /// that gives a final verdict on a card (see ``isFinal(_:)``).
    private mutating func lookEarly() -> DecodedSwipe? {
        let open = detectors.indices.filter { detectors[$0].isInsideSwipe }
        guard !open.isEmpty, open.allSatisfy({ detectors[$0].earlyLookAvailable }) else { return nil }
        // A channel still provisional at the stream's start may hold the same swipe's other head.
        guard !detectors.contains(where: { !$0.isInsideSwipe && $0.openSwipeStart != nil }) else { return nil }
        var reads: [PendingRead] = []
        for channel in open {
            guard let segment = detectors[channel].earlySegment() else { continue }
            if let read = pendingRead(segment, quick: true) { reads.append(read) }
        }
        guard let first = reads.map(\.start).min() else { return nil }
        // Reads of channels that closed already and overlap these belong to the same swipe.
        let joining = pending.indices.filter { pending[$0].end + slack >= first }
        let group = reads + joining.map { pending[$0] }
        let swipe = swipe(from: group)
        guard Self.isFinal(swipe) else {
            swipe.wipe()
            return nil
        }
        for channel in open { detectors[channel].closeAfterEarlyLook() }
        for index in joining.reversed() { pending.remove(at: index) }
        return swipe
    }

    /// Whether no fuller reading of `swipe` could change its verdict: the card is
    /// accepted, or every track read is clean (valid, nothing repaired, long enough to
    /// carry a card) and the card is refused for what it is, expired or of a network not
    /// accepted. Other refusals wait for the whole segment: tracks that disagree may be
    /// two swipes' reads grouped together, and a number that fails its check may be a
    /// misread a fuller decode corrects.
    static func isFinal(_ swipe: DecodedSwipe) -> Bool {
        if swipe.card.accepted { return true }
        guard swipe.card.fields != nil, !swipe.tracks.isEmpty, !swipe.card.problems.isEmpty,
            swipe.tracks.allSatisfy(\.readout.isClean)
        else { return false }
        return swipe.card.problems.allSatisfy { problem in
            switch problem {
            case .expired, .brandNotAccepted: true
            default: false
            }
        }
    }

    /// Feeds interleaved samples.
    public mutating func process(_ interleaved: [Float]) -> [DecodedSwipe] {
        interleaved.withUnsafeBufferPointer { process($0) }
    }

    /// Feeds interleaved samples `chunkFrames` frames at a time, as live capture
    /// feeds them (one ALSA period at a time); returns the swipes completed.
    public mutating func process(_ interleaved: UnsafeBufferPointer<Float>, chunkFrames: Int) -> [DecodedSwipe] {
        var swipes: [DecodedSwipe] = []
        let step = max(1, chunkFrames * format.channelCount)
        var start = 0
        while start < interleaved.count {
            let end = min(interleaved.count, start + step)
            swipes += process(UnsafeBufferPointer(rebasing: interleaved[start..<end]))
            start = end
        }
        return swipes
    }

    /// Decodes a whole recording fed in chunks of `chunkFrames` frames, then ends the stream.
    public mutating func decodeAll(_ interleaved: [Float], chunkFrames: Int = 4096) -> [DecodedSwipe] {
        let swipes = interleaved.withUnsafeBufferPointer { process($0, chunkFrames: chunkFrames) }
        return swipes + finish()
    }

    /// Ends the stream and returns the swipes still open.
    public mutating func finish() -> [DecodedSwipe] {
        for channel in detectors.indices {
            for segment in detectors[channel].finish() { decode(segment) }
        }
        return emitReady(flushing: true)
    }

    private mutating func decode(_ segment: SwipeSegment) {
        if let read = pendingRead(segment) { pending.append(read) }
    }

    private func pendingRead(_ segment: SwipeSegment, quick: Bool = false) -> PendingRead? {
        let outcome = segmentDecoder.decode(segment, quick: quick)
        if segment.provisional {
            // The whole stream at one level: only a whole track tells a swipe from background.
            guard let track = outcome.track, track.readout.isValid, track.readout.corrected == 0,
                track.readout.dataCharacters >= 10
            else { return nil }
        }
        guard outcome.track != nil || outcome.bitCount >= minimumBitsForSwipe else { return nil }
        var start = segment.startSample
        var end = segment.endSample
        if let span = outcome.pulseSpan {
            start = segment.startSample + Int(span.lowerBound)
            end = segment.startSample + Int(span.upperBound.rounded(.up))
        }
        return PendingRead(channel: segment.channel, start: start, end: end, outcome: outcome)
    }

    /// Groups pending reads that overlap in time and emits the groups no open segment can still join.
    private mutating func emitReady(flushing: Bool) -> [DecodedSwipe] {
        guard !pending.isEmpty else { return [] }
        pending.sort { $0.start < $1.start }
        var groups: [[PendingRead]] = []
        for read in pending {
            if var last = groups.last, let groupEnd = last.map(\.end).max(), read.start <= groupEnd + slack {
                last.append(read)
                groups[groups.count - 1] = last
            } else {
                groups.append([read])
            }
        }
        var emitted: [DecodedSwipe] = []
        var kept: [PendingRead] = []
        for group in groups {
            let groupEnd = group.map(\.end).max()!
            let blocked =
                !flushing
                && detectors.contains { detector in
                    guard let openStart = detector.openSwipeStart else { return false }
                    return openStart <= groupEnd + slack
                }
            if blocked { kept.append(contentsOf: group) } else { emitted.append(swipe(from: group)) }
        }
        pending = kept
        return emitted
    }

    private func swipe(from group: [PendingRead]) -> DecodedSwipe {
        let tracks = group.compactMap(\.outcome.track).sorted { $0.channel < $1.channel }
        let card = validator.check(tracks.map(\.readout), today: today)
        let direction = (tracks.first { $0.readout.isValid } ?? tracks.first)?.direction
        let rate = format.sampleRate
        return DecodedSwipe(
            channels: Array(Set(group.map(\.channel))).sorted(),
            start: Double(group.map(\.start).min()!) / rate,
            end: Double(group.map(\.end).max()!) / rate,
            direction: direction, tracks: tracks, card: card)
    }
}
