import ServiceLifecycle

/// Keeps the station signed in to the catalog until shutdown.
struct CatalogConnectionService: Service {
    let connection: CatalogConnection

    func run() async throws {
        await cancelWhenGracefulShutdown { await connection.run() }
    }
}
