/// What the service accepts.
public struct CardPolicy: Sendable {
    /// Brands taken. By default Visa and Mastercard.
    public var acceptedBrands: Set<CardBrand>
    /// Shortest and longest card numbers taken.
    public var numberLengths: ClosedRange<Int>

    /// Creates a policy.
    public init(acceptedBrands: Set<CardBrand> = [.visa, .mastercard], numberLengths: ClosedRange<Int> = 13...19) {
        self.acceptedBrands = acceptedBrands
        self.numberLengths = numberLengths
    }

    /// Visa and Mastercard, 13 to 19 digits.
    public static let standard = CardPolicy()
}
