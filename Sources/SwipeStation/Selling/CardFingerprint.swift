import Crypto
import SwipeCards

/// A card's identity for this process only: HMAC-SHA256 of its number under a key
/// made at start and never stored, so the same card is recognised for a few seconds
/// and nothing that could rebuild the number is kept.
struct CardFingerprint: Hashable, Sendable {
    private let value: [UInt8]

    private static let key = SymmetricKey(size: .bits256)

    init(_ number: CardNumber) {
        value = number.digits.withBytes { Array(HMAC<SHA256>.authenticationCode(for: $0, using: Self.key)) }
    }
}
