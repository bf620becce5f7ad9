/// The card networks' well-known test numbers (GUIDE.md section 5): the only card
/// numbers that may appear in this repository. Everything else is generated at
/// test time.
public enum WellKnownTestCard {
    /// Visa, approves.
    public static let visa = "4242424242424242"
    /// Visa, approves.
    public static let visa2 = "4111111111111111"
    /// Visa, always declined by the issuer (the reference catalog's test processor says so).
    public static let visaDeclined = "4000000000000002"
    /// Mastercard (51-55 range), approves.
    public static let mastercard = "5555555555554444"
    /// Mastercard (2-series), approves.
    public static let mastercard2 = "2223003122003222"
    /// American Express: refused by swipe, which takes Visa and Mastercard only.
    public static let amex = "378282246310005"

    /// Every number above, for scans that check none of them leaked.
    public static let all = [visa, visa2, visaDeclined, mastercard, mastercard2, amex]
}
