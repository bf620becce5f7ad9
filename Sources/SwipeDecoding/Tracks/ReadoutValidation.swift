public import SwipeCards

extension CardValidator {
    /// Checks the tracks decoded from one swipe: only those that passed parity and
    /// LRC (``TrackReadout/isValid``) count; none at all means the card was unreadable.
    public func check(_ readouts: [TrackReadout], today: YearMonth) -> CardCheck {
        let tracks = readouts.compactMap(\.trackData)
        defer { for track in tracks { track.wipe() } }
        return check(tracks: tracks, today: today)
    }
}
