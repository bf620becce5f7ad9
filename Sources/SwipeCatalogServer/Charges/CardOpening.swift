import CardSealing
import Crypto
import Foundation
import Logging
import SwipeCards
import SwipeCatalogAPI

/// Opens the sealed card of a charge: only for the charge it was sealed for (its
/// ``ChargeBinding``, authenticated by HPKE), only while fresh, and only once.
///
/// A sale kept offline (its station's signature checked by ``OfflineCheck``) is fresh for
/// its station's `maxAgeHours` instead of minutes, and may be sealed to a card key replaced
/// since the swipe (``CatalogSecrets/rotateCardKey(directory:now:)``).
struct CardOpening: Sendable {
    let opener: CardOpener
    /// Replaced card keys, with when each was replaced.
    var retired: [(opener: CardOpener, retiredAt: Date)] = []
    let fingerprintKey: SymmetricKey
    let logger: Logger

    /// The card's number (wipe it) and expiry. `offlineAge` is the age a kept sale may have
    /// (its station's), `nil` for an ordinary charge.
    func open(
        _ sealed: SealedCard, binding: ChargeBinding, offlineAge: TimeInterval? = nil, tx: any SQLTransaction, now: Date
    ) throws -> (number: CardNumber, expiry: YearMonth?) {
        let unreadable = CatalogFailure(
            status: 422, code: .cardUnreadable,
            message: "The card data could not be read for this charge: swipe the card again.")
        guard let opener = self.opener(for: sealed, offline: offlineAge != nil) else {
            throw CatalogFailure(
                status: 422, code: .cardUnreadable,
                message: "The card was sealed to an old key: fetch /v1/card-key again and swipe again.")
        }
        let keepUntil =
            offlineAge.map { sealed.sealedAt.timeIntervalSince1970 + $0 }
            ?? now.timeIntervalSince1970 + ChargeBinding.maximumAge
        guard offlineAge != nil || binding.isFresh(at: now) else {
            logger.warning("stale sealed card refused", metadata: ["school": "\(binding.school)"])
            throw CatalogFailure(
                status: 422, code: .cardDataExpired,
                message: "The card data is more than 5 minutes old (or the device clock is wrong): swipe again.")
        }
        guard let encapsulated = Data(base64Encoded: sealed.encapsulatedKey),
            let ciphertext = Data(base64Encoded: sealed.ciphertext),
            ciphertext.count <= 4_096,
            // Straight into the wipeable buffer: no other reference to the opened bytes survives.
            let bytes =
                (try? opener.open(
                    encapsulatedKey: encapsulated, ciphertext: ciphertext, authenticating: binding.authenticatedData))
                .map(SensitiveBytes.init)
        else { throw unreadable }
        defer { bytes.wipe() }
        try recordOpened(encapsulated, keepUntil: keepUntil + ChargeBinding.maximumSkew, now: now, tx: tx)
        guard let payload = CardPayload.decode(bytes) else { throw unreadable }
        defer { payload.wipe() }
        if let pan = payload.pan {
            return (CardNumber(digits: SensitiveBytes(pan.bytes)), payload.expiry.flatMap { YearMonth(stripe: $0) })
        }
        for characters in [payload.track2, payload.track1] {
            guard let characters, let track = try? TrackData(characters: SensitiveBytes(characters.bytes)) else {
                continue
            }
            defer { track.wipe() }
            if let fields = CardFields.parse(track) {
                fields.discretionary.wipe()
                return (fields.number, fields.expiry)
            }
        }
        throw unreadable
    }

    /// The card's fingerprint: HMAC-SHA256 of the number under the fingerprint key.
    func fingerprint(of number: CardNumber) -> String {
        number.digits.withBytes { Hex.string(HMAC<SHA256>.authenticationCode(for: $0, using: fingerprintKey)) }
    }

    /// The key that opens `sealed`: the current one; for a kept sale, also a key replaced
    /// after the swipe.
    private func opener(for sealed: SealedCard, offline: Bool) -> CardOpener? {
        if sealed.keyID == opener.keyID { return opener }
        guard offline else { return nil }
        return retired.first {
            $0.opener.keyID == sealed.keyID
                && $0.retiredAt.timeIntervalSince(sealed.sealedAt) >= -ChargeBinding.maximumSkew
        }?.opener
    }

    /// Remembers a sealed card as opened, refusing one opened before. Each is kept until it
    /// could no longer be opened anyway (`keepUntil`: minutes online, hours for a kept sale).
    /// The digest's primary key makes two servers opening the same card at once conflict: one
    /// commits, the other's transaction runs again and finds it.
    private func recordOpened(_ encapsulatedKey: Data, keepUntil: Double, now: Date, tx: any SQLTransaction) throws {
        let digest = Hex.string(SHA256.hash(data: encapsulatedKey))
        try tx.execute("DELETE FROM opened_cards WHERE keep_until < ?", now.timeIntervalSince1970)
        if try tx.row("SELECT 1 AS found FROM opened_cards WHERE digest = ?", digest) != nil {
            logger.warning("sealed card replayed", metadata: ["digest": "\(digest.prefix(12))"])
            throw CatalogFailure(
                status: 422, code: .cardDataReused,
                message: "This card data was already used for a charge: swipe the card again.")
        }
        try tx.execute(
            "INSERT INTO opened_cards (digest, opened_at, keep_until) VALUES (?, ?, ?)", digest,
            now.timeIntervalSince1970, keepUntil)
    }
}
