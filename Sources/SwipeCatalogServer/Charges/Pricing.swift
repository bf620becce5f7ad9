import Foundation
import SwipeCatalogAPI

/// What a charge comes to: each line's unit price (fixed, or the asked price within
/// the product's range), the school's fee, and the school's limits per item and
/// per charge.
struct Pricing {
    var items: [ReceiptItem]
    var amount: Int
    var fee: Int

    static func price(_ request: ChargeRequest, account: Account, tx: any SQLTransaction, now: Date) throws -> Pricing {
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
            let unit = try unitPrice(item, school: request.school, tx: tx, now: now)
            items.append(
                ReceiptItem(product: item.product, name: unit.name, quantity: item.quantity, unitCents: unit.cents))
            amount += unit.cents * item.quantity
        }
        let pricing = try schoolPricing(of: request.school, tx: tx)
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

    /// The fee and limits of `school`.
    static func schoolPricing(of school: String, tx: any SQLTransaction) throws -> SchoolPricing {
        guard
            let row = try tx.row(
                "SELECT fee_flat_cents, fee_basis_points, max_charge_cents, max_item_cents FROM schools WHERE id = ?",
                school)
        else { throw CatalogFailure.notFound("No such school.") }
        return SchoolPricing(
            feeFlatCents: try row.int("fee_flat_cents"), feeBasisPoints: try row.int("fee_basis_points"),
            maxChargeCents: try row.int("max_charge_cents"), maxItemCents: try row.int("max_item_cents"))
    }

    private static func unitPrice(_ item: ChargeItem, school: String, tx: any SQLTransaction, now: Date) throws -> (
        name: String, cents: Int
    ) {
        guard
            let row = try tx.row(
                """
                SELECT name, price_cents, minimum_cents, maximum_cents, starts_at, ends_at, requires_student_id, swipe_allowed
                FROM products WHERE id = ? AND school_id = ?
                """, item.product, school)
        else { throw CatalogFailure.notFound("No such product at this school: reload the product list.") }
        let name = try row.string("name")
        let nowSeconds = now.timeIntervalSince1970
        guard try row.double("starts_at") <= nowSeconds, try nowSeconds <= row.double("ends_at"),
            try !row.bool("requires_student_id"), try row.bool("swipe_allowed")
        else {
            throw CatalogFailure(
                status: 422, code: .productNotAvailable,
                message: "\(name) cannot be sold by swipe now: reload the product list.")
        }
        if let fixed = try row.optionalInt("price_cents") {
            guard item.priceCents == nil || item.priceCents == fixed else {
                throw CatalogFailure(
                    status: 422, code: .invalidPrice, message: "\(name) has a fixed price of \(fixed) cents.")
            }
            return (name, fixed)
        }
        let low = try row.optionalInt("minimum_cents") ?? 1
        let high = try row.optionalInt("maximum_cents") ?? 1_000_000
        guard let asked = item.priceCents, (low...high).contains(asked) else {
            throw CatalogFailure(
                status: 422, code: .invalidPrice, message: "\(name) needs a price between \(low) and \(high) cents.")
        }
        return (name, asked)
    }
}
