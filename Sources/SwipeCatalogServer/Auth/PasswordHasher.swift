import Crypto
import CryptoExtras
import Foundation

/// Slow, salted password hashes: scrypt (N = 2^15, r = 8, p = 1 by default),
/// stored as `scrypt$N$r$p$salt$hash` (base64) so the cost can change later.
public struct PasswordHasher: Sendable {
    /// scrypt N (a power of two).
    public var rounds: Int
    /// scrypt r.
    public var blockSize = 8

    /// Creates a hasher; tests may lower `rounds`.
    public init(rounds: Int = 1 << 15) {
        self.rounds = rounds
    }

    /// A new hash of `password` with a fresh random salt.
    public func hash(_ password: String) throws -> String {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        let derived = try derive(password, salt: salt, rounds: rounds, blockSize: blockSize)
        return "scrypt$\(rounds)$\(blockSize)$1$\(salt.base64EncodedString())$\(derived.base64EncodedString())"
    }

    /// Whether `password` matches `stored`, in constant time.
    public func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$")
        guard parts.count == 6, parts[0] == "scrypt", let rounds = Int(parts[1]), let blockSize = Int(parts[2]),
            let salt = Data(base64Encoded: String(parts[4])), let expected = Data(base64Encoded: String(parts[5])),
            let derived = try? derive(password, salt: salt, rounds: rounds, blockSize: blockSize)
        else { return false }
        guard derived.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(derived, expected) { difference |= a ^ b }
        return difference == 0
    }

    private func derive(_ password: String, salt: Data, rounds: Int, blockSize: Int) throws -> Data {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: rounds, blockSize: blockSize,
            parallelism: 1)
        return key.withUnsafeBytes { Data($0) }
    }
}
