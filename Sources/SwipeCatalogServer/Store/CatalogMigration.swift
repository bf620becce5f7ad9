import Foundation
import SwipeCatalogAPI

/// Moves a catalog from one store to another (an SQLite file to PostgreSQL): districts,
/// schools, accounts with their password hashes, products and their images, charges and
/// their lines, voids, idempotency keys, the sealed cards' digests and the enrolled
/// stations, in one transaction of the target; then checks it.
///
/// The target must hold no catalog yet. Sessions and login attempts are not moved: people
/// sign in again on the new store.
public struct CatalogMigration: Sendable {
    /// What was moved and checked.
    public struct Report: Sendable {
        /// Rows moved, by table, in the order they were written.
        public var rows: [(table: String, count: Int)]
        /// Daily reports compared (one per school and day with charges); all matched.
        public var dailyReports: Int
    }

    /// The tables moved, parents first, with their columns.
    static let tables: [(name: String, columns: [String])] = [
        ("districts", ["id", "name"]),
        (
            "schools",
            ["id", "district_id", "name", "fee_flat_cents", "fee_basis_points", "max_charge_cents", "max_item_cents"]
        ),
        ("accounts", ["id", "district_id", "username", "password_hash", "role"]),
        ("account_schools", ["account_id", "school_id"]),
        (
            "products",
            [
                "id", "school_id", "name", "price_cents", "minimum_cents", "maximum_cents", "starts_at", "ends_at",
                "requires_student_id", "swipe_allowed", "over_the_counter_only", "image",
            ]
        ),
        (
            "charges",
            [
                "id", "school_id", "account_id", "status", "decline_reason", "amount_cents", "fee_cents", "total_cents",
                "brand", "last4", "fingerprint", "authorization_code", "entry", "created_at", "voidable_until",
                "voided_at", "day", "offline", "received_at",
            ]
        ),
        ("charge_items", ["charge_id", "line", "product_id", "name", "quantity", "unit_cents"]),
        (
            "idempotency_keys",
            ["account_id", "key", "request_hash", "status_code", "body", "charge_id", "voided", "created_at"]
        ),
        ("opened_cards", ["digest", "opened_at", "keep_until"]),
        ("stations", ["id", "account_id", "name", "public_key", "max_age_hours", "enrolled_at", "revoked_at"]),
    ]

    let source: any CatalogStore
    let target: any CatalogStore

    /// A migration from `source` to `target`.
    public init(from source: any CatalogStore, to target: any CatalogStore) {
        self.source = source
        self.target = target
    }

    /// Copies everything, then compares the row counts and every school's daily reports.
    /// Throws ``StoreError`` (and writes nothing) when the target holds a catalog already,
    /// and when a check fails after the copy.
    public func run() async throws -> Report {
        let tables = Self.tables
        let copied = try await source.read { tx in
            try tables.map { table in
                let rows = try tx.rows(
                    "SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name)")
                return try rows.map { row in try table.columns.map { try row.value($0) } }
            }
        }
        let counts = try await target.write { tx -> [Int] in
            guard try tx.row("SELECT id FROM districts LIMIT 1") == nil else {
                throw StoreError("the target already holds a catalog: migrate into an empty database")
            }
            for (table, rows) in zip(tables, copied) {
                let sql =
                    "INSERT INTO \(table.name) (\(table.columns.joined(separator: ", "))) VALUES ("
                    + table.columns.map { _ in "?" }.joined(separator: ", ") + ")"
                for row in rows { try tx.execute(sql, row) }
            }
            return copied.map(\.count)
        }
        return Report(
            rows: zip(tables.map(\.name), counts).map { ($0, $1) }, dailyReports: try await check(counts: counts))
    }

    /// The row counts of the target, and every school's daily report of every day with charges,
    /// against the source's.
    private func check(counts: [Int]) async throws -> Int {
        let tables = Self.tables
        let countTables: @Sendable (any SQLTransaction) throws -> [Int] = { tx in
            try tables.map { try tx.row("SELECT COUNT(*) AS count FROM \($0.name)")?.int("count") ?? 0 }
        }
        let reports: @Sendable (any SQLTransaction) throws -> [DailyReport] = { tx in
            try tx.rows("SELECT DISTINCT school_id, day FROM charges ORDER BY school_id, day").map { row in
                try Reporting.report(school: try row.string("school_id"), day: try row.string("day"), tx: tx)
            }
        }
        let (sourceCounts, sourceReports) = try await source.read { tx in (try countTables(tx), try reports(tx)) }
        let (targetCounts, targetReports) = try await target.read { tx in (try countTables(tx), try reports(tx)) }
        guard sourceCounts == targetCounts, targetCounts == counts else {
            throw StoreError("row counts differ after the copy: \(sourceCounts) in the source, \(targetCounts) now")
        }
        guard sourceReports.count == targetReports.count,
            zip(sourceReports, targetReports).allSatisfy({ $0.lines == $1.lines && $0.totals == $1.totals })
        else {
            throw StoreError("the daily reports differ after the copy")
        }
        return targetReports.count
    }
}
