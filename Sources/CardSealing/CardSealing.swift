public import Crypto
public import Foundation

/// Card data sealed with HPKE (RFC 9180) to the catalog's P-256 key: base mode,
/// `P256_SHA256_AES_GCM_256`, with a fixed `info` that binds the ciphertext to
/// this purpose and additional authenticated data that binds it to one charge.
public enum CardSealing {
    /// The ciphersuite.
    public static let ciphersuite = HPKE.Ciphersuite.P256_SHA256_AES_GCM_256
    /// Its name in the API.
    public static let ciphersuiteName = "P256_SHA256_AES_GCM_256"
    /// HPKE `info`.
    public static let info = Data("swipe card data v2".utf8)

    /// A key's identifier: the first 8 bytes of the SHA-256 of its public key, hex.
    public static func keyID(of publicKey: P256.KeyAgreement.PublicKey) -> String {
        SHA256.hash(data: publicKey.x963Representation).prefix(8).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

/// Seals card data on the device.
public struct CardSealer: Sendable {
    /// The catalog's public key.
    public let publicKey: P256.KeyAgreement.PublicKey
    /// Its identifier.
    public let keyID: String

    /// Creates a sealer for `publicKey` (X9.63 bytes).
    public init(publicKeyX963: Data) throws {
        publicKey = try P256.KeyAgreement.PublicKey(x963Representation: publicKeyX963)
        keyID = CardSealing.keyID(of: publicKey)
    }

    /// Seals `plaintext`, authenticating `authenticatedData` (the charge it is for):
    /// `(encapsulatedKey, ciphertext)`.
    public func seal(_ plaintext: UnsafeBufferPointer<UInt8>, authenticating authenticatedData: Data) throws -> (
        encapsulatedKey: Data, ciphertext: Data
    ) {
        var sender = try HPKE.Sender(
            recipientKey: publicKey, ciphersuite: CardSealing.ciphersuite, info: CardSealing.info)
        let ciphertext = try sender.seal(plaintext, authenticating: authenticatedData)
        return (sender.encapsulatedKey, ciphertext)
    }
}

/// Opens sealed card data on the catalog server.
public struct CardOpener: Sendable {
    /// The catalog's private key.
    public let privateKey: P256.KeyAgreement.PrivateKey
    /// Identifier of its public key.
    public let keyID: String

    /// Creates an opener for `privateKey`.
    public init(privateKey: P256.KeyAgreement.PrivateKey) {
        self.privateKey = privateKey
        keyID = CardSealing.keyID(of: privateKey.publicKey)
    }

    /// Opens a sealed card if `authenticatedData` is what it was sealed with; the
    /// caller owns (and wipes) the returned bytes.
    public func open(encapsulatedKey: Data, ciphertext: Data, authenticating authenticatedData: Data) throws -> [UInt8]
    {
        var recipient = try HPKE.Recipient(
            privateKey: privateKey, ciphersuite: CardSealing.ciphersuite, info: CardSealing.info,
            encapsulatedKey: encapsulatedKey)
        var plaintext = try recipient.open(ciphertext, authenticating: authenticatedData)
        defer { plaintext.resetBytes(in: 0..<plaintext.count) }
        return [UInt8](plaintext)
    }
}
