/// How a USB card reader hands over what it read.
public enum HIDReaderKind: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// MagTek HID swipe reader: one 337-byte input report per swipe (``MagTekReport``).
    case magtek
    /// A reader that types the tracks as a USB keyboard (``KeyboardSwipeDecoder``).
    case keyboard

    /// Bytes in one input report of this kind.
    public var reportLength: Int {
        switch self {
        case .magtek: MagTekReport.length
        case .keyboard: KeyboardSwipeDecoder.reportLength
        }
    }

    /// A short name for people.
    public var description: String {
        switch self {
        case .magtek: "MagTek HID"
        case .keyboard: "keyboard emulation"
        }
    }
}
