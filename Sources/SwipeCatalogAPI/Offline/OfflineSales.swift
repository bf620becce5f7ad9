public import Crypto
public import Foundation

/// What makes a charge a sale kept offline: the enrolled station that took it and its
/// signature over the whole charge (``OfflineSales/signedBytes(of:idempotencyKey:account:)``).
public struct OfflineProof: Codable, Sendable, Equatable {
    /// The station's id (``StationEnrollment/id``).
    public var station: String
    /// Ed25519 signature, base64.
    public var signature: String

    /// Creates a proof.
    public init(station: String, signature: String) {
        self.station = station
        self.signature = signature
    }
}

/// The rules shared by the station that keeps sales while the catalog cannot be reached
/// and the catalog that takes them later.
///
/// A kept sale's card is sealed (HPKE) at the swipe with a ``ChargeBinding`` marked
/// offline, so it cannot be sent as an ordinary charge; the station signs the whole
/// charge (key, school, account, items, swipe time, entry, sealed card) with its enrolled
/// key, so no one else can forward it, under another key or at all once it is revoked.
public enum OfflineSales {
    /// The longest a catalog keeps the door open for a kept sale, whatever a station asks.
    public static let maximumAgeHours = 72.0

    /// A station's id: `st_` and the first 8 bytes of the SHA-256 of its public key, hex.
    public static func stationID(publicKey: Curve25519.Signing.PublicKey) -> String {
        "st_"
            + SHA256.hash(data: publicKey.rawRepresentation).prefix(8).map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
    }

    /// The bytes a station signs for a kept sale: the charge's binding (marked offline),
    /// then the entry mode, the station and the sealed card, lengths first.
    public static func signedBytes(of request: ChargeRequest, idempotencyKey: String, account: String) -> Data {
        var binding = ChargeBinding(request: request, idempotencyKey: idempotencyKey, account: account)
        binding.offline = true
        var text = "swipe-offline-sale-v1\n"
        func field(_ name: String, _ value: String) {
            text += "\(name)=\(value.utf8.count):\(value)\n"
        }
        field("entry", request.entry.rawValue)
        field("station", request.offline?.station ?? "")
        field("card-key", request.card.keyID)
        field("encapsulated-key", request.card.encapsulatedKey)
        field("ciphertext", request.card.ciphertext)
        return Data(text.utf8) + binding.authenticatedData
    }

    /// Signs `request` (whose ``ChargeRequest/offline`` names the station) with the station's key.
    public static func sign(
        _ request: ChargeRequest, idempotencyKey: String, account: String, with key: Curve25519.Signing.PrivateKey
    ) throws -> ChargeRequest {
        var signed = request
        let bytes = signedBytes(of: request, idempotencyKey: idempotencyKey, account: account)
        signed.offline?.signature = try key.signature(for: bytes).base64EncodedString()
        return signed
    }

    /// Whether `request`'s signature is the station's (`publicKey`).
    public static func isSigned(
        _ request: ChargeRequest, idempotencyKey: String, account: String, by publicKey: Curve25519.Signing.PublicKey
    ) -> Bool {
        guard let proof = request.offline, let signature = Data(base64Encoded: proof.signature) else { return false }
        return publicKey.isValidSignature(
            signature, for: signedBytes(of: request, idempotencyKey: idempotencyKey, account: account))
    }
}
