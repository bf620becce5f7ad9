/// A stretch of one channel that stands out of the background: a swipe, maybe.
public struct SwipeSegment: Sendable {
    /// The channel it was found on.
    public var channel: Int
    /// Index of its first sample in the whole stream (per channel).
    public var startSample: Int
    /// The samples, offset and hum removed (see ``SegmentConditioner``).
    public var samples: [Float]
    /// Samples per second.
    public var sampleRate: Double
    /// Peak level of the background noise around it (same scale as `samples`).
    public var noiseLevel: Float
    /// The whole stream, which never changed its level: a swipe cut tight, or only
    /// background. Its reading counts only when it is a whole, valid track.
    public var provisional = false

    /// Index one past its last sample in the whole stream.
    public var endSample: Int { startSample + samples.count }
}
