import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SwipeCards
import SwipeCatalogAPI
import SwipeCatalogClient
import SwipeCatalogServer
import SwipeTestSupport
import Testing

/// A settable clock for tests.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    var now: Date {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    var catalogClock: CatalogClock { CatalogClock { [self] in now } }
}

/// Log lines kept in memory, so tests can check that no card data reaches them.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.append("\(event.level) \(event.message) \(event.metadata ?? [:]) \(metadata)")
        }
    }
}

/// The catalog's two stores: every catalog test runs on both, so a rule cannot hold on one
/// and not on the other.
enum CatalogBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// One SQLite file (GRDB).
    case sqlite
    /// A database of the test run's throwaway PostgreSQL server.
    case postgres

    /// Both.
    static let all = allCases

    var testDescription: String { rawValue }
}

/// A real catalog server on loopback with a real store (an SQLite file, or a database of a
/// throwaway PostgreSQL server), seeded with the demo data.
struct TestCatalog {
    let url: String
    let backend: CatalogBackend
    /// The store's location: the SQLite file's path, or the PostgreSQL database's URL.
    let location: String
    let directory: URL
    let clock: ManualClock
    let log: CapturedLog
    let task: Task<Void, any Error>
    /// The server's store, for tests that change accounts behind its back as an operator would.
    let store: any CatalogStore
    /// The service behind the server.
    let service: CatalogService

    /// Every well-known test number: none may appear in the database or the logs.
    static let testNumbers = WellKnownTestCard.all

    static func start(
        _ backend: CatalogBackend = .sqlite, now: Date = Date(), seed: (SeedFile) -> SeedFile = { $0 },
        bodyTimeout: Duration = .seconds(10), restarting existing: TestCatalog? = nil,
        locatedAt givenLocation: String? = nil, secretsOf secretsSource: TestCatalog? = nil,
        listen configure: (inout CatalogServer.Listen) -> Void = { _ in }
    ) async throws -> TestCatalog {
        let root =
            ProcessInfo.processInfo.environment["SWIPE_TEST_TMP"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory
        let directory =
            existing?.directory ?? secretsSource?.directory
            ?? root.appendingPathComponent("catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let clock = ManualClock(now)
        let log = CapturedLog()
        let logger = Logger(label: "test.catalog") { _ in CapturedLog.Handler(log: log) }
        let location: String
        switch backend {
        case .sqlite: location = directory.appendingPathComponent("catalog.sqlite").path
        case .postgres:
            location =
                try givenLocation ?? existing?.location
                ?? ThrowawayPostgres.shared.get().database(named: "catalog_\(UUID().uuidString.prefix(8).lowercased())")
        }
        // Four connections a server: a test's load, and ~50 test servers at once on two cores.
        let store: any CatalogStore =
            backend == .postgres
            ? try await PostgresCatalogStore(url: location, logger: logger, connections: 4)
            : try SQLiteCatalogStore(path: location)
        let hasher = PasswordHasher(rounds: 16)
        // A restarted server keeps its database (and its secrets folder) as they are.
        if existing == nil && givenLocation == nil {
            try await Seeder(store: store, hasher: hasher).load(seed(DemoData.seed(now: now)))
        }
        let secrets = try CatalogSecrets.load(
            directory: directory.appendingPathComponent("catalog.secrets").path, environment: [:])
        let service = CatalogService(
            store: store, secrets: secrets, clock: clock.catalogClock, hasher: hasher,
            loginDelay: .milliseconds(1), bodyTimeout: bodyTimeout, logger: logger)
        var listen = CatalogServer.Listen(host: "127.0.0.1", port: 0)
        configure(&listen)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try CatalogServer.application(
            service: service, listen: listen, logger: logger,
            onRunning: { port in continuation.yield(port) })
        let task = Task { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return TestCatalog(
            url: "\(listen.tls == nil ? "http" : "https")://127.0.0.1:\(port)", backend: backend, location: location,
            directory: directory, clock: clock,
            log: log, task: task, store: store, service: service)
    }

    func client(token: String? = nil, account: String? = nil) -> CatalogClient {
        var client = CatalogClient(
            baseURL: url, token: token, account: account,
            // Generous: logins hash with scrypt and wrong ones wait up to 3 s by design, on a two-core machine
            // that also runs a browser and the rest of the suite in parallel.
            retry: RetryPolicy(attempts: 2, initialDelay: .milliseconds(10), timeout: .seconds(30)),
            logger: Logger(label: "test.client") { _ in CapturedLog.Handler(log: log) })
        let clock = clock
        client.now = { clock.now }  // the device's clock agrees with the catalog's
        return client
    }

    func signIn(_ user: String = "volunteer", password: String? = nil) async throws -> CatalogClient {
        let login = try await client().login(
            district: "Demo District", username: user, password: password ?? "demo-\(user)")
        return client(token: login.token, account: login.username)
    }

    /// Stops the server and checks that no test card number reached the database (its files, or
    /// a dump of the PostgreSQL database) or the logs.
    func stop() async throws {
        task.cancel()
        _ = await task.result
        try? await store.close()
        if backend == .postgres {
            let dump = try ThrowawayPostgres.shared.get().dump(location)
            for number in Self.testNumbers {
                #expect(dump.range(of: Data(number.utf8)) == nil, "a card number reached the PostgreSQL database")
            }
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            // The -wal and -shm files may go away as the pool closes.
            guard let data = try? Data(contentsOf: directory.appendingPathComponent(file)) else { continue }
            for number in Self.testNumbers {
                #expect(data.range(of: Data(number.utf8)) == nil, "a card number reached \(file)")
            }
        }
        let logText = log.text
        try? Data(logText.utf8).write(to: directory.appendingPathComponent("server.log"))
        for number in Self.testNumbers { #expect(!logText.contains(number), "a card number reached the log") }
    }

    /// A raw request, for what the typed client will not send.
    func raw(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, headers: [(String, String)] = []
    ) async throws -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), Data(bytes.readableBytesView))
    }
}
