import Foundation

/// Slows down repeated failed logins for one account name: each failure in a row
/// doubles the wait before the answer (0.1 s, 0.2 s, ... up to 3 s by default), and after 10
/// failures within 15 minutes the name is locked until the window passes.
actor LoginThrottle {
    private struct Record {
        var failures: Int
        var firstFailure: Date
    }

    private var records: [String: Record] = [:]
    private let clock: CatalogClock
    private let baseDelay: Duration
    /// Failures allowed within the window before logins are refused outright.
    let lockAfter = 10
    /// How long failures are remembered.
    let window: TimeInterval = 15 * 60

    init(clock: CatalogClock, baseDelay: Duration) {
        self.clock = clock
        self.baseDelay = baseDelay
    }

    /// Whether logins for `name` are refused for now.
    func isLocked(_ name: String) -> Bool {
        guard let record = current(name) else { return false }
        return record.failures >= lockAfter
    }

    /// Records a failure; returns how long to wait before answering.
    func failed(_ name: String) -> Duration {
        var record = current(name) ?? Record(failures: 0, firstFailure: clock.now())
        record.failures += 1
        records[name] = record
        if records.count > 10_000 { prune() }
        return min(baseDelay * (1 << min(record.failures - 1, 5)), baseDelay * 30)
    }

    /// Forgets failures after a good login.
    func succeeded(_ name: String) {
        records[name] = nil
    }

    private func current(_ name: String) -> Record? {
        guard let record = records[name] else { return nil }
        if clock.now().timeIntervalSince(record.firstFailure) > window {
            records[name] = nil
            return nil
        }
        return record
    }

    private func prune() {
        let now = clock.now()
        records = records.filter { now.timeIntervalSince($0.value.firstFailure) <= window }
    }
}
