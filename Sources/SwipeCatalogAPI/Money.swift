/// Amounts in cents, written for people: `$5.25`.
public enum Money {
    /// `cents` as dollars and cents.
    public static func text(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = abs(cents)
        let remainder = magnitude % 100
        return "\(sign)$\(magnitude / 100).\(remainder < 10 ? "0" : "")\(remainder)"
    }
}
