import Foundation
import GRDB
import SwipeCatalogAPI

/// A row of `charges`. Stored values that are not known (a status, an entry mode)
/// fail decoding: an error, never a silent default.
struct ChargeRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "charges"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: String
    var schoolId: String
    var accountId: String
    var status: ChargeStatus
    var declineReason: String?
    var amountCents: Int
    var feeCents: Int
    var totalCents: Int
    var brand: String
    var last4: String
    /// HMAC-SHA256 of the card number under the fingerprint key (``CatalogSecrets``).
    var fingerprint: String
    var authorizationCode: String?
    var entry: EntryMode
    var createdAt: Double
    var voidableUntil: Double
    var voidedAt: Double?
    /// `YYYY-MM-DD` in New York.
    var day: String
    /// A sale kept offline by a station and forwarded: `created_at` is the swipe's time.
    var offline: Bool = false
    /// When a forwarded sale reached the catalog.
    var receivedAt: Double?
}

/// A row of `charge_items`: one line of a charge.
struct ChargeItemRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "charge_items"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var chargeId: String
    var line: Int
    var productId: String
    var name: String
    var quantity: Int
    var unitCents: Int
}

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

/// Receipts as the API shows them, read from the records.
enum Receipts {
    /// The receipt of charge `id`, or `nil`.
    static func load(id: String, db: Database) throws -> Receipt? {
        guard let charge = try ChargeRecord.fetchOne(db, key: id) else { return nil }
        let items = try ChargeItemRecord.filter(Column("charge_id") == id).order(Column("line")).fetchAll(db)
        let username = try String.fetchOne(
            db, sql: "SELECT username FROM accounts WHERE id = ?", arguments: [charge.accountId])
        return Receipt(
            id: charge.id, school: charge.schoolId, status: charge.status, declineReason: charge.declineReason,
            amountCents: charge.amountCents, feeCents: charge.feeCents, totalCents: charge.totalCents,
            brand: charge.brand, last4: charge.last4, authorizationCode: charge.authorizationCode, entry: charge.entry,
            items: items.map {
                ReceiptItem(product: $0.productId, name: $0.name, quantity: $0.quantity, unitCents: $0.unitCents)
            },
            createdBy: username ?? "", createdAt: Date(timeIntervalSince1970: charge.createdAt),
            voidableUntil: Date(timeIntervalSince1970: charge.voidableUntil),
            voidedAt: charge.voidedAt.map { Date(timeIntervalSince1970: $0) }
        ).offline(charge.offline, receivedAt: charge.receivedAt.map { Date(timeIntervalSince1970: $0) })
    }

    /// Writes a new charge and its lines.
    static func insert(_ receipt: Receipt, accountID: String, fingerprint: String, db: Database) throws {
        try ChargeRecord(
            id: receipt.id, schoolId: receipt.school, accountId: accountID, status: receipt.status,
            declineReason: receipt.declineReason, amountCents: receipt.amountCents, feeCents: receipt.feeCents,
            totalCents: receipt.totalCents, brand: receipt.brand, last4: receipt.last4, fingerprint: fingerprint,
            authorizationCode: receipt.authorizationCode, entry: receipt.entry,
            createdAt: receipt.createdAt.timeIntervalSince1970,
            voidableUntil: receipt.voidableUntil.timeIntervalSince1970, voidedAt: nil,
            day: EasternCalendar.dayString(receipt.createdAt), offline: receipt.offline == true,
            receivedAt: receipt.receivedAt?.timeIntervalSince1970
        ).insert(db)
        for (line, item) in receipt.items.enumerated() {
            try ChargeItemRecord(
                chargeId: receipt.id, line: line, productId: item.product, name: item.name, quantity: item.quantity,
                unitCents: item.unitCents
            ).insert(db)
        }
    }
}
