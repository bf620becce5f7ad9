import Crypto
import Foundation
import GRDB
import Synchronization

/// Bearer tokens: issued at sign-in, stored as SHA-256 hashes, cached in memory.
///
/// A cached entry is trusted for ``recheck`` only; then the session and the
/// account are read again, so a revoked session or a changed account (password,
/// role, schools) takes effect within seconds, and at once after a restart.
final class Sessions: Sendable {
    private let database: CatalogDatabase
    private let clock: CatalogClock
    private let cache = Mutex<[String: (account: Account, expires: Date, checked: Date)]>([:])
    /// How long a login lasts.
    let lifetime: TimeInterval = 12 * 3600
    /// How long a cached session is trusted before it is read again.
    let recheck: TimeInterval = 5

    init(database: CatalogDatabase, clock: CatalogClock) {
        self.database = database
        self.clock = clock
    }

    /// A new token for `accountID`, and when it expires.
    func issue(for accountID: String) async throws -> (token: String, expires: Date, account: Account) {
        var tokenBytes = [UInt8](repeating: 0, count: 32)
        for index in tokenBytes.indices { tokenBytes[index] = UInt8.random(in: 0...255) }
        let token = Data(tokenBytes).base64EncodedString().replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "=", with: "")
        let now = clock.now()
        let expires = now.addingTimeInterval(lifetime)
        let account = try await database.pool.write { db -> Account? in
            try db.execute(
                sql: "INSERT INTO sessions (token_hash, account_id, expires_at) VALUES (?, ?, ?)",
                arguments: [Self.hash(token), accountID, expires.timeIntervalSince1970])
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at < ?", arguments: [now.timeIntervalSince1970])
            return try Account.load(id: accountID, db: db)
        }
        guard let account else { throw CatalogFailure.unauthorized }
        return (token, expires, account)
    }

    /// The account `token` was issued for, as it is now; 401 when the session is gone.
    func account(forToken token: String) async throws -> Account {
        let now = clock.now()
        let hash = Self.hash(token)
        if let cached = cache.withLock({ $0[hash] }), cached.expires > now,
            now.timeIntervalSince(cached.checked) < recheck
        {
            return cached.account
        }
        let found = try await database.pool.read { db -> (Account, Double)? in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT account_id, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?",
                    arguments: [hash, now.timeIntervalSince1970]),
                let account = try Account.load(id: row["account_id"], db: db)
            else { return nil }
            return (account, row["expires_at"])
        }
        guard let (account, expires) = found else {
            cache.withLock { $0[hash] = nil }
            throw CatalogFailure.unauthorized
        }
        cache.withLock { cache in
            if cache.count > 10_000 { cache = cache.filter { $0.value.expires > now } }
            cache[hash] = (account, Date(timeIntervalSince1970: expires), now)
        }
        return account
    }

    static func hash(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }
}
