import Foundation
import Logging
import SwipeCatalogServer

/// The reference catalog, in-process on a temporary SQLite file with the demo data.
struct DemoCatalog {
    let url: String
    let task: Task<Void, any Error>

    static func start(in folder: URL, logger: Logger) async throws -> DemoCatalog {
        let path = folder.appendingPathComponent("catalog.sqlite").path
        let store = try SQLiteCatalogStore(path: path)
        try await Seeder(store: store).load(DemoData.seed(now: Date()), mode: .replace)
        let secrets = try CatalogSecrets.load(directory: CatalogSecrets.defaultDirectory(forDatabase: path))
        let service = CatalogService(store: store, secrets: secrets, logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try CatalogServer.application(
            service: service, listen: .init(host: "127.0.0.1", port: 0), logger: logger,
            onRunning: { port in continuation.yield(port) })
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CLIError("the catalog did not start") }
        return DemoCatalog(url: "http://127.0.0.1:\(port)", task: task)
    }

    func stop() { task.cancel() }
}
