/// A primary account number (PAN), kept in wipeable memory.
///
/// Its `description` is the masked form, so printing it by mistake leaks at most
/// the first 6 and last 4 digits (PCI DSS 3.4).
public struct CardNumber: Sendable, CustomStringConvertible {
    /// The digits as ASCII (sensitive).
    public let digits: SensitiveBytes

    /// Wraps ASCII digits.
    public init(digits: SensitiveBytes) {
        self.digits = digits
    }

    /// Number of digits.
    public var length: Int { digits.count }

    /// The last four digits, which receipts may show.
    public var last4: String {
        digits.withBytes { String(decoding: $0.suffix(4), as: UTF8.self) }
    }

    /// First 6 and last 4 digits, the rest as `*`: the most PCI DSS lets us show.
    public var masked: String {
        digits.withBytes { String(decoding: TrackMasking.maskedNumber($0), as: UTF8.self) }
    }

    /// Whether the Luhn check digit is right.
    public var passesLuhn: Bool { digits.withBytes { Luhn.isValid($0) } }

    /// The card network.
    public var brand: CardBrand { digits.withBytes { CardBrand.of($0) } }

    /// Whether every byte is a digit.
    public var isNumeric: Bool { digits.withBytes { $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } } }

    /// Whether two numbers hold the same digits.
    public func matches(_ other: CardNumber) -> Bool {
        digits.withBytes { mine in other.digits.withBytes { theirs in mine.elementsEqual(theirs) } }
    }

    /// A short text for logs and terminals (never card data).
    public var description: String { masked }
}
