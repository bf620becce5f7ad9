public import CardSealing
public import SwipeCatalogAPI

extension CardSealer {
    /// Seals `payload` for the one charge `binding` describes: the only way card
    /// data is sealed, on a device, in the benchmark and in tests. The plaintext
    /// buffer is wiped before returning; `payload` is the caller's to wipe.
    public func seal(_ payload: CardPayload, for binding: ChargeBinding) throws -> SealedCard {
        let plaintext = payload.encoded()
        defer { plaintext.wipe() }
        let (encapsulated, ciphertext) = try plaintext.withBytes {
            try seal($0, authenticating: binding.authenticatedData)
        }
        return SealedCard(
            keyID: keyID, encapsulatedKey: encapsulated.base64EncodedString(),
            ciphertext: ciphertext.base64EncodedString(), sealedAt: binding.sealedAt)
    }
}
