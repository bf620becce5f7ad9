public import CardSealing
public import Crypto
public import Foundation
public import SwipeCatalogAPI

/// A sale kept while the catalog cannot be reached: the card sealed at the swipe to the
/// catalog's key (bound to this one charge, marked offline), the whole charge signed by
/// the station's key. What it makes is ciphertext: the station cannot open it again.
public enum KeptSale {
    /// The charge to forward later. `card` is wiped before returning.
    public static func request(
        school: String, items: [ChargeItem], entry: EntryMode, card: CardPayload, account: String,
        idempotencyKey: String, swipedAt: Date, sealer: CardSealer, station: Curve25519.Signing.PrivateKey
    ) throws -> ChargeRequest {
        defer { card.wipe() }
        // Whole seconds, as the JSON date carries them.
        let sealedAt = Date(timeIntervalSince1970: swipedAt.timeIntervalSince1970.rounded(.down))
        var binding = ChargeBinding(
            idempotencyKey: idempotencyKey, school: school, account: account, items: items, sealedAt: sealedAt)
        binding.offline = true
        let sealed = try sealer.seal(card, for: binding)
        let unsigned = ChargeRequest(
            school: school, items: items, entry: entry, card: sealed,
            offline: OfflineProof(station: OfflineSales.stationID(publicKey: station.publicKey), signature: ""))
        return try OfflineSales.sign(unsigned, idempotencyKey: idempotencyKey, account: account, with: station)
    }
}
