import Crypto
import Foundation
import Synchronization

/// Bearer tokens: issued at sign-in, stored as SHA-256 hashes, cached in memory.
///
/// A cached entry is trusted for ``recheck`` only; then the session and the
/// account are read again, so a revoked session or a changed account (password,
/// role, schools) takes effect within seconds, and at once after a restart.
final class Sessions: Sendable {
    private let store: any CatalogStore
    private let clock: CatalogClock
    private let cache = Mutex<[String: (account: Account, expires: Date, checked: Date)]>([:])
    /// How long a login lasts.
    let lifetime: TimeInterval = 12 * 3600
    /// How long a cached session is trusted before it is read again.
    let recheck: TimeInterval = 5

    init(store: any CatalogStore, clock: CatalogClock) {
        self.store = store
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
        let tokenHash = Self.hash(token)
        let account = try await store.write { tx -> Account? in
            try tx.execute(
                "INSERT INTO sessions (token_hash, account_id, expires_at) VALUES (?, ?, ?)", tokenHash, accountID,
                expires.timeIntervalSince1970)
            try tx.execute("DELETE FROM sessions WHERE expires_at < ?", now.timeIntervalSince1970)
            return try Account.load(id: accountID, tx: tx)
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
        let found = try await store.read { tx -> (Account, Double)? in
            guard
                let row = try tx.row(
                    "SELECT account_id, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?", hash,
                    now.timeIntervalSince1970),
                let account = try Account.load(id: try row.string("account_id"), tx: tx)
            else { return nil }
            return (account, try row.double("expires_at"))
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

    /// Ends the session of `token` here and in the store: every server sharing the store stops
    /// accepting it within ``recheck``.
    func revoke(token: String) async throws {
        let hash = Self.hash(token)
        cache.withLock { $0[hash] = nil }
        try await store.write { tx in try tx.execute("DELETE FROM sessions WHERE token_hash = ?", hash) }
    }

    static func hash(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }
}
