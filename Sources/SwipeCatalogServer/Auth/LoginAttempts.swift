import Foundation

/// The catalog's password-guessing throttle, kept in the store so every catalog server
/// sharing a database counts the same guesses: a password guessed wrong on one server
/// counts on the others.
///
/// The rules are ``SwipeServerKit/LoginThrottle``'s: attempts count against the account they
/// name once resolved; an attempt counts from the moment it starts (guesses sent in
/// parallel cannot slip in before the first failure is written); each failure in a row
/// doubles the wait before the answer (`baseDelay`, up to 30 times it); `lockAfter`
/// failures within 15 minutes lock the account until the window passes. An attempt a
/// crashed server never finished stops counting after a minute.
struct LoginAttempts: Sendable {
    let store: any CatalogStore
    let now: @Sendable () -> Date
    let baseDelay: Duration
    /// Failures within the window that lock the account.
    var lockAfter = 10
    /// How long failures are remembered.
    let window: TimeInterval = 15 * 60
    /// How long an attempt still running counts.
    let attemptTimeout: TimeInterval = 60

    private struct Attempts {
        var failures = 0
        var inFlight = 0
        var firstFailure: Double?
    }

    /// Starts an attempt for `account`: `false` (and nothing counted) when it is locked.
    func begin(_ account: String) async throws -> Bool {
        let (now, lockAfter) = (now().timeIntervalSince1970, lockAfter)
        return try await update(account, now: now) { attempts in
            guard attempts.failures + attempts.inFlight < lockAfter else { return false }
            attempts.inFlight += 1
            return true
        }
    }

    /// Ends an attempt that failed: how long to wait before answering, and whether the account
    /// is now locked.
    func failed(_ account: String) async throws -> (delay: Duration, locked: Bool) {
        let (now, lockAfter, baseDelay) = (now().timeIntervalSince1970, lockAfter, baseDelay)
        return try await update(account, now: now) { attempts in
            attempts.inFlight = max(0, attempts.inFlight - 1)
            attempts.failures += 1
            if attempts.firstFailure == nil { attempts.firstFailure = now }
            let delay = min(baseDelay * (1 << min(attempts.failures - 1, 5)), baseDelay * 30)
            return (delay, attempts.failures >= lockAfter)
        }
    }

    /// Ends an attempt that succeeded: earlier failures are forgotten.
    func succeeded(_ account: String) async throws {
        try await update(account, now: now().timeIntervalSince1970) { attempts in
            attempts.inFlight = max(0, attempts.inFlight - 1)
            attempts.failures = 0
            attempts.firstFailure = nil
        }
    }

    /// Reads the account's attempts with its row locked, lets `change` change them, writes them
    /// back (or deletes a row with nothing to remember), in one transaction.
    private func update<T: Sendable>(
        _ account: String, now: Double, _ change: @escaping @Sendable (inout Attempts) -> T
    ) async throws -> T {
        let (window, attemptTimeout) = (window, attemptTimeout)
        return try await store.write { tx in
            // Names guessed once and never again (a flood of made-up accounts) do not pile up.
            try tx.execute("DELETE FROM login_attempts WHERE updated_at < ?", now - window)
            // The row exists before it is locked, so two servers' first attempts are ordered too.
            try tx.execute(
                "INSERT INTO login_attempts (account, failures, in_flight, first_failure, updated_at) "
                    + "VALUES (?, 0, 0, NULL, ?) ON CONFLICT (account) DO NOTHING", account, now)
            let row = try tx.row("SELECT * FROM login_attempts WHERE account = ?\(tx.forUpdate)", account)
            var attempts = Attempts(
                failures: try row?.int("failures") ?? 0, inFlight: try row?.int("in_flight") ?? 0,
                firstFailure: try row?.optionalDouble("first_failure"))
            if let first = attempts.firstFailure, now - first > window {
                attempts.failures = 0
                attempts.firstFailure = nil
            }
            if try now - (row?.double("updated_at") ?? now) > attemptTimeout { attempts.inFlight = 0 }
            let result = change(&attempts)
            if attempts.failures == 0 && attempts.inFlight == 0 {
                try tx.execute("DELETE FROM login_attempts WHERE account = ?", account)
            } else {
                try tx.execute(
                    "UPDATE login_attempts SET failures = ?, in_flight = ?, first_failure = ?, updated_at = ? "
                        + "WHERE account = ?", attempts.failures, attempts.inFlight, attempts.firstFailure, now,
                    account)
            }
            return result
        }
    }
}
