import Crypto
import Foundation
import Hummingbird
import Logging
import SwipeCatalogAPI

/// Stations that keep sales offline: `POST /v1/stations` (a station enrolls its key, while
/// online), `GET /v1/stations` and `POST /v1/stations/{id}/revoke` (the bookkeeper, for a
/// lost or stolen station: its kept sales are refused from then on).
struct StationEnrollments: Sendable {
    let store: any CatalogStore
    let clock: CatalogClock
    let body: RequestBodyReader
    let logger: Logger

    func routes(on v1: RouterGroup<CatalogContext>) {
        v1.post("stations") { request, context in
            try await enroll(
                try await body.decode(StationEnrollmentRequest.self, from: request),
                account: try context.requireAccount())
        }
        v1.get("stations") { _, context in
            try await list(account: try context.requireAccount())
        }
        v1.post("stations/:id/revoke") { _, context in
            try await revoke(id: try context.parameters.require("id"), account: try context.requireAccount())
        }
    }

    /// Enrolls (or renews) a station's key for `account`. A revoked key stays revoked.
    func enroll(_ request: StationEnrollmentRequest, account: Account) async throws -> StationEnrollment {
        guard let raw = Data(base64Encoded: request.publicKey),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else { throw CatalogFailure.badRequest("publicKey must be an Ed25519 public key: 32 bytes, base64.") }
        let name = request.name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(name.count) else {
            throw CatalogFailure.badRequest("name must be 1 to 100 characters.")
        }
        guard request.maxAgeHours > 0, request.maxAgeHours <= OfflineSales.maximumAgeHours else {
            throw CatalogFailure.badRequest(
                "maxAgeHours must be more than 0 and at most \(Int(OfflineSales.maximumAgeHours)).")
        }
        let id = OfflineSales.stationID(publicKey: key)
        let now = clock.now().timeIntervalSince1970
        let enrollment = try await store.write { tx -> StationEnrollment in
            if let existing = try StationRecord.find(id: id, tx: tx) {
                guard existing.revokedAt == nil else {
                    throw CatalogFailure(
                        status: 409, code: .stationRevoked,
                        message: "This station's key was revoked by the bookkeeper: it cannot sell offline again.")
                }
                guard existing.accountId == account.id else {
                    throw CatalogFailure.forbidden("This station's key is enrolled by another account.")
                }
            }
            let record = StationRecord(
                id: id, accountId: account.id, name: name, publicKey: raw, maxAgeHours: request.maxAgeHours,
                enrolledAt: now, revokedAt: nil)
            try record.save(tx)
            return try record.enrollment(tx: tx)
        }
        logger.info("station enrolled", metadata: ["station": "\(id)"])
        return enrollment
    }

    /// The stations enrolled by the bookkeeper's district's accounts.
    func list(account: Account) async throws -> StationList {
        guard account.role == .bookkeeper else { throw CatalogFailure.forbidden("Stations are for the bookkeeper.") }
        return try await store.read { tx in
            let records = try tx.rows(
                """
                SELECT stations.* FROM stations JOIN accounts ON accounts.id = stations.account_id
                WHERE accounts.district_id = (SELECT district_id FROM accounts WHERE id = ?)
                ORDER BY stations.enrolled_at
                """, account.id
            ).map(StationRecord.init)
            return StationList(stations: try records.map { try $0.enrollment(tx: tx) })
        }
    }

    /// Revokes a station of the bookkeeper's district: its kept sales are refused from now on.
    func revoke(id: String, account: Account) async throws -> StationEnrollment {
        guard account.role == .bookkeeper else {
            throw CatalogFailure.forbidden("Only the bookkeeper revokes a station.")
        }
        let now = clock.now().timeIntervalSince1970
        let enrollment = try await store.write { tx -> StationEnrollment in
            guard
                var record = try tx.row(
                    """
                    SELECT stations.* FROM stations JOIN accounts ON accounts.id = stations.account_id
                    WHERE stations.id = ?
                    AND accounts.district_id = (SELECT district_id FROM accounts WHERE id = ?)
                    """, id, account.id
                ).map(StationRecord.init)
            else { throw CatalogFailure.notFound("No such station.") }
            if record.revokedAt == nil {
                record.revokedAt = now
                try record.save(tx)
            }
            return try record.enrollment(tx: tx)
        }
        logger.notice("station revoked", metadata: ["station": "\(id)"])
        return enrollment
    }
}
