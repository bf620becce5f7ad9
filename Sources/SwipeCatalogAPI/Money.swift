/// Amounts in cents, written for people: `$5.25`.
public enum Money {
    /// `cents` as dollars (in groups of three: `$1,005.00`) and cents.
    public static func text(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = abs(cents)
        let remainder = magnitude % 100
        var dollars = String(magnitude / 100)
        var index = dollars.endIndex
        while dollars.distance(from: dollars.startIndex, to: index) > 3 {
            index = dollars.index(index, offsetBy: -3)
            dollars.insert(",", at: index)
        }
        return "\(sign)$\(dollars).\(remainder < 10 ? "0" : "")\(remainder)"
    }
}
