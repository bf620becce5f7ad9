import Foundation
import NIOSSL
import PostgresNIO

/// A PostgreSQL address as `swipe catalog serve --database` takes it:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-full]`.
///
/// The password may also come from `$PGPASSWORD` (better: it stays out of the process list).
/// `sslmode` defaults to `prefer`; `require` encrypts without checking the server's
/// certificate, `verify-full` checks it against the system's trusted roots and the host name.
struct PostgresURL {
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String
    var sslMode: String

    /// Whether `text` names a PostgreSQL database rather than an SQLite file.
    static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isPostgres(text), let components = URLComponents(string: text), let host = components.host,
            !host.isEmpty, let user = components.user, !user.isEmpty
        else {
            throw StoreError("the database URL must be postgres://USER@HOST[:PORT]/DATABASE[?sslmode=…]")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError("the database URL names no database (postgres://USER@HOST/DATABASE)")
        }
        self.host = host
        port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"]
        self.database = database
        sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard ["disable", "prefer", "require", "verify-full"].contains(sslMode) else {
            throw StoreError("sslmode must be disable, prefer, require or verify-full, not \(sslMode)")
        }
    }

    /// TLS as `sslmode` asks.
    var tls: PostgresClient.Configuration.TLS {
        var unchecked = TLSConfiguration.makeClientConfiguration()
        unchecked.certificateVerification = .none
        switch sslMode {
        case "disable": return .disable
        case "require": return .require(unchecked)
        case "verify-full": return .require(.makeClientConfiguration())
        default: return .prefer(unchecked)
        }
    }

    /// The address without its password, for messages and logs.
    var safeDescription: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}
