import Foundation
import GRDB
import SwipeCatalogServer
import Testing

/// Whoever gets the database file alone gets no card and no way to recover one.
@Suite("Catalog: secrets out of the database, files for the owner alone")
struct CatalogSecretsTests {
    func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1
    }

    func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("the database, its WAL and the key files are 0600; no secret is in the database")
    func modesAndPlacement() async throws {
        let catalog = try await TestCatalog.start()
        let volunteer = try await catalog.signIn("volunteer")
        _ = try await volunteer.charge(
            school: "demo-high", items: [.init(product: "high-game-ticket", quantity: 1)], entry: .swipe,
            card: swipedCard("4242424242424242"))
        let database = catalog.directory.appendingPathComponent("catalog.sqlite").path
        let secrets = catalog.directory.appendingPathComponent("catalog.secrets").path
        #expect(mode(database) == 0o600)
        #expect(mode(database + "-wal") == 0o600)
        #expect(mode(secrets) == 0o700)
        for file in [CatalogSecrets.cardKeyFile, CatalogSecrets.fingerprintKeyFile] {
            #expect(mode(secrets + "/" + file) == 0o600)
            let secret = try Data(contentsOf: URL(fileURLWithPath: secrets + "/" + file))
            for path in [database, database + "-wal"] {
                let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
                #expect(bytes.range(of: secret) == nil, "\(file) is in \(path)")
            }
        }
        let queue = try DatabaseQueue(path: database)
        let names = try await queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM settings") }
        try queue.close()
        #expect(!names.contains("card_private_key") && !names.contains("fingerprint_secret"))
        try await catalog.stop()
    }

    @Test("an older database's secrets move out to their files and keep their value")
    func legacyMigration() async throws {
        let directory = try scratch()
        let path = directory.appendingPathComponent("old.sqlite").path
        let legacyKey = Data((1...32).map { UInt8($0) })
        let legacyFingerprint = Data(repeating: 7, count: 32)
        do {
            let store = try SQLiteCatalogStore(path: path)
            try await store.write { tx in
                try tx.execute(
                    "INSERT INTO settings (name, value) VALUES ('card_private_key', ?), ('fingerprint_secret', ?)",
                    legacyKey, legacyFingerprint)
            }
            try await store.close()
        }
        let store = try SQLiteCatalogStore(path: path)
        let folder = CatalogSecrets.defaultDirectory(forDatabase: path)
        _ = try CatalogSecrets.load(directory: folder, environment: [:], legacy: try store.takeLegacySecrets())
        #expect(FileManager.default.contents(atPath: folder + "/" + CatalogSecrets.cardKeyFile) == legacyKey)
        #expect(
            FileManager.default.contents(atPath: folder + "/" + CatalogSecrets.fingerprintKeyFile) == legacyFingerprint)
        #expect(try store.takeLegacySecrets().isEmpty)
        try await store.close()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.range(of: legacyKey) == nil)
    }

    @Test("a key file others can read is refused; a systemd credential takes precedence")
    func permissionsAndCredentials() throws {
        let directory = try scratch()
        let folder = directory.appendingPathComponent("keys").path
        let first = try CatalogSecrets.load(directory: folder, environment: [:])
        _ = first
        chmod(folder + "/" + CatalogSecrets.cardKeyFile, 0o644)
        #expect(throws: CatalogSecrets.Failure.self) { try CatalogSecrets.load(directory: folder, environment: [:]) }
        chmod(folder + "/" + CatalogSecrets.cardKeyFile, 0o600)

        let credentials = directory.appendingPathComponent("credentials").path
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
        try Data(repeating: 9, count: 32).write(
            to: URL(fileURLWithPath: credentials + "/" + CatalogSecrets.fingerprintKeyFile))
        try Data(repeating: 1, count: 31).write(
            to: URL(fileURLWithPath: credentials + "/" + CatalogSecrets.cardKeyFile))
        #expect(throws: CatalogSecrets.Failure.self) {
            try CatalogSecrets.load(directory: folder, environment: ["CREDENTIALS_DIRECTORY": credentials])
        }
    }
}
