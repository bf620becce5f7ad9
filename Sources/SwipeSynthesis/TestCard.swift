public import SwipeCards

/// A made-up card for tests: a random, Luhn-valid number in a brand's range,
/// created at run time so no card number is ever stored in the repository.
public struct TestCard: Sendable {
    /// The number, as digits.
    public var number: String
    /// `SURNAME/GIVEN`.
    public var name: String
    /// `YYMM`.
    public var expiry: String
    /// Three digits.
    public var serviceCode: String
    /// Issuer's discretionary digits.
    public var discretionary: String

    /// Creates a card from its fields.
    public init(number: String, name: String, expiry: String, serviceCode: String = "101", discretionary: String = "") {
        self.number = number
        self.name = name
        self.expiry = expiry
        self.serviceCode = serviceCode
        self.discretionary = discretionary
    }

    /// Track 1 from `%` to `?`.
    public var track1: String { "%B\(number)^\(name)^\(expiry)\(serviceCode)\(discretionary)?" }

    /// Track 2 from `;` to `?`.
    public var track2: String {
        ";\(number)=\(expiry)\(serviceCode)\(discretionary.prefix(max(0, 29 - number.count)))?"
    }

    /// A random card of `brand` (Visa and Mastercard; others get a plausible prefix).
    public static func random(brand: CardBrand = .visa, expiry: String = "3012", using random: inout SeededRandom)
        -> TestCard
    {
        var digits: [UInt8]
        var length = 16
        switch brand {
        case .visa:
            digits = [4]
            length = [13, 16, 16, 16, 19].randomElement(using: &random)!
        case .mastercard:
            if Bool.random(using: &random) {
                digits = [5, UInt8.random(in: 1...5, using: &random)]
            } else {
                let prefix = Int.random(in: 2221...2720, using: &random)
                digits = String(prefix).utf8.map { $0 - 0x30 }
            }
        case .amex:
            digits = [3, 7]
            length = 15
        case .discover: digits = [6, 0, 1, 1]
        default: digits = [3, 5, 2, 8]
        }
        while digits.count < length - 1 { digits.append(UInt8.random(in: 0...9, using: &random)) }
        let ascii = digits.map { $0 + 0x30 }
        let number = String(decoding: ascii + [Luhn.checkDigit(for: ascii)], as: UTF8.self)
        let surnames = ["DOE", "SMITH", "GARCIA", "NGUYEN", "OKAFOR", "MULLER", "TANAKA", "ROSSI"]
        let givens = ["JANE", "SAM", "ALEX", "MARIA", "LEE", "CHRIS", "PAT", "ROBIN"]
        let name = surnames.randomElement(using: &random)! + "/" + givens.randomElement(using: &random)!
        let discretionary = String(
            (0..<Int.random(in: 4...12, using: &random)).map { _ in
                Character(String(Int.random(in: 0...9, using: &random)))
            })
        let service = ["101", "201", "121", "226"].randomElement(using: &random)!
        return TestCard(number: number, name: name, expiry: expiry, serviceCode: service, discretionary: discretionary)
    }

    /// A well-known test number (GUIDE.md section 5) on a card expiring `expiry`.
    public static func wellKnown(_ number: String, expiry: String = "3012") -> TestCard {
        TestCard(number: number, name: "TEST/CARD", expiry: expiry, serviceCode: "101", discretionary: "123456")
    }
}
