public import SwipeHID

/// Turns what the USB side reports into swipes, one report parser per reader.
///
/// Pure bookkeeping over ``USBReaderEvent``s: tested with a scripted backend.
public struct HIDReaderHub: Sendable {
    private var streams: [USBReaderDevice: HIDReportStream] = [:]

    /// Creates a hub with no reader attached.
    public init() {}

    /// Readers attached now.
    public var attached: [USBReaderDevice] { Array(streams.keys) }

    /// What an event means for the person at the table.
    public enum Output: Sendable {
        /// A reader is ready.
        case connected(USBReaderDevice)
        /// A reader was swiped.
        case swipe(USBReaderDevice, HIDSwipe)
        /// A reader's reports could not all be read (never card data).
        case warning(USBReaderDevice?, String)
        /// A reader went away.
        case disconnected(USBReaderDevice, reason: String)
    }

    /// Takes one event from the USB side.
    public mutating func handle(_ event: USBReaderEvent) -> [Output] {
        switch event {
        case .attached(let device):
            streams[device] = HIDReportStream(kind: device.reader.kind)
            return [.connected(device)]
        case .reports(let device, let bytes):
            defer { bytes.wipe() }
            guard var stream = streams[device] else {
                return [.warning(device, "reports from a reader that was not attached were ignored")]
            }
            let output = bytes.withBytes { stream.feed(bytes: $0) }
            streams[device] = stream
            return output.swipes.map { .swipe(device, $0) } + output.warnings.map { .warning(device, $0) }
        case .detached(let device, let reason):
            guard var stream = streams.removeValue(forKey: device) else { return [] }
            let output = stream.finish()
            return output.warnings.map { .warning(device, $0) } + [.disconnected(device, reason: reason)]
        case .notice(let text):
            return [.warning(nil, text)]
        }
    }
}
