/// A USB card reader swipe knows how to listen to, by vendor and product id.
public struct SupportedReader: Sendable, Hashable, CustomStringConvertible {
    /// USB vendor id.
    public var vendorID: UInt16
    /// USB product id; `nil` matches every product of the vendor.
    public var productID: UInt16?
    /// How the reader reports a swipe.
    public var kind: HIDReaderKind
    /// Who makes it, for people.
    public var name: String

    /// Creates an entry.
    public init(vendorID: UInt16, productID: UInt16?, kind: HIDReaderKind, name: String) {
        self.vendorID = vendorID
        self.productID = productID
        self.kind = kind
        self.name = name
    }

    /// The readers known to work (GUIDE.md section 3).
    public static let builtIn: [SupportedReader] = [
        SupportedReader(vendorID: 0x0801, productID: 0x0002, kind: .magtek, name: "MagTek USB swipe reader"),
        SupportedReader(vendorID: 0x0801, productID: 0x0011, kind: .magtek, name: "MagTek USB swipe reader"),
        SupportedReader(vendorID: 0x0801, productID: 0x0001, kind: .keyboard, name: "MagTek keyboard-emulation reader"),
        SupportedReader(vendorID: 0x0ACD, productID: nil, kind: .keyboard, name: "ID TECH keyboard-emulation reader"),
        SupportedReader(vendorID: 0xFFFF, productID: 0x0035, kind: .keyboard, name: "Keyboard-emulation reader"),
    ]

    /// The entry for a device, looking at `extra` entries first, then the built-in ones.
    public static func match(vendorID: UInt16, productID: UInt16, extra: [SupportedReader] = []) -> SupportedReader? {
        let candidates = extra + builtIn
        return candidates.first { $0.vendorID == vendorID && $0.productID == productID }
            ?? candidates.first { $0.vendorID == vendorID && $0.productID == nil }
    }

    /// Reads `VID:PID` or `VID:PID:magtek|keyboard` (hexadecimal ids, as `lsusb` prints
    /// them); a reader given without a kind is taken as a keyboard-emulation reader.
    public init(parsing text: String) throws(SupportedReaderError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
            parts[0].count == 4, parts[1].count == 4,
            let vendor = UInt16(parts[0], radix: 16), let product = UInt16(parts[1], radix: 16)
        else { throw SupportedReaderError(text: text) }
        var kind = HIDReaderKind.keyboard
        if parts.count == 3 {
            guard let named = HIDReaderKind(rawValue: String(parts[2])) else { throw SupportedReaderError(text: text) }
            kind = named
        }
        self.init(vendorID: vendor, productID: product, kind: kind, name: "Reader \(parts[0]):\(parts[1])")
    }

    /// `vvvv:pppp` in hexadecimal, as `lsusb` prints it.
    public var description: String {
        "\(Self.hex(vendorID)):\(productID.map(Self.hex) ?? "*")"
    }

    /// Four lowercase hexadecimal digits.
    public static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

/// A reader given by hand that is not `VID:PID[:kind]`.
public struct SupportedReaderError: Error, Sendable, CustomStringConvertible {
    /// What was given.
    public var text: String

    /// One line for a person.
    public var description: String {
        "'\(text)' is not a USB reader: give VID:PID or VID:PID:magtek|keyboard in hexadecimal, e.g. 0801:0002:magtek"
    }
}
