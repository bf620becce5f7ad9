import CardSealing
import Crypto
public import Foundation
import Glibc
import SwipeCatalogAPI

/// The catalog's two secrets, kept out of the database: the P-256 private key that
/// opens sealed cards, and the key of the card fingerprint (an HMAC-SHA256 of the
/// card number, which lets a school see that two charges used the same card
/// without keeping the number).
///
/// Each is a file of its own, readable by the service alone (mode 0600, in a
/// folder of mode 0700), or a systemd credential (`LoadCredential=`, found in
/// `$CREDENTIALS_DIRECTORY`). The database file alone therefore opens no card and
/// recovers no number from a fingerprint.
public struct CatalogSecrets: Sendable {
    /// The card-opening key.
    let cardKey: P256.KeyAgreement.PrivateKey
    /// The fingerprint key.
    let fingerprintKey: SymmetricKey
    /// Card keys replaced by ``rotateCardKey(directory:now:)``, with when each was replaced:
    /// they still open sales kept offline, sealed before then, while those are young enough.
    var retiredCardKeys: [(key: P256.KeyAgreement.PrivateKey, retiredAt: Date)] = []

    /// File name of the card-opening key (32 raw bytes).
    public static let cardKeyFile = "card-private-key"
    /// File name of the fingerprint key (32 raw bytes).
    public static let fingerprintKeyFile = "fingerprint-key"

    /// What went wrong with a secret, in words (never the secret).
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// One line for a person.
        public var description: String
    }

    /// Reads the secrets from `directory`, or from `$CREDENTIALS_DIRECTORY` where
    /// systemd put them there; creates a missing one in `directory` (mode 0600).
    /// `legacy` holds secrets an older database kept in its settings, moved out here.
    public static func load(
        directory: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        legacy: [String: Data] = [:]
    ) throws -> CatalogSecrets {
        let credentials = environment["CREDENTIALS_DIRECTORY"]
        func secret(_ name: String, legacyName: String) throws -> Data {
            if let credentials, let data = FileManager.default.contents(atPath: credentials + "/" + name) {
                return data
            }
            let path = directory + "/" + name
            if FileManager.default.fileExists(atPath: path) {
                try checkPrivate(path)
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw Failure(description: "cannot read \(path)")
                }
                return data
            }
            let data = legacy[legacyName] ?? SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
            try write(data, to: path, directory: directory)
            return data
        }
        let cardBytes = try secret(cardKeyFile, legacyName: "card_private_key")
        let fingerprintBytes = try secret(fingerprintKeyFile, legacyName: "fingerprint_secret")
        guard let cardKey = try? P256.KeyAgreement.PrivateKey(rawRepresentation: cardBytes) else {
            throw Failure(description: "\(cardKeyFile) is not a P-256 private key (32 raw bytes)")
        }
        guard fingerprintBytes.count >= 32 else {
            throw Failure(description: "\(fingerprintKeyFile) must hold at least 32 bytes")
        }
        var secrets = CatalogSecrets(cardKey: cardKey, fingerprintKey: SymmetricKey(data: fingerprintBytes))
        secrets.retiredCardKeys = retiredCardKeys(in: directory)
        return secrets
    }

    /// The prefix of a replaced card key's file: `card-private-key.retired-<unix time>`.
    static let retiredPrefix = cardKeyFile + ".retired-"

    /// Replaces the card-opening key with a new one. The old key is kept as
    /// `card-private-key.retired-<unix time>` for ``OfflineSales/maximumAgeHours``, so sales
    /// kept offline and sealed to it can still be forwarded; older retired keys are removed.
    /// Servers read the keys at start: restart them after a rotation.
    /// Returns the new key's id.
    @discardableResult
    public static func rotateCardKey(directory: String, now: Date = Date()) throws -> String {
        let current = directory + "/" + cardKeyFile
        guard FileManager.default.fileExists(atPath: current) else {
            throw Failure(description: "\(current) does not exist: nothing to rotate")
        }
        try checkPrivate(current)
        let retired = directory + "/" + retiredPrefix + String(Int64(now.timeIntervalSince1970))
        guard rename(current, retired) == 0 else {
            throw Failure(description: "cannot rename \(current): \(String(cString: strerror(errno)))")
        }
        let key = P256.KeyAgreement.PrivateKey()
        try write(key.rawRepresentation, to: current, directory: directory)
        let horizon = now.timeIntervalSince1970 - OfflineSales.maximumAgeHours * 3600
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where name.hasPrefix(retiredPrefix) {
            if let time = Double(name.dropFirst(retiredPrefix.count)), time < horizon {
                try? FileManager.default.removeItem(atPath: directory + "/" + name)
            }
        }
        return CardSealing.keyID(of: key.publicKey)
    }

    private static func retiredCardKeys(in directory: String) -> [(key: P256.KeyAgreement.PrivateKey, retiredAt: Date)]
    {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix(retiredPrefix) }.compactMap { name in
            let path = directory + "/" + name
            guard let time = Double(name.dropFirst(retiredPrefix.count)), (try? checkPrivate(path)) != nil,
                let data = FileManager.default.contents(atPath: path),
                let key = try? P256.KeyAgreement.PrivateKey(rawRepresentation: data)
            else { return nil }
            return (key, Date(timeIntervalSince1970: time))
        }
    }

    /// The secrets folder that goes with a database file: `catalog.sqlite` -> `catalog.secrets/`.
    public static func defaultDirectory(forDatabase path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingPathExtension().path + ".secrets"
    }

    private static func write(_ data: Data, to path: String, directory: String) throws {
        if !FileManager.default.fileExists(atPath: directory) {
            guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
                throw Failure(description: "cannot create \(directory): \(String(cString: strerror(errno)))")
            }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(descriptor) == 0 else {
            throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Refuses a secret that others may read.
    private static func checkPrivate(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        if info.st_mode & 0o077 != 0 {
            throw Failure(
                description: "\(path) can be read by other users (mode \(String(info.st_mode & 0o777, radix: 8))): "
                    + "chmod 600 it")
        }
    }
}
