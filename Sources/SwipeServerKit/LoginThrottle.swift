public import Foundation

/// Slows down and then stops password guessing, per account (the catalog), or per
/// client address and for the whole station (the station's console).
///
/// Attempts count against the account they name once it is resolved (district by
/// id or by name, username in any case), so spellings of one account share one
/// count; a name that matches no account counts under its own key. An attempt
/// counts from the moment it starts: guesses sent in parallel cannot all slip in
/// before the first failure is recorded. Each failure in a row doubles the wait
/// before the answer (0.1 s, 0.2 s, ... up to 3 s by default); 10 failures within
/// 15 minutes lock the account until the window passes.
///
/// The lock is a trade-off: anyone who knows a username can lock that account for
/// 15 minutes. Without it, a password falls to enough guesses. Chosen: lock, log
/// every failure and lock (never the password), and let the operator see who is
/// being locked out in the log.
public actor LoginThrottle {
    private struct Record {
        var failures = 0
        var inFlight = 0
        var firstFailure: Date?
    }

    private var records: [String: Record] = [:]
    private let now: @Sendable () -> Date
    private let baseDelay: Duration
    /// Failures allowed within the window before logins are refused outright.
    public let lockAfter: Int
    /// How long failures are remembered.
    public let window: TimeInterval = 15 * 60

    /// Creates a throttle; `baseDelay` is the wait after the first failure, `lockAfter` the
    /// failures within the window that lock.
    public init(now: @escaping @Sendable () -> Date = { Date() }, baseDelay: Duration, lockAfter: Int = 10) {
        self.now = now
        self.baseDelay = baseDelay
        self.lockAfter = lockAfter
    }

    /// Starts an attempt for `account`: `false` (and nothing counted) when the account
    /// is locked, counting attempts still running as failures.
    public func begin(_ account: String) -> Bool {
        var record = current(account)
        guard record.failures + record.inFlight < lockAfter else { return false }
        record.inFlight += 1
        records[account] = record
        if records.count > 10_000 { prune() }
        return true
    }

    /// Ends an attempt that failed; returns how long to wait before answering.
    public func failed(_ account: String) -> Duration {
        var record = current(account)
        record.inFlight = max(0, record.inFlight - 1)
        record.failures += 1
        if record.firstFailure == nil { record.firstFailure = now() }
        records[account] = record
        return min(baseDelay * (1 << min(record.failures - 1, 5)), baseDelay * 30)
    }

    /// Ends an attempt that succeeded: earlier failures are forgotten, unless
    /// `forgetFailures` is false (a throttle over many clients, where one client's right
    /// password says nothing of the others' guesses).
    public func succeeded(_ account: String, forgetFailures: Bool = true) {
        var record = current(account)
        record.inFlight = max(0, record.inFlight - 1)
        if forgetFailures {
            record.failures = 0
            record.firstFailure = nil
        }
        records[account] = record.inFlight == 0 && record.failures == 0 ? nil : record
    }

    /// Whether the account has just been locked by its last failure.
    public func isLocked(_ account: String) -> Bool {
        current(account).failures >= lockAfter
    }

    private func current(_ account: String) -> Record {
        guard var record = records[account] else { return Record() }
        if let first = record.firstFailure, now().timeIntervalSince(first) > window {
            record.failures = 0
            record.firstFailure = nil
            records[account] = record
        }
        return record
    }

    private func prune() {
        let now = now()
        records = records.filter { _, record in
            record.inFlight > 0 || record.firstFailure.map { now.timeIntervalSince($0) <= window } ?? false
        }
    }
}
