import Foundation

/// A row of `idempotency_keys`: the first answer to a key, kept to replay it. Its primary
/// key (account, key) makes a key answer once, whichever server answers.
struct IdempotencyRecord: Sendable {
    var accountId: String
    var key: String
    /// SHA-256 of the request body, hex; empty for a key voided before any charge.
    var requestHash: String
    var statusCode: Int
    var body: Data
    var chargeId: String?
    /// Voided by key: no charge may ever be made with it.
    var voided: Bool
    var createdAt: Double

    init(
        accountId: String, key: String, requestHash: String, statusCode: Int, body: Data, chargeId: String?,
        voided: Bool, createdAt: Double
    ) {
        self.accountId = accountId
        self.key = key
        self.requestHash = requestHash
        self.statusCode = statusCode
        self.body = body
        self.chargeId = chargeId
        self.voided = voided
        self.createdAt = createdAt
    }

    static func find(account: String, key: String, tx: any SQLTransaction) throws -> IdempotencyRecord? {
        guard
            let row = try tx.row(
                "SELECT * FROM idempotency_keys WHERE account_id = ? AND key = ?\(tx.forUpdate)", account, key)
        else { return nil }
        return IdempotencyRecord(
            accountId: account, key: key, requestHash: try row.string("request_hash"),
            statusCode: try row.int("status_code"), body: try row.data("body"),
            chargeId: try row.optionalString("charge_id"), voided: try row.bool("voided"),
            createdAt: try row.double("created_at"))
    }

    func insert(_ tx: any SQLTransaction) throws {
        try tx.execute(
            """
            INSERT INTO idempotency_keys (account_id, key, request_hash, status_code, body, charge_id, voided, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, accountId, key, requestHash, statusCode, body, chargeId, voided, createdAt)
    }

    var storedResponse: StoredResponse {
        StoredResponse(
            status: statusCode, body: [UInt8](body), requestHash: requestHash, chargeID: chargeId, keyVoided: voided)
    }
}
