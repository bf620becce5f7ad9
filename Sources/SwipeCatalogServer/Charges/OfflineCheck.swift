import Foundation
import Logging
import SwipeCatalogAPI

/// Whether a charge that says it was kept offline may be taken: its station enrolled by
/// this account and not revoked, its signature the station's, its swipe within the
/// station's `maxAgeHours`. Checked in the charge's write transaction, so a revocation
/// committed before it is always seen.
enum OfflineCheck {
    /// The age the kept sale may have, in seconds; throws the refusal otherwise.
    static func allowedAge(
        _ request: ChargeRequest, idempotencyKey: String, account: Account, tx: any SQLTransaction, now: Date,
        logger: Logger
    ) throws -> TimeInterval {
        guard let proof = request.offline else { return 0 }
        guard let station = try StationRecord.find(id: proof.station, tx: tx), station.accountId == account.id,
            let key = station.signingKey
        else {
            throw CatalogFailure(
                status: 422, code: .stationUnknown,
                message: "This sale comes from a station this account has not enrolled: it cannot be taken.")
        }
        guard station.revokedAt == nil else {
            logger.warning("sale kept by a revoked station refused", metadata: ["station": "\(station.id)"])
            throw CatalogFailure(
                status: 403, code: .stationRevoked,
                message: "This station was revoked by the bookkeeper: the sales it kept cannot be taken.")
        }
        guard OfflineSales.isSigned(request, idempotencyKey: idempotencyKey, account: account.username, by: key) else {
            logger.warning("kept sale with a bad signature refused", metadata: ["station": "\(station.id)"])
            throw CatalogFailure(
                status: 422, code: .offlineSignatureInvalid,
                message: "This kept sale is not signed by its station for this charge: it cannot be taken.")
        }
        let allowed = min(station.maxAgeHours, OfflineSales.maximumAgeHours) * 3600
        let age = now.timeIntervalSince(request.card.sealedAt)
        guard age <= allowed, age >= -ChargeBinding.maximumSkew else {
            throw CatalogFailure(
                status: 422, code: .offlineSaleExpired,
                message: "This sale was kept offline longer than the station allows: it was not charged; "
                    + "collect the payment another way.")
        }
        return allowed
    }
}
