public import SwipeCards

/// One swipe found in a stream, with its tracks and the verdict on its card.
public struct DecodedSwipe: Sendable {
    /// Channels that carried it (two for a dual-head reader).
    public var channels: [Int]
    /// When it started and ended, in seconds from the start of the stream.
    public var start: Double
    /// See `start`.
    public var end: Double
    /// The direction of the swipe, when a track was read.
    public var direction: SwipeDirection?
    /// The tracks read, one per channel that held a start sentinel.
    public var tracks: [TrackRead]
    /// The verdict on the card.
    public var card: CardCheck

    /// Creates a decoded swipe.
    public init(
        channels: [Int], start: Double, end: Double, direction: SwipeDirection?, tracks: [TrackRead], card: CardCheck
    ) {
        self.channels = channels
        self.start = start
        self.end = end
        self.direction = direction
        self.tracks = tracks
        self.card = card
    }

    /// Overwrites the card data this swipe holds.
    public func wipe() {
        for track in tracks { track.readout.characters.wipe() }
        card.fields?.wipe()
    }
}
