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

    /// Creates a track read.
    public init(channel: Int, direction: SwipeDirection, readout: TrackReadout, bitCount: Int) {
        self.channel = channel
        self.direction = direction
        self.readout = readout
        self.bitCount = bitCount
    }
}
