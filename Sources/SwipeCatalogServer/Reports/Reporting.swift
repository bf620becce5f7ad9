import Foundation
import Hummingbird
import SwipeCatalogAPI

/// A day's charges and the bookkeeper's daily report:
/// `GET /v1/schools/{school}/charges`, `GET /v1/schools/{school}/reports/daily`.
struct Reporting: Sendable {
    let store: any CatalogStore
    let clock: CatalogClock

    func routes(on v1: RouterGroup<CatalogContext>) {
        v1.get("schools/:school/charges") { request, context in
            try await charges(
                school: try context.parameters.require("school"), day: try day(request),
                account: try context.requireAccount())
        }
        v1.get("schools/:school/reports/daily") { request, context in
            try await dailyReport(
                school: try context.parameters.require("school"), day: try day(request),
                account: try context.requireAccount())
        }
    }

    /// `?date=YYYY-MM-DD`, today in New York by default.
    private func day(_ request: Request) throws -> String {
        guard let date = request.uri.queryParameters.get("date") else {
            return EasternCalendar.dayString(clock.now())
        }
        guard EasternCalendar.isDay(date) else { throw CatalogFailure.badRequest("date must be YYYY-MM-DD.") }
        return date
    }

    func charges(school: String, day: String, account: Account) async throws -> ChargeList {
        guard account.mayUse(school: school) else {
            throw CatalogFailure.forbidden("This account does not sell for that school.")
        }
        let receipts = try await store.read { tx in
            // Volunteers see their own charges; the bookkeeper sees the school's.
            let ids =
                try account.role == .bookkeeper
                ? tx.rows("SELECT id FROM charges WHERE school_id = ? AND day = ? ORDER BY created_at, id", school, day)
                : tx.rows(
                    "SELECT id FROM charges WHERE school_id = ? AND day = ? AND account_id = ? ORDER BY created_at, id",
                    school, day, account.id)
            return try ids.compactMap { try Receipts.load(id: try $0.string("id"), tx: tx) }
        }
        return ChargeList(date: day, charges: receipts)
    }

    func dailyReport(school: String, day: String, account: Account) async throws -> DailyReport {
        guard account.role == .bookkeeper else {
            throw CatalogFailure.forbidden("Daily reports are for the bookkeeper.")
        }
        guard account.mayUse(school: school) else {
            throw CatalogFailure.forbidden("This account does not sell for that school.")
        }
        return try await store.read { tx in try Self.report(school: school, day: day, tx: tx) }
    }

    /// The daily report of `school` on `day`, as the API gives it.
    static func report(school: String, day: String, tx: any SQLTransaction) throws -> DailyReport {
        let lines = try tx.rows(
            """
            SELECT charge_items.product_id, charge_items.name, charges.status,
            CAST(SUM(charge_items.quantity) AS BIGINT) AS quantity,
            CAST(SUM(charge_items.quantity * charge_items.unit_cents) AS BIGINT) AS amount
            FROM charge_items JOIN charges ON charges.id = charge_items.charge_id
            WHERE charges.school_id = ? AND charges.day = ?
            GROUP BY charge_items.product_id, charge_items.name, charges.status ORDER BY charge_items.name, charges.status
            """, school, day
        ).map { row in
            ReportLine(
                product: try row.string("product_id"), name: try row.string("name"),
                status: try Self.status(try row.string("status")), quantity: try row.int("quantity"),
                amountCents: try row.int("amount"))
        }
        let totals = try tx.rows(
            """
            SELECT status, COUNT(*) AS count, CAST(SUM(amount_cents) AS BIGINT) AS amount,
            CAST(SUM(fee_cents) AS BIGINT) AS fee, CAST(SUM(total_cents) AS BIGINT) AS total
            FROM charges WHERE school_id = ? AND day = ? GROUP BY status ORDER BY status
            """, school, day
        ).map { row in
            ReportTotal(
                status: try Self.status(try row.string("status")), count: try row.int("count"),
                amountCents: try row.int("amount"), feeCents: try row.int("fee"), totalCents: try row.int("total"))
        }
        return DailyReport(date: day, school: school, lines: lines, totals: totals)
    }

    /// A stored status; an unknown one is an error, never a silent default.
    private static func status(_ text: String) throws -> ChargeStatus {
        guard let status = ChargeStatus(rawValue: text) else {
            throw StoreError("unknown charge status in the database")
        }
        return status
    }
}
