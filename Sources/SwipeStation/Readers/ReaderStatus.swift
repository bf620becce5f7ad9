public import SwipeInput
import Synchronization

/// Which readers the station hears now, for the console's status bar.
public final class ReaderStatus: Sendable {
    /// What the status bar shows.
    public struct Snapshot: Sendable, Encodable, Equatable {
        /// The audio capture device while it is open.
        public var audio: String?
        /// The USB readers claimed now.
        public var usb: [String]
        /// Whether any reader can be swiped now.
        public var connected: Bool { audio != nil || !usb.isEmpty }

        enum CodingKeys: String, CodingKey { case audio, usb, connected }

        /// Encodes ``connected`` too, for the console's script.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(audio, forKey: .audio)
            try container.encode(usb, forKey: .usb)
            try container.encode(connected, forKey: .connected)
        }
    }

    private let state = Mutex<(audio: String?, usb: Set<String>)>((nil, []))

    /// Creates an empty status: no reader yet.
    public init() {}

    /// The readers now.
    public var snapshot: Snapshot { state.withLock { Snapshot(audio: $0.audio, usb: $0.usb.sorted()) } }

    /// Records a reader coming or going.
    public func update(_ presence: ReaderPresence) {
        state.withLock { state in
            switch presence {
            case .audio(let name, let connected): state.audio = connected ? name : nil
            case .usb(let name, let connected):
                if connected { state.usb.insert(name) } else { state.usb.remove(name) }
            }
        }
    }

    /// Listening ended: no reader.
    public func reset() {
        state.withLock { $0 = (nil, []) }
    }
}
