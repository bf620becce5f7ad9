import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwipeCards
import SwipeCatalogAPI
import SwipeServerKit

/// Charges: `POST /v1/charges`, under an idempotency key scoped to the account.
struct Charging: Sendable {
    let store: any CatalogStore
    let clock: CatalogClock
    let cards: CardOpening
    let coordinator: IdempotencyCoordinator
    let body: RequestBodyReader
    let logger: Logger

    init(
        store: any CatalogStore, clock: CatalogClock, cards: CardOpening, coordinator: IdempotencyCoordinator,
        body: RequestBodyReader, logger: Logger
    ) {
        self.store = store
        self.clock = clock
        self.cards = cards
        self.coordinator = coordinator
        self.body = body
        self.logger = logger
    }

    func routes(on v1: RouterGroup<CatalogContext>) {
        v1.post("charges") { request, context in
            let account = try context.requireAccount()
            guard let key = request.headers[HTTPField.Name("Idempotency-Key")!], !key.isEmpty, key.count <= 255,
                key.allSatisfy({ $0.isASCII && !$0.isWhitespace })
            else {
                throw CatalogFailure(
                    status: 400, code: .idempotencyKeyRequired,
                    message: "Charges need an Idempotency-Key header (1 to 255 visible ASCII characters).")
            }
            let stored = try await charge(body: try await body.bytes(request), idempotencyKey: key, account: account)
            return JSONResponse.bytes(stored.body, status: HTTPResponse.Status(code: stored.status))
        }
    }

    /// Runs a charge under its idempotency key and returns the (possibly replayed) answer.
    func charge(body: [UInt8], idempotencyKey: String, account: Account) async throws -> StoredResponse {
        let requestHash = Hex.string(SHA256.hash(data: body))
        let scope = account.id + "\u{0}" + idempotencyKey
        let response = try await coordinator.perform(scope: scope, kind: .charge) {
            try await chargeOnce(body: body, requestHash: requestHash, key: idempotencyKey, account: account)
        }
        if response.keyVoided && response.chargeID == nil {
            throw CatalogFailure(
                status: 409, code: .idempotencyKeyVoided,
                message: "This charge was cancelled by its idempotency key: swipe again to start a new charge.")
        }
        guard response.requestHash == requestHash else {
            throw CatalogFailure(
                status: 422, code: .idempotencyKeyReused,
                message: "This idempotency key was used for a different charge: use a new key for a new charge.")
        }
        return response
    }

    /// The first run of a key, in one write transaction: replay check, prices, the
    /// card, the charge and its key record. The writer is held for the HPKE open too
    /// (a fraction of a millisecond), which saves the hand-offs of separate reads.
    private func chargeOnce(body: [UInt8], requestHash: String, key: String, account: Account) async throws
        -> StoredResponse
    {
        let now = clock.now()
        let request = Result { try RequestBodyReader.decode(ChargeRequest.self, from: body) }.mapError {
            $0 as? CatalogFailure ?? .badRequest("")
        }
        let cards = cards
        let logger = logger
        let response = try await store.write { tx -> StoredResponse in
            if let stored = try IdempotencyRecord.find(account: account.id, key: key, tx: tx) {
                return stored.storedResponse
            }
            var record = IdempotencyRecord(
                accountId: account.id, key: key, requestHash: requestHash, statusCode: 201, body: Data(),
                chargeId: nil, voided: false, createdAt: now.timeIntervalSince1970)
            do {
                let request = try request.get()
                // A kept sale is priced and dated at its swipe; it reached the catalog now.
                let saleTime = request.offline == nil ? now : request.card.sealedAt
                let pricing = try Pricing.price(request, account: account, tx: tx, now: saleTime)
                let binding = ChargeBinding(request: request, idempotencyKey: key, account: account.username)
                let receipt = try Self.decide(
                    request, binding: binding, pricing: pricing, account: account, cards: cards, logger: logger,
                    tx: tx, now: now)
                record.body = try APICoding.encoder().encode(receipt)
                record.chargeId = receipt.id
            } catch let failure as CatalogFailure {
                record.statusCode = failure.statusCode
                record.body = try APICoding.encoder().encode(
                    APIErrorBody(code: failure.apiCode, message: failure.message))
            }
            try record.insert(tx)
            return record.storedResponse
        }
        if let id = response.chargeID {
            logger.info("charge", metadata: ["id": "\(id)", "status": "\(response.status)"])
        }
        return response
    }

    /// Opens the card, asks the processor, writes the charge: its receipt.
    private static func decide(
        _ request: ChargeRequest, binding: ChargeBinding, pricing: Pricing, account: Account, cards: CardOpening,
        logger: Logger, tx: any SQLTransaction, now: Date
    ) throws -> Receipt {
        let offlineAge =
            request.offline == nil
            ? nil
            : try OfflineCheck.allowedAge(
                request, idempotencyKey: binding.idempotencyKey, account: account, tx: tx, now: now, logger: logger)
        let card = try cards.open(request.card, binding: binding, offlineAge: offlineAge, tx: tx, now: now)
        defer { card.number.digits.wipe() }
        let swipedAt = offlineAge == nil ? now : request.card.sealedAt
        let (year, month) = EasternCalendar.month(of: swipedAt)
        let decision = TestProcessor().authorize(
            number: card.number, expiry: card.expiry, today: YearMonth(year: year, month: month)!)
        var status = ChargeStatus.approved
        var authorization: String?
        var declineReason: String?
        switch decision {
        case .approved(let code): authorization = code
        case .declined(let reason):
            status = .declined
            declineReason = reason
        }
        // Ten bytes of the system's generator (never a UUID(), which can come out all zeros).
        let idBytes = try SystemRandom().bytes(10)
        let receipt = Receipt(
            id: "ch_" + Hex.string(idBytes),
            school: request.school, status: status, declineReason: declineReason, amountCents: pricing.amount,
            feeCents: pricing.fee, totalCents: pricing.amount + pricing.fee,
            brand: card.number.isNumeric ? card.number.brand.rawValue : "unknown", last4: card.number.last4,
            authorizationCode: authorization, entry: request.entry, items: pricing.items, createdBy: account.username,
            createdAt: swipedAt, voidableUntil: EasternCalendar.voidDeadline(for: now), voidedAt: nil
        ).offline(offlineAge != nil, receivedAt: now)
        try Receipts.insert(receipt, accountID: account.id, fingerprint: cards.fingerprint(of: card.number), tx: tx)
        return receipt
    }
}
