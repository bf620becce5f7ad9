import Foundation
import SwipeCatalogAPI

/// Times as school staff read them: in the school's zone (New York), with the zone
/// named, in one form everywhere: `Dec 6, 2026, 4:57 PM EST`.
enum Eastern {
    /// `4:57 PM EST`.
    static func time(_ date: Date) -> String { format(date, "h:mm a zzz") }

    /// `Dec 6, 2026, 4:57 PM EST`.
    static func dateTime(_ date: Date) -> String { format(date, "MMM d, yyyy, h:mm a zzz") }

    private static func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = EasternCalendar.timeZone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}

/// Account kinds in the words school staff use.
enum AccountWords {
    static func name(_ role: Role) -> String {
        switch role {
        case .bookkeeper: "bookkeeper"
        case .generic: "the school's shared volunteer account"
        }
    }
}
