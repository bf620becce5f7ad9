import Foundation
import GRDB

/// A row of `idempotency_keys`: the first answer to a key, kept to replay it.
struct IdempotencyRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "idempotency_keys"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

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

    static func find(account: String, key: String, db: Database) throws -> IdempotencyRecord? {
        try fetchOne(db, key: ["account_id": account, "key": key])
    }

    var storedResponse: StoredResponse {
        StoredResponse(
            status: statusCode, body: [UInt8](body), requestHash: requestHash, chargeID: chargeId, keyVoided: voided)
    }
}
