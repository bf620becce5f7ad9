public import Foundation
import GRDB
import Glibc

/// The catalog in one SQLite file (GRDB): WAL mode, versioned migrations, one writer at a
/// time, so a write transaction holds the whole database and needs no row locks.
public struct SQLiteCatalogStore: CatalogStore {
    /// The connection pool.
    let pool: DatabasePool

    /// Opens (creating and migrating) the database at `path`. The file is made
    /// readable by its owner alone (0600), and SQLite gives its WAL and shared-memory
    /// files the same mode.
    public init(path: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            fchmod(descriptor, 0o600)
            Glibc.close(descriptor)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Deleted rows are overwritten, not left in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// Runs `body` on one of the pool's readers (WAL: readers never wait for the writer).
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws -> T {
        try await pool.read { db in try body(GRDBTransaction(db: db)) }
    }

    /// Runs `body` in a transaction on the one writer: it holds the whole database, so nothing
    /// conflicts and nothing runs twice.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws -> T {
        try await pool.write { db in try body(GRDBTransaction(db: db)) }
    }

    /// Closes the pool.
    public func close() async throws { try pool.close() }

    /// Secrets an older database kept in its `settings` table, removed from it
    /// (to be written to their own files by ``CatalogSecrets``).
    public func takeLegacySecrets() throws -> [String: Data] {
        try pool.write { db in
            var found: [String: Data] = [:]
            for name in ["card_private_key", "fingerprint_secret"] {
                if let value = try Data.fetchOne(
                    db, sql: "SELECT value FROM settings WHERE name = ?", arguments: [name])
                {
                    found[name] = value
                }
            }
            try db.execute(sql: "DELETE FROM settings WHERE name IN ('card_private_key', 'fingerprint_secret')")
            return found
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE settings (name TEXT PRIMARY KEY, value BLOB NOT NULL);
                    CREATE TABLE districts (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
                    CREATE TABLE schools (
                        id TEXT PRIMARY KEY, district_id TEXT NOT NULL REFERENCES districts(id), name TEXT NOT NULL,
                        fee_flat_cents INTEGER NOT NULL DEFAULT 0, fee_basis_points INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE accounts (
                        id TEXT PRIMARY KEY, district_id TEXT NOT NULL REFERENCES districts(id),
                        username TEXT NOT NULL COLLATE NOCASE, password_hash TEXT NOT NULL,
                        role TEXT NOT NULL CHECK (role IN ('bookkeeper', 'generic')),
                        UNIQUE (district_id, username));
                    CREATE TABLE account_schools (
                        account_id TEXT NOT NULL REFERENCES accounts(id), school_id TEXT NOT NULL REFERENCES schools(id),
                        PRIMARY KEY (account_id, school_id));
                    CREATE TABLE sessions (
                        token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
                        expires_at REAL NOT NULL);
                    CREATE TABLE products (
                        id TEXT PRIMARY KEY, school_id TEXT NOT NULL REFERENCES schools(id), name TEXT NOT NULL,
                        price_cents INTEGER, minimum_cents INTEGER, maximum_cents INTEGER,
                        starts_at REAL NOT NULL, ends_at REAL NOT NULL,
                        requires_student_id INTEGER NOT NULL DEFAULT 0, swipe_allowed INTEGER NOT NULL DEFAULT 1,
                        over_the_counter_only INTEGER NOT NULL DEFAULT 0, image BLOB);
                    CREATE TABLE charges (
                        id TEXT PRIMARY KEY, school_id TEXT NOT NULL REFERENCES schools(id),
                        account_id TEXT NOT NULL REFERENCES accounts(id), status TEXT NOT NULL, decline_reason TEXT,
                        amount_cents INTEGER NOT NULL, fee_cents INTEGER NOT NULL, total_cents INTEGER NOT NULL,
                        brand TEXT NOT NULL, last4 TEXT NOT NULL, fingerprint TEXT NOT NULL, authorization_code TEXT,
                        entry TEXT NOT NULL, created_at REAL NOT NULL, voidable_until REAL NOT NULL, voided_at REAL,
                        day TEXT NOT NULL);
                    CREATE INDEX charges_by_day ON charges (school_id, day);
                    CREATE TABLE charge_items (
                        charge_id TEXT NOT NULL REFERENCES charges(id), line INTEGER NOT NULL,
                        product_id TEXT NOT NULL, name TEXT NOT NULL, quantity INTEGER NOT NULL,
                        unit_cents INTEGER NOT NULL, PRIMARY KEY (charge_id, line));
                    CREATE TABLE idempotency_keys (
                        account_id TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
                        status_code INTEGER NOT NULL, body BLOB NOT NULL, charge_id TEXT, voided INTEGER NOT NULL DEFAULT 0,
                        created_at REAL NOT NULL, PRIMARY KEY (account_id, key));
                    """)
        }
        migrator.registerMigration("v2: sealed cards opened") { db in
            // Digests of the sealed cards opened in the last few minutes: a card is opened once.
            try db.execute(
                sql: """
                    CREATE TABLE opened_cards (digest TEXT PRIMARY KEY, opened_at REAL NOT NULL);
                    CREATE INDEX opened_cards_by_age ON opened_cards (opened_at);
                    """)
        }
        migrator.registerMigration("v3: money limits per school") { db in
            try db.execute(
                sql: """
                    ALTER TABLE schools ADD COLUMN max_charge_cents INTEGER NOT NULL DEFAULT 100000;
                    ALTER TABLE schools ADD COLUMN max_item_cents INTEGER NOT NULL DEFAULT 50000;
                    """)
        }
        migrator.registerMigration("v4: sales kept offline") { db in
            // Stations enrolled to forward sales kept offline; a sealed card is remembered until it
            // could no longer be opened (minutes online, hours for a kept sale).
            try db.execute(
                sql: """
                    CREATE TABLE stations (
                        id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id), name TEXT NOT NULL,
                        public_key BLOB NOT NULL, max_age_hours REAL NOT NULL, enrolled_at REAL NOT NULL,
                        revoked_at REAL);
                    ALTER TABLE opened_cards ADD COLUMN keep_until REAL NOT NULL DEFAULT 0;
                    UPDATE opened_cards SET keep_until = opened_at + 360;
                    ALTER TABLE charges ADD COLUMN offline INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE charges ADD COLUMN received_at REAL;
                    """)
        }
        migrator.registerMigration("v5: login attempts in the database") { db in
            // The password-guessing throttle, shared by every server of the database.
            try db.execute(
                sql: """
                    CREATE TABLE login_attempts (
                        account TEXT PRIMARY KEY, failures INTEGER NOT NULL, in_flight INTEGER NOT NULL,
                        first_failure REAL, updated_at REAL NOT NULL);
                    """)
        }
        migrator.registerMigration("v6: opened cards pruned by expiry") { db in
            // Every charge deletes the expired digests: by an index, not by reading them all.
            try db.execute(
                sql: """
                    DROP INDEX IF EXISTS opened_cards_by_age;
                    CREATE INDEX opened_cards_by_expiry ON opened_cards (keep_until);
                    """)
        }
        migrator.registerMigration("v7: login attempts pruned by age") { db in
            try db.execute(sql: "CREATE INDEX login_attempts_by_age ON login_attempts (updated_at)")
        }
        return migrator
    }
}

/// A GRDB transaction as an ``SQLTransaction``.
struct GRDBTransaction: SQLTransaction {
    let db: Database

    var forUpdate: String { "" }

    // Statements are compiled once per connection and kept (the catalog's SQL is a fixed set).
    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments.map(Self.databaseValue)))
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        return try Row.fetchAll(statement, arguments: StatementArguments(arguments.map(Self.databaseValue))).map {
            SQLRow($0.map { column, value in (column, Self.sqlValue(value)) })
        }
    }

    private static func sqlValue(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let number): .integer(number)
        case .double(let number): .real(number)
        case .string(let text): .text(text)
        case .blob(let data): .blob(data)
        }
    }

    private static func databaseValue(_ value: SQLValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        case .blob(let data): data.databaseValue
        }
    }
}
