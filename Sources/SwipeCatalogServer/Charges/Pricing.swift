import Foundation
import GRDB
import SwipeCatalogAPI

/// What a charge comes to: each line's unit price (fixed, or the asked price within
/// the product's range), the school's fee, and the school's limits per item and
/// per charge.
struct Pricing {
    var items: [ReceiptItem]
    var amount: Int
    var fee: Int

    static func price(_ request: ChargeRequest, account: Account, db: Database, now: Date) throws -> Pricing {
        guard account.mayUse(school: request.school) else {
            throw CatalogFailure.forbidden("This account does not sell for that school.")
        }
        guard !request.items.isEmpty, request.items.count <= 20 else {
            throw CatalogFailure.badRequest("A charge needs 1 to 20 items.")
        }
        var items: [ReceiptItem] = []
        var amount = 0
        for item in request.items {
            guard (1...100).contains(item.quantity) else {
                throw CatalogFailure.badRequest("Quantity must be between 1 and 100.")
            }
            let unit = try unitPrice(item, school: request.school, db: db, now: now)
            items.append(
                ReceiptItem(product: item.product, name: unit.name, quantity: item.quantity, unitCents: unit.cents))
            amount += unit.cents * item.quantity
        }
        guard
            let school = try Row.fetchOne(
                db,
                sql:
                    "SELECT fee_flat_cents, fee_basis_points, max_charge_cents, max_item_cents FROM schools WHERE id = ?",
                arguments: [request.school])
        else { throw CatalogFailure.notFound("No such school.") }
        let pricing = schoolPricing(school)
        switch pricing.quote(items.map { ($0.unitCents, $0.quantity) }) {
        case .success(let quote):
            return Pricing(items: items, amount: quote.amountCents, fee: quote.feeCents)
        case .failure(.item(let unit, let limit)):
            let name = items.first { $0.unitCents == unit }?.name ?? "An item"
            throw CatalogFailure(
                status: 422, code: .amountOverLimit,
                message: "\(name) at \(unit) cents is over this school's limit of \(limit) cents per item.")
        case .failure(.charge(let amount, let limit)):
            throw CatalogFailure(
                status: 422, code: .amountOverLimit,
                message: "\(amount) cents is over this school's limit of \(limit) cents per charge: split the sale.")
        }
    }

    /// A school's fee and limits, from its row (`fee_flat_cents`, `fee_basis_points`,
    /// `max_charge_cents`, `max_item_cents`).
    static func schoolPricing(_ row: Row) -> SchoolPricing {
        SchoolPricing(
            feeFlatCents: row["fee_flat_cents"], feeBasisPoints: row["fee_basis_points"],
            maxChargeCents: row["max_charge_cents"], maxItemCents: row["max_item_cents"])
    }

    /// The fee and limits of `school`.
    static func schoolPricing(of school: String, db: Database) throws -> SchoolPricing {
        guard
            let row = try Row.fetchOne(
                db,
                sql:
                    "SELECT fee_flat_cents, fee_basis_points, max_charge_cents, max_item_cents FROM schools WHERE id = ?",
                arguments: [school])
        else { throw CatalogFailure.notFound("No such school.") }
        return schoolPricing(row)
    }

    private static func unitPrice(_ item: ChargeItem, school: String, db: Database, now: Date) throws -> (
        name: String, cents: Int
    ) {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT name, price_cents, minimum_cents, maximum_cents, starts_at, ends_at, requires_student_id, swipe_allowed
                    FROM products WHERE id = ? AND school_id = ?
                    """, arguments: [item.product, school])
        else { throw CatalogFailure.notFound("No such product at this school: reload the product list.") }
        let name: String = row["name"]
        let startsAt: Double = row["starts_at"]
        let endsAt: Double = row["ends_at"]
        let nowSeconds = now.timeIntervalSince1970
        guard startsAt <= nowSeconds, nowSeconds <= endsAt, !(row["requires_student_id"] as Bool),
            row["swipe_allowed"] as Bool
        else {
            throw CatalogFailure(
                status: 422, code: .productNotAvailable,
                message: "\(name) cannot be sold by swipe now: reload the product list.")
        }
        if let fixed: Int = row["price_cents"] {
            guard item.priceCents == nil || item.priceCents == fixed else {
                throw CatalogFailure(
                    status: 422, code: .invalidPrice, message: "\(name) has a fixed price of \(fixed) cents.")
            }
            return (name, fixed)
        }
        let low: Int = row["minimum_cents"] ?? 1
        let high: Int = row["maximum_cents"] ?? 1_000_000
        guard let asked = item.priceCents, (low...high).contains(asked) else {
            throw CatalogFailure(
                status: 422, code: .invalidPrice, message: "\(name) needs a price between \(low) and \(high) cents.")
        }
        return (name, asked)
    }
}
