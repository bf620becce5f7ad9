public import Foundation

/// Where the server gets the time: the system clock, or a test's.
public struct CatalogClock: Sendable {
    /// The current time.
    public var now: @Sendable () -> Date

    /// Creates a clock.
    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The system clock.
    public static let system = CatalogClock { Date() }
}
