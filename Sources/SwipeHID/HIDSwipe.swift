public import SwipeCards

/// One swipe as a USB reader reported it: the tracks that came through, and what
/// went wrong with the others.
public struct HIDSwipe: Sendable {
    /// Tracks 1 and 2 as the reader delivered them, in that order where both came.
    public var tracks: [TrackData]
    /// Why a track was left out (failed on the reader, or not the shape of a
    /// track), one sentence each, never with card data.
    public var issues: [String]

    /// Creates a swipe.
    public init(tracks: [TrackData], issues: [String]) {
        self.tracks = tracks
        self.issues = issues
    }

    /// The verdict on the card, as for any other reader.
    public func check(with validator: CardValidator = CardValidator(), today: YearMonth) -> CardCheck {
        validator.check(tracks: tracks, today: today)
    }

    /// Overwrites the card data.
    public func wipe() {
        for track in tracks { track.wipe() }
    }

    /// Reads track `number`'s characters up to the first end sentinel (a reader may
    /// append the LRC or padding after it), as sensitive bytes.
    static func track(
        _ number: Int, characters: some Collection<UInt8>, into swipe: inout HIDSwipe
    ) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(characters.count)
        for byte in characters {
            bytes.append(byte)
            if byte == UInt8(ascii: "?") { break }
        }
        if bytes.count == 3, bytes[1] == UInt8(ascii: "E") {
            swipe.issues.append("Track \(number) could not be read by the reader.")
            for index in bytes.indices { bytes[index] = 0 }
            return
        }
        do {
            let expected: TrackFormat = number == 1 ? .iata : .aba
            swipe.tracks.append(try TrackData(format: expected, characters: SensitiveBytes(consume bytes)))
        } catch {
            swipe.issues.append("Track \(number) is not a track: \(error).")
        }
    }
}
