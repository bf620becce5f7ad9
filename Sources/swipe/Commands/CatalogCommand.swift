import ArgumentParser
import Foundation
import Logging
import SwipeCatalogAPI
import SwipeCatalogServer
import SwipeServerKit

/// `swipe catalog`: the school-payments catalog server.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Run or fill the school-payments catalog server.",
        subcommands: [Serve.self, Seed.self, Migrate.self, RotateCardKey.self])

    /// `swipe catalog serve`.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the catalog API over HTTP (HTTPS with --tls-cert and --tls-key).")

        @Option(help: "SQLite database file (created when missing); the same as --database FILE.")
        var db: String?

        @Option(
            help: ArgumentHelp(
                "The database: an SQLite file, or postgres://USER@HOST[:PORT]/NAME[?sslmode=…] for PostgreSQL.",
                discussion: "Several catalog servers may share one PostgreSQL database; each needs the same "
                    + "--secrets-dir. The password may come from $PGPASSWORD."))
        var database: String?

        @Option(help: "Address to listen on, HOST:PORT.")
        var listen = "127.0.0.1:8080"

        @Flag(help: "Load the demo district, schools, accounts and products.")
        var demoData = false

        @Option(
            help: ArgumentHelp(
                "Folder of the card-opening and fingerprint keys (mode 0700; created when missing).",
                discussion: "Default: beside the database, catalog.sqlite -> catalog.secrets/. A systemd credential "
                    + "of the same name in $CREDENTIALS_DIRECTORY takes precedence."))
        var secretsDir: String?

        @Option(help: "How much the catalog logs: \(LogLevel.allCases.map(\.rawValue).joined(separator: ", ")).")
        var logLevel: LogLevel = .info

        @Option(help: "PEM certificate chain for HTTPS.")
        var tlsCert: String?

        @Option(help: "PEM private key for HTTPS.")
        var tlsKey: String?

        /// The store's location, from --database or --db.
        var location: String { database ?? db ?? "" }

        func validate() throws {
            guard (database == nil) != (db == nil) else { throw ValidationError("Give --database (or --db), once.") }
            if CatalogStores.isPostgres(location), secretsDir == nil {
                throw ValidationError(
                    "--secrets-dir is needed with PostgreSQL: every server reads the same card and fingerprint keys.")
            }
            guard (tlsCert == nil) == (tlsKey == nil) else {
                throw ValidationError("--tls-cert and --tls-key go together.")
            }
            guard ListenAddress(listen) != nil else {
                throw ValidationError("--listen must be HOST:PORT (an IPv6 address in brackets: [::1]:8080).")
            }
        }

        func run() async throws {
            var logger = Logger(label: "swipe.catalog")
            logger.logLevel = logLevel.level
            let store: any CatalogStore
            do { store = try await CatalogStores.open(location, logger: logger) } catch let error as StoreError {
                throw CLIError(error.description, status: 1)
            }
            // The demo data only adds what is missing: passwords changed since stay changed.
            if demoData { try await Seeder(store: store).load(DemoData.seed(now: Date()), mode: .addMissing) }
            let secrets = try CatalogSecrets.load(
                directory: secretsDir ?? CatalogSecrets.defaultDirectory(forDatabase: location),
                legacy: try (store as? SQLiteCatalogStore)?.takeLegacySecrets() ?? [:])
            let service = CatalogService(store: store, secrets: secrets, logger: logger)
            let address = ListenAddress(listen)!
            let scheme = tlsCert == nil ? "http" : "https"
            let app = try CatalogServer.application(
                service: service,
                listen: .init(host: address.host, port: address.port, tls: tlsCert.map { ($0, tlsKey!) }),
                logger: logger,
                onRunning: { port in
                    FileHandle.standardOutput.write(
                        Data("catalog listening on \(scheme)://\(address.host):\(port)\n".utf8))
                })
            try await app.runService()
        }
    }

    /// `swipe catalog seed`.
    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or update districts, schools, accounts and products from a JSON seed file.")

        @Option(help: "SQLite database file.")
        var db: String

        @Option(help: "Seed file (see docs/catalog-api.md).")
        var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError(
                    "cannot read the seed file \(file): "
                        + (FileManager.default.fileExists(atPath: file)
                            ? "it is a folder or not readable" : "no such file"),
                    status: 2)
            }
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let seed = try decoder.decode(SeedFile.self, from: data)
            try await Seeder(store: try SQLiteCatalogStore(path: db))
                .load(seed, baseDirectory: URL(fileURLWithPath: file).deletingLastPathComponent())
            print("seeded \(seed.districts.count) district(s) into \(db)")
        }
    }

    /// `swipe catalog rotate-card-key`.
    struct RotateCardKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the key that opens sealed cards; restart the catalog servers afterwards.",
            discussion: """
                The old key is kept for \(Int(OfflineSales.maximumAgeHours)) hours as \
                card-private-key.retired-<time>: sales kept offline and sealed to it can still be forwarded. \
                Stations fetch the new public key at their next check.
                """)

        @Option(help: "The catalog's SQLite database: its secrets folder is beside it.")
        var db: String?

        @Option(help: "The secrets folder (instead of --db).")
        var secretsDir: String?

        func validate() throws {
            guard (db == nil) != (secretsDir == nil) else { throw ValidationError("Give --db or --secrets-dir.") }
        }

        func run() throws {
            let directory = secretsDir ?? CatalogSecrets.defaultDirectory(forDatabase: db!)
            do {
                let id = try CatalogSecrets.rotateCardKey(directory: directory)
                print("new card key \(id) in \(directory): restart the catalog server(s)")
            } catch let failure as CatalogSecrets.Failure {
                throw CLIError(failure.description, status: 1)
            }
        }
    }

    /// `swipe catalog migrate`.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a catalog to another database (an SQLite file to PostgreSQL), then check it.",
            discussion: """
                Copies districts, schools, accounts with their password hashes, products and images, charges, \
                voids, idempotency keys, the opened sealed cards and the enrolled stations in one transaction, \
                then compares the row counts and every school's daily reports. The target must be empty (its \
                tables are made); people sign in again. Copy the secrets folder too: the servers of the new \
                database need the same card and fingerprint keys.
                """)

        @Option(help: "The catalog to copy: an SQLite file (or a postgres:// URL).")
        var from: String

        @Option(help: "Where to: postgres://USER@HOST[:PORT]/NAME[?sslmode=…] (or an SQLite file).")
        var to: String

        func run() async throws {
            var logger = Logger(label: "swipe.catalog")
            logger.logLevel = .warning
            guard CatalogStores.isPostgres(from) || FileManager.default.fileExists(atPath: from) else {
                throw CLIError("cannot read the catalog \(from): no such file", status: 2)
            }
            do {
                let source = try await CatalogStores.open(from, logger: logger)
                let target = try await CatalogStores.open(to, logger: logger)
                let report = try await CatalogMigration(from: source, to: target).run()
                for (table, count) in report.rows { print("  \(table): \(count)") }
                print("copied and checked: row counts equal, \(report.dailyReports) daily report(s) equal")
                try await source.close()
                try await target.close()
            } catch let error as StoreError {
                throw CLIError(error.description, status: 1)
            }
        }
    }
}
