import Foundation
import SwipeCatalogAPI

extension Receipt {
    /// This receipt marked as a sale kept offline (when `offline`), received at `receivedAt`.
    func offline(_ offline: Bool, receivedAt: Date?) -> Receipt {
        guard offline else { return self }
        var receipt = self
        receipt.offline = true
        receipt.receivedAt = receivedAt
        return receipt
    }
}

/// Receipts as the API shows them, read from and written to `charges` and `charge_items`.
/// Stored values that are not known (a status, an entry mode) are an error, never a default.
enum Receipts {
    /// The receipt of charge `id`, or `nil`.
    static func load(id: String, tx: any SQLTransaction) throws -> Receipt? {
        guard
            let charge = try tx.row(
                "SELECT charges.*, accounts.username FROM charges JOIN accounts ON accounts.id = charges.account_id "
                    + "WHERE charges.id = ?", id)
        else { return nil }
        let items = try tx.rows("SELECT * FROM charge_items WHERE charge_id = ? ORDER BY line", id).map {
            ReceiptItem(
                product: try $0.string("product_id"), name: try $0.string("name"), quantity: try $0.int("quantity"),
                unitCents: try $0.int("unit_cents"))
        }
        guard let status = ChargeStatus(rawValue: try charge.string("status")),
            let entry = EntryMode(rawValue: try charge.string("entry"))
        else { throw StoreError("charge \(id) has an unknown status or entry mode") }
        return Receipt(
            id: id, school: try charge.string("school_id"), status: status,
            declineReason: try charge.optionalString("decline_reason"), amountCents: try charge.int("amount_cents"),
            feeCents: try charge.int("fee_cents"), totalCents: try charge.int("total_cents"),
            brand: try charge.string("brand"), last4: try charge.string("last4"),
            authorizationCode: try charge.optionalString("authorization_code"), entry: entry, items: items,
            createdBy: try charge.string("username"),
            createdAt: Date(timeIntervalSince1970: try charge.double("created_at")),
            voidableUntil: Date(timeIntervalSince1970: try charge.double("voidable_until")),
            voidedAt: try charge.optionalDouble("voided_at").map { Date(timeIntervalSince1970: $0) }
        ).offline(
            try charge.bool("offline"),
            receivedAt: try charge.optionalDouble("received_at").map { Date(timeIntervalSince1970: $0) })
    }

    /// Writes a new charge and its lines. `fingerprint` is the HMAC-SHA256 of the card number
    /// under the fingerprint key (``CatalogSecrets``).
    static func insert(_ receipt: Receipt, accountID: String, fingerprint: String, tx: any SQLTransaction) throws {
        try tx.execute(
            """
            INSERT INTO charges (id, school_id, account_id, status, decline_reason, amount_cents, fee_cents,
            total_cents, brand, last4, fingerprint, authorization_code, entry, created_at, voidable_until, voided_at,
            day, offline, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)
            """,
            receipt.id, receipt.school, accountID, receipt.status.rawValue, receipt.declineReason,
            receipt.amountCents, receipt.feeCents, receipt.totalCents, receipt.brand, receipt.last4, fingerprint,
            receipt.authorizationCode, receipt.entry.rawValue, receipt.createdAt.timeIntervalSince1970,
            receipt.voidableUntil.timeIntervalSince1970, EasternCalendar.dayString(receipt.createdAt),
            receipt.offline == true, receipt.receivedAt?.timeIntervalSince1970)
        for (line, item) in receipt.items.enumerated() {
            try tx.execute(
                "INSERT INTO charge_items (charge_id, line, product_id, name, quantity, unit_cents) VALUES (?, ?, ?, ?, ?, ?)",
                receipt.id, line, item.product, item.name, item.quantity, item.unitCents)
        }
    }
}
