/// A calendar month, as card expiry dates are written (YYMM on the stripe).
public struct YearMonth: Sendable, Comparable, Hashable, CustomStringConvertible {
    /// Four-digit year.
    public var year: Int
    /// Month, 1 to 12.
    public var month: Int

    /// Creates a month; `nil` when `month` is not 1...12.
    public init?(year: Int, month: Int) {
        guard (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Reads the stripe's `YYMM` (years 2000-2099).
    public init?(stripe text: some StringProtocol) {
        guard text.count == 4, let value = Int(text), value >= 0 else { return nil }
        self.init(year: 2000 + value / 100, month: value % 100)
    }

    /// `YYMM`, as on the stripe.
    public var stripeText: String {
        let yy = year % 100
        return (yy < 10 ? "0" : "") + String(yy) + (month < 10 ? "0" : "") + String(month)
    }

    /// `MM/YY`, as printed on the card.
    public var description: String {
        let yy = year % 100
        return (month < 10 ? "0" : "") + String(month) + "/" + (yy < 10 ? "0" : "") + String(yy)
    }

    /// Earlier months sort first.
    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }
}
