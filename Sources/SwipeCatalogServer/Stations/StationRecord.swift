import Crypto
import Foundation
import SwipeCatalogAPI

/// A row of `stations`: a station's signing key, enrolled by an account while online, so
/// the sales it kept offline can be forwarded later; a bookkeeper may revoke it.
struct StationRecord: Sendable {
    var id: String
    var accountId: String
    var name: String
    /// Ed25519 public key, 32 raw bytes.
    var publicKey: Data
    var maxAgeHours: Double
    var enrolledAt: Double
    var revokedAt: Double?

    init(
        id: String, accountId: String, name: String, publicKey: Data, maxAgeHours: Double, enrolledAt: Double,
        revokedAt: Double?
    ) {
        self.id = id
        self.accountId = accountId
        self.name = name
        self.publicKey = publicKey
        self.maxAgeHours = maxAgeHours
        self.enrolledAt = enrolledAt
        self.revokedAt = revokedAt
    }

    init(_ row: SQLRow) throws {
        id = try row.string("id")
        accountId = try row.string("account_id")
        name = try row.string("name")
        publicKey = try row.data("public_key")
        maxAgeHours = try row.double("max_age_hours")
        enrolledAt = try row.double("enrolled_at")
        revokedAt = try row.optionalDouble("revoked_at")
    }

    /// The station `id`, its row locked for the transaction (a revocation and a forwarded sale
    /// are ordered).
    static func find(id: String, tx: any SQLTransaction) throws -> StationRecord? {
        try tx.row("SELECT * FROM stations WHERE id = ?\(tx.forUpdate)", id).map(StationRecord.init)
    }

    /// Writes the row, replacing the station's earlier enrolment.
    func save(_ tx: any SQLTransaction) throws {
        try tx.execute(
            """
            INSERT INTO stations (id, account_id, name, public_key, max_age_hours, enrolled_at, revoked_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, name = excluded.name,
            public_key = excluded.public_key, max_age_hours = excluded.max_age_hours,
            enrolled_at = excluded.enrolled_at, revoked_at = excluded.revoked_at
            """, id, accountId, name, publicKey, maxAgeHours, enrolledAt, revokedAt)
    }

    /// The signing key.
    var signingKey: Curve25519.Signing.PublicKey? {
        try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)
    }

    /// As the API shows it, with the enrolling account's username.
    func enrollment(tx: any SQLTransaction) throws -> StationEnrollment {
        let username = try tx.row("SELECT username FROM accounts WHERE id = ?", accountId)?.string("username")
        return StationEnrollment(
            id: id, name: name, account: username ?? "", maxAgeHours: maxAgeHours,
            enrolledAt: Date(timeIntervalSince1970: enrolledAt),
            revokedAt: revokedAt.map { Date(timeIntervalSince1970: $0) })
    }
}
