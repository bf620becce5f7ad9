public import Crypto
public import Foundation
import Glibc
import SwipeCatalogAPI

/// The station's own signing key (Ed25519): it signs every sale kept offline, and the
/// catalog takes kept sales only from a key enrolled while online and not revoked.
///
/// The private key is the file `station-key` beside the journal (32 raw bytes, mode 0600,
/// made at first use), or a systemd credential of that name in `$CREDENTIALS_DIRECTORY`.
/// It signs; it cannot open a sealed card (that needs the catalog's card key).
public struct StationKey: Sendable {
    /// The signing key.
    public let privateKey: Curve25519.Signing.PrivateKey
    /// The station's id at the catalog.
    public var id: String { OfflineSales.stationID(publicKey: privateKey.publicKey) }

    /// The key file's name.
    public static let fileName = "station-key"

    /// A key that cannot be read or made, in words (never the key).
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// One line for the operator.
        public var description: String
    }

    /// Reads the key from `$CREDENTIALS_DIRECTORY/station-key`, or from `directory`, making it
    /// there (0600) when missing. A key file others may read is refused.
    public static func load(
        directory: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(Failure) -> StationKey {
        if let credentials = environment["CREDENTIALS_DIRECTORY"],
            let data = FileManager.default.contents(atPath: credentials + "/" + fileName)
        {
            return try StationKey(data, path: credentials + "/" + fileName)
        }
        let path = directory + "/" + fileName
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & 0o077 == 0 else {
                throw Failure(
                    description: "\(path) can be read by other users (mode \(String(info.st_mode & 0o777, radix: 8))):"
                        + " chmod 600 it")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Failure(description: "cannot read \(path)")
            }
            return try StationKey(data, path: path)
        }
        let key = Curve25519.Signing.PrivateKey()
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let raw = key.rawRepresentation
        let written = raw.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == raw.count, fsync(descriptor) == 0 else {
            throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return StationKey(privateKey: key)
    }

    private init(privateKey: Curve25519.Signing.PrivateKey) { self.privateKey = privateKey }

    private init(_ data: Data, path: String) throws(Failure) {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data) else {
            throw Failure(description: "\(path) is not an Ed25519 private key (32 raw bytes)")
        }
        privateKey = key
    }
}
