public import SwipeCards
public import SwipeHID

/// A supported reader on the bus.
public struct USBReaderDevice: Sendable, Hashable, CustomStringConvertible {
    /// Where it is plugged in, unique while it stays: `bus-port.port`, e.g. `1-1.3`.
    public var location: String
    /// USB vendor id.
    public var vendorID: UInt16
    /// USB product id.
    public var productID: UInt16
    /// The table entry it matched.
    public var reader: SupportedReader

    /// Creates a device description.
    public init(location: String, vendorID: UInt16, productID: UInt16, reader: SupportedReader) {
        self.location = location
        self.vendorID = vendorID
        self.productID = productID
        self.reader = reader
    }

    /// `vvvv:pppp at 1-1.3`.
    public var description: String {
        "\(SupportedReader.hex(vendorID)):\(SupportedReader.hex(productID)) at \(location)"
    }
}

/// A supported reader found by a listing, and whether swipe can open it.
public struct USBReaderListing: Sendable {
    /// The device.
    public var device: USBReaderDevice
    /// `nil` when it opened; else why not (permissions, busy), in words.
    public var openProblem: String?

    /// Creates a listing entry.
    public init(device: USBReaderDevice, openProblem: String?) {
        self.device = device
        self.openProblem = openProblem
    }
}

/// What the USB side reports while listening.
public enum USBReaderEvent: Sendable {
    /// A supported reader is open and claimed (its kernel driver detached).
    case attached(USBReaderDevice)
    /// Bytes of input reports from a reader, as they arrived (whole reports or parts):
    /// track data, so in a wipeable buffer that the hub wipes once it has parsed it.
    case reports(USBReaderDevice, SensitiveBytes)
    /// A reader went away or failed; it has been released.
    case detached(USBReaderDevice, reason: String)
    /// Something about the USB side as a whole (no USB access, no hotplug), in words.
    case notice(String)
}

/// USB I/O, kept behind a small protocol so that everything above it (hotplug,
/// unplug, report delivery, parsing) is tested without a device.
public protocol USBReaderBackend: Sendable {
    /// The supported readers present now (built-in ones and `extra`).
    func list(extra: [SupportedReader]) throws(USBError) -> [USBReaderListing]

    /// Opens every supported reader present and every one plugged in later, and
    /// reports what they send until the stream's consumer stops iterating; then
    /// every reader is released and given back to its kernel driver.
    func events(extra: [SupportedReader]) -> AsyncStream<USBReaderEvent>
}

/// A failure of the USB side as a whole, in words.
public struct USBError: Error, Sendable, CustomStringConvertible {
    /// One line for a person.
    public var description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}
