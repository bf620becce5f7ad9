public import Foundation

/// Days as the bookkeeper's portal counts them: America/New_York, daylight saving included.
public enum EasternCalendar {
    /// New York's time zone: the one home of this fact, for the server and the device.
    public static let timeZone = TimeZone(identifier: "America/New_York")!

    /// The calendar.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    /// Midnight in New York at the end of the day holding `date`: the last moment a void works.
    public static func voidDeadline(for date: Date) -> Date {
        let start = calendar.startOfDay(for: date)
        return calendar.date(byAdding: .day, value: 1, to: start)!
    }

    /// `YYYY-MM-DD` of `date` in New York.
    public static func dayString(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.year!)-\(two(parts.month!))-\(two(parts.day!))"
    }

    /// Whether `text` is a valid `YYYY-MM-DD`.
    public static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        return calendar.date(from: DateComponents(year: year, month: month, day: day)).map { dayString($0) == text }
            ?? false
    }

    /// The month of `date` in New York, for card expiry.
    public static func month(of date: Date) -> (year: Int, month: Int) {
        let parts = calendar.dateComponents([.year, .month], from: date)
        return (parts.year!, parts.month!)
    }
}
