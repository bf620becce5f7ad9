public import Foundation

extension YearMonth {
    /// This month on the local calendar: cards are good through the end of their month.
    public static func current(_ date: Date = Date(), calendar: Calendar = .current) -> YearMonth {
        let parts = calendar.dateComponents([.year, .month], from: date)
        return YearMonth(year: parts.year ?? 2000, month: parts.month ?? 1)!
    }
}
