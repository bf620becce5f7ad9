/// Card networks, recognised from the leading digits of the card number.
public enum CardBrand: String, Sendable, Codable, CaseIterable {
    case visa
    case mastercard
    case amex
    case discover
    case jcb
    case dinersClub = "diners"
    case unionPay = "unionpay"
    case maestro
    case unknown

    /// The brand of a card number given as ASCII digits.
    public static func of(_ digits: UnsafeBufferPointer<UInt8>) -> CardBrand {
        func prefix(_ length: Int) -> Int {
            guard digits.count >= length else { return -1 }
            var value = 0
            for index in 0..<length { value = value * 10 + Int(digits[index]) - 0x30 }
            return value
        }
        switch (prefix(1), prefix(2), prefix(3), prefix(4)) {
        case (4, _, _, _): return .visa
        case (_, 51...55, _, _), (_, _, _, 2221...2720): return .mastercard
        case (_, 34, _, _), (_, 37, _, _): return .amex
        case (_, 65, _, _), (_, _, 644...649, _), (_, _, _, 6011): return .discover
        case (_, _, _, 3528...3589): return .jcb
        case (_, 36, _, _), (_, 38, _, _), (_, _, 300...305, _): return .dinersClub
        case (_, 62, _, _): return .unionPay
        case (_, 50, _, _), (_, 56...58, _, _), (_, 63, _, _), (_, 67, _, _): return .maestro
        default: return .unknown
        }
    }

    /// The name a volunteer knows the brand by.
    public var displayName: String {
        switch self {
        case .visa: "Visa"
        case .mastercard: "Mastercard"
        case .amex: "American Express"
        case .discover: "Discover"
        case .jcb: "JCB"
        case .dinersClub: "Diners Club"
        case .unionPay: "UnionPay"
        case .maestro: "Maestro"
        case .unknown: "This card type"
        }
    }
}
