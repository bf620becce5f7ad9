/// A track read from one channel of one swipe.
public struct TrackRead: Sendable {
    /// The audio channel the track came from.
    public var channel: Int
    /// The direction the bits were found in.
    public var direction: SwipeDirection
    /// The characters and their checks.
    public var readout: TrackReadout
    /// How many bits were clocked out of the pulses.
    public var bitCount: Int
    /// Seconds from the first to the last strong pulse of the swipe on this channel.
    public var seconds: Double?
    /// The strong pulses' median height over the background's peak, in dB.
    public var signalToNoiseDB: Double?

    /// The hand's mean speed over the stripe, in inches per second, when the swipe's span is known.
    public var inchesPerSecond: Double? {
        guard let seconds, seconds > 0 else { return nil }
        return Double(bitCount) / readout.format.bitsPerInch / seconds
    }

    /// Creates a track read.
    public init(channel: Int, direction: SwipeDirection, readout: TrackReadout, bitCount: Int) {
        self.channel = channel
        self.direction = direction
        self.readout = readout
        self.bitCount = bitCount
    }
}
