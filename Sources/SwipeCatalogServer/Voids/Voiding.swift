import Foundation
import Hummingbird
import Logging
import SwipeCatalogAPI

/// Voids, until midnight Eastern of the charge's day: `POST /v1/charges/{id}/void`
/// and `POST /v1/charges/void-by-key` (for a charge whose answer never came).
struct Voiding: Sendable {
    let store: any CatalogStore
    let clock: CatalogClock
    let coordinator: IdempotencyCoordinator
    let body: RequestBodyReader
    let logger: Logger

    func routes(on v1: RouterGroup<CatalogContext>) {
        v1.post("charges/void-by-key") { request, context in
            let account = try context.requireAccount()
            let voidRequest = try await body.decode(VoidByKeyRequest.self, from: request)
            guard !voidRequest.idempotencyKey.isEmpty, voidRequest.idempotencyKey.count <= 255 else {
                throw CatalogFailure.badRequest("idempotencyKey must be 1 to 255 characters.")
            }
            return try await voidByKey(voidRequest.idempotencyKey, account: account)
        }
        v1.post("charges/:id/void") { _, context in
            try await void(chargeID: try context.parameters.require("id"), account: try context.requireAccount())
        }
    }

    func void(chargeID: String, account: Account) async throws -> Receipt {
        let now = clock.now()
        let logger = logger
        return try await store.write { tx in
            // The charge's row is locked for the transaction: concurrent voids, on any server, one at a time.
            guard let owner = try tx.row("SELECT account_id FROM charges WHERE id = ?\(tx.forUpdate)", chargeID),
                let receipt = try Receipts.load(id: chargeID, tx: tx), account.mayUse(school: receipt.school)
            else {
                throw CatalogFailure.notFound("No such charge.")
            }
            if account.role == .generic {
                guard try owner.string("account_id") == account.id else {
                    throw CatalogFailure.forbidden("Volunteers can void only their own charges: ask the bookkeeper.")
                }
            }
            return try Self.voidCharge(receipt, now: now, tx: tx, logger: logger)
        }
    }

    /// Voids an approved charge whose row the transaction holds locked.
    private static func voidCharge(_ receipt: Receipt, now: Date, tx: any SQLTransaction, logger: Logger) throws
        -> Receipt
    {
        switch receipt.status {
        case .voided: return receipt
        case .declined:
            throw CatalogFailure(
                status: 409, code: .notVoidable, message: "A declined charge took no money: there is nothing to void.")
        case .approved:
            guard now < receipt.voidableUntil else {
                throw CatalogFailure(
                    status: 409, code: .voidWindowClosed,
                    message:
                        "The charge settled at midnight Eastern time: it can no longer be voided; issue a refund instead."
                )
            }
            try tx.execute(
                "UPDATE charges SET status = 'voided', voided_at = ? WHERE id = ?", now.timeIntervalSince1970,
                receipt.id)
            logger.info("void", metadata: ["id": "\(receipt.id)"])
            var voided = receipt
            voided.status = .voided
            voided.voidedAt = now
            return voided
        }
    }

    /// Voids whatever `key` created, and makes sure it creates nothing later.
    func voidByKey(_ key: String, account: Account) async throws -> VoidByKeyResponse {
        let scope = account.id + "\u{0}" + key
        let now = clock.now()
        let box = ReceiptBox()
        let response = try await coordinator.perform(scope: scope, kind: .voidByKey) {
            let logger = logger
            let voided = try await store.write { tx -> Receipt? in
                if let record = try IdempotencyRecord.find(account: account.id, key: key, tx: tx) {
                    guard let chargeID = record.chargeId,
                        try tx.row("SELECT id FROM charges WHERE id = ?\(tx.forUpdate)", chargeID) != nil,
                        let receipt = try Receipts.load(id: chargeID, tx: tx)
                    else {
                        return nil
                    }
                    return receipt.status == .approved
                        ? try Self.voidCharge(receipt, now: now, tx: tx, logger: logger) : receipt
                }
                try IdempotencyRecord(
                    accountId: account.id, key: key, requestHash: "", statusCode: 409, body: Data(), chargeId: nil,
                    voided: true, createdAt: now.timeIntervalSince1970
                ).insert(tx)
                return nil
            }
            box.receipt = voided
            return StoredResponse(status: 200, body: [], requestHash: "", chargeID: voided?.id, keyVoided: true)
        }
        if box.receipt == nil, let chargeID = response.chargeID {
            // Another void-by-key for this key did the work: report its charge.
            box.receipt = try await store.read { tx in try Receipts.load(id: chargeID, tx: tx) }
        }
        return VoidByKeyResponse(receipt: box.receipt)
    }

    /// Carries the receipt out of a coordinated run.
    private final class ReceiptBox: @unchecked Sendable {
        var receipt: Receipt?
    }
}
