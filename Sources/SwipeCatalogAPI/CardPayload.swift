public import SwipeCards

/// The card data a device seals for the catalog: the tracks as read, or a keyed
/// number and expiry. Built and read as bytes in ``SensitiveBytes``, never as
/// strings, so it can be wiped.
///
/// Layout (ASCII lines): `swipe-card-v1`, then `track1:…`, `track2:…`, `pan:…`,
/// `expiry:YYMM`, each optional.
public struct CardPayload: Sendable {
    /// Track 1 characters, sentinels included.
    public var track1: SensitiveBytes?
    /// Track 2 characters, sentinels included.
    public var track2: SensitiveBytes?
    /// A keyed card number.
    public var pan: SensitiveBytes?
    /// A keyed expiry, `YYMM`.
    public var expiry: String?

    /// Creates a payload.
    public init(
        track1: SensitiveBytes? = nil, track2: SensitiveBytes? = nil, pan: SensitiveBytes? = nil, expiry: String? = nil
    ) {
        self.track1 = track1
        self.track2 = track2
        self.pan = pan
        self.expiry = expiry
    }

    /// The payload of the tracks a reader delivered (shares their buffers: wipe either).
    public init(tracks: [TrackData]) {
        for track in tracks {
            switch track.format {
            case .iata: track1 = track1 ?? track.characters
            case .aba: track2 = track2 ?? track.characters
            }
        }
    }

    private static let header = Array("swipe-card-v1".utf8)

    /// The bytes to seal (sensitive).
    public func encoded() -> SensitiveBytes {
        var bytes = Self.header
        func add(_ name: String, _ value: SensitiveBytes?) {
            guard let value else { return }
            bytes.append(0x0A)
            bytes += Array(name.utf8)
            bytes.append(UInt8(ascii: ":"))
            value.withBytes { bytes.append(contentsOf: $0) }
        }
        add("track1", track1)
        add("track2", track2)
        add("pan", pan)
        add("expiry", expiry.map { SensitiveBytes(utf8: $0) })
        return SensitiveBytes(bytes)
    }

    /// Reads bytes made by ``encoded()``; `nil` when they are not a payload.
    public static func decode(_ bytes: SensitiveBytes) -> CardPayload? {
        bytes.withBytes { buffer in
            let lines = buffer.split(separator: 0x0A, omittingEmptySubsequences: false)
            guard let first = lines.first, Array(first) == header else { return nil }
            var payload = CardPayload()
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
                let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
                let value = SensitiveBytes(Array(line[(colon + 1)...]))
                switch name {
                case "track1": payload.track1 = value
                case "track2": payload.track2 = value
                case "pan": payload.pan = value
                case "expiry": payload.expiry = value.unsafeRevealedString()
                default: return nil
                }
            }
            return payload
        }
    }

    /// Overwrites every part.
    public func wipe() {
        track1?.wipe()
        track2?.wipe()
        pan?.wipe()
    }
}
