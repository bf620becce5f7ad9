import Crypto
import Foundation
import GRDB
import SwipeCatalogAPI

/// A row of `stations`: a station's signing key, enrolled by an account while online, so
/// the sales it kept offline can be forwarded later; a bookkeeper may revoke it.
struct StationRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "stations"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: String
    var accountId: String
    var name: String
    /// Ed25519 public key, 32 raw bytes.
    var publicKey: Data
    var maxAgeHours: Double
    var enrolledAt: Double
    var revokedAt: Double?

    /// The key that signs the station's kept sales.
    var signingKey: Curve25519.Signing.PublicKey? {
        try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)
    }

    /// As the API shows it, with the enrolling account's username.
    func enrollment(db: Database) throws -> StationEnrollment {
        let username = try String.fetchOne(
            db, sql: "SELECT username FROM accounts WHERE id = ?", arguments: [accountId])
        return StationEnrollment(
            id: id, name: name, account: username ?? "", maxAgeHours: maxAgeHours,
            enrolledAt: Date(timeIntervalSince1970: enrolledAt),
            revokedAt: revokedAt.map { Date(timeIntervalSince1970: $0) })
    }
}
