public import Foundation
import GRDB

/// The station's journal of sales: SQLite in WAL mode, synced at every commit so a
/// sale written before its charge survives a power cut.
///
/// A sale is written `pending` (with its idempotency key) before the charge leaves
/// the device, and updated with the outcome. Every call runs on GRDB's own queues and
/// suspends the caller, so a slow disk or a lock held elsewhere never blocks Swift's
/// cooperative threads. Reading it (`swipe journal`, the
/// console) is safe while the station writes: WAL readers never block the writer.
public final class SaleJournal: Sendable {
    private let pool: DatabasePool
    /// The SQLite file.
    public let path: String

    /// How long a write waits for another connection's lock before it fails.
    public static let writeTimeout: TimeInterval = 2

    /// Opens (creating when missing) the journal at `path`. The folder must exist.
    public init(path: String) throws(JournalError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.writeTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // A forwarded sale's sealed request is overwritten when deleted, not left in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        let created = !FileManager.default.fileExists(atPath: path)
        do {
            if created {
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o640])
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw JournalError(operation: "open \(path)", underlying: error)
        }
    }

    private init(pool: DatabasePool, path: String) {
        self.pool = pool
        self.path = path
    }

    /// Opens an existing journal for reading only, beside a running station.
    public static func reading(path: String) throws(JournalError) -> SaleJournal {
        guard FileManager.default.fileExists(atPath: path) else {
            throw JournalError(operation: "open \(path)", reason: "no journal there yet (the station writes it)")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(writeTimeout)
        do { return SaleJournal(pool: try DatabasePool(path: path, configuration: configuration), path: path) } catch {
            throw JournalError(operation: "open \(path)", underlying: error)
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 sales") { db in
            try db.create(table: "sales") { table in
                table.column("key", .text).primaryKey()
                table.column("status", .text).notNull()
                table.column("receipt", .text)
                table.column("product", .text).notNull()
                table.column("quantity", .integer).notNull()
                table.column("priceCents", .integer)
                table.column("totalCents", .integer)
                table.column("brand", .text)
                table.column("last4", .text)
                table.column("source", .text).notNull()
                table.column("message", .text)
                table.column("at", .datetime).notNull()
                table.column("day", .text).notNull().indexed()
                table.column("updatedAt", .datetime).notNull()
            }
            try db.create(
                index: "sales_pending", on: "sales", columns: ["status"], condition: Column("status") == "pending")
        }
        migrator.registerMigration("v2 sale lines") { db in
            // Every line of a cart, as JSON: product, quantity and, for a variable price, the unit price.
            try db.alter(table: "sales") { table in table.add(column: "items", .jsonText) }
        }
        migrator.registerMigration("v3 sales kept offline") { db in
            try db.alter(table: "sales") { table in table.add(column: "offline", .boolean) }
            // The sealed, signed charge of each kept sale (ciphertext only), until it is forwarded.
            try db.create(table: "kept_requests") { table in
                table.column("key", .text).primaryKey().references("sales")
                table.column("body", .blob).notNull()
            }
        }
        return migrator
    }

    /// Writes a new sale. Throws when the journal cannot be written: the caller must not charge.
    public func record(_ sale: JournalSale) async throws(JournalError) {
        do { try await pool.write { db in try sale.insert(db) } } catch {
            throw JournalError(operation: "write a sale", underlying: error)
        }
    }

    /// Records a sale's outcome; a kept sale's sealed request is deleted in the same transaction
    /// (once forwarded, nothing of its card stays).
    public func settle(
        key: String, status: JournalSale.Status, receipt: String? = nil, totalCents: Int? = nil, message: String?,
        now: Date = Date()
    ) async throws(JournalError) {
        do {
            try await pool.write { db in
                guard var sale = try JournalSale.fetchOne(db, key: key) else { return }
                sale.status = status
                sale.receipt = receipt ?? sale.receipt
                sale.totalCents = totalCents ?? sale.totalCents
                sale.message = message ?? sale.message
                sale.updatedAt = now
                try sale.update(db)
                try db.execute(sql: "DELETE FROM kept_requests WHERE key = ?", arguments: [key])
            }
        } catch {
            throw JournalError(operation: "record an outcome", underlying: error)
        }
    }

    /// One sale by its key.
    public func sale(key: String) async throws(JournalError) -> JournalSale? {
        do { return try await pool.read { db in try JournalSale.fetchOne(db, key: key) } } catch {
            throw JournalError(operation: "read", underlying: error)
        }
    }

    /// Sales still pending, oldest first.
    public func pending() async throws(JournalError) -> [JournalSale] {
        do {
            return try await pool.read { db in
                try JournalSale.filter(Column("status") == JournalSale.Status.pending.rawValue).order(Column("at"))
                    .fetchAll(db)
            }
        } catch {
            throw JournalError(operation: "read pending sales", underlying: error)
        }
    }

    /// A day's sales (`YYYY-MM-DD`, New York), in the order they were heard.
    public func sales(day: String) async throws(JournalError) -> [JournalSale] {
        do {
            return try await pool.read { db in
                try JournalSale.filter(Column("day") == day).order(Column("at"), Column("key")).fetchAll(db)
            }
        } catch {
            throw JournalError(operation: "read the sales of \(day)", underlying: error)
        }
    }

    /// Writes a sale kept offline with its sealed, signed charge, in one transaction: it is
    /// kept whole or not at all. Throws when the journal cannot be written: the sale is refused.
    public func keep(_ sale: JournalSale, request: Data) async throws(JournalError) {
        do {
            try await pool.write { db in
                try sale.insert(db)
                try db.execute(
                    sql: "INSERT INTO kept_requests (key, body) VALUES (?, ?)", arguments: [sale.key, request])
            }
        } catch {
            throw JournalError(operation: "keep a sale", underlying: error)
        }
    }

    /// Kept sales waiting to be forwarded, in the order they were taken, with their requests.
    public func kept() async throws(JournalError) -> [(sale: JournalSale, request: Data)] {
        do {
            return try await pool.read { db in
                let sales = try JournalSale.filter(Column("status") == JournalSale.Status.stored.rawValue)
                    .order(Column("at"), Column("key")).fetchAll(db)
                return try sales.compactMap { sale in
                    try Data.fetchOne(db, sql: "SELECT body FROM kept_requests WHERE key = ?", arguments: [sale.key])
                        .map { (sale, $0) }
                }
            }
        } catch {
            throw JournalError(operation: "read kept sales", underlying: error)
        }
    }

    /// How many kept sales wait to be forwarded and what they come to, in cents.
    public func waiting() async throws(JournalError) -> (count: Int, cents: Int) {
        do {
            return try await pool.read { db in
                let row = try Row.fetchOne(
                    db, sql: "SELECT COUNT(*), COALESCE(SUM(totalCents), 0) FROM sales WHERE status = 'stored'")
                return (row?[0] ?? 0, row?[1] ?? 0)
            }
        } catch {
            throw JournalError(operation: "count kept sales", underlying: error)
        }
    }

    /// Kept sales the catalog did not charge when they were forwarded (declined, expired,
    /// refused): the bookkeeper's to collect. Newest first, the last `limit`.
    public func followUp(limit: Int = 100) async throws(JournalError) -> [JournalSale] {
        do {
            return try await pool.read { db in
                try JournalSale.filter(
                    Column("offline") == true
                        && [
                            JournalSale.Status.declined.rawValue, JournalSale.Status.expired.rawValue,
                            JournalSale.Status.refused.rawValue,
                        ].contains(Column("status"))
                ).order(Column("at").desc).limit(limit).fetchAll(db)
            }
        } catch {
            throw JournalError(operation: "read kept sales to follow up", underlying: error)
        }
    }

    /// Closes the database; later calls fail.
    public func close() {
        try? pool.close()
    }
}

/// The journal could not be opened, read or written.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    /// What was being done.
    public var operation: String
    /// SQLite's or the file system's words.
    public var reason: String

    init(operation: String, reason: String) {
        self.operation = operation
        self.reason = reason
    }

    init(operation: String, underlying: any Error) {
        self.operation = operation
        if let error = underlying as? DatabaseError {
            reason = error.message ?? "\(error.resultCode)"
            if error.resultCode == .SQLITE_BUSY { reason = "another program holds the journal locked" }
        } else {
            reason = "\(underlying)"
        }
    }

    /// `the journal cannot write a sale: database or disk is full`.
    public var description: String { "the journal cannot \(operation): \(reason)" }
}
