import Foundation
import Logging
import SwipeCards
import SwipeCatalogAPI
import SwipeCatalogClient
import SwipeTestSupport
import Testing

/// Several catalog servers for one client (`catalog.url: http://a, http://b`): a server that
/// refuses connections or never answers hands the request to the next.
@Suite("Catalog: failing over to the next server")
struct CatalogFailoverTests {
    func client(_ servers: String, catalog: TestCatalog, timeout: Duration) -> CatalogClient {
        var client = CatalogClient(
            baseURL: servers, retry: RetryPolicy(attempts: 2, initialDelay: .milliseconds(10), timeout: timeout),
            logger: Logger(label: "test.failover") { _ in SwiftLogNoOpLogHandler() })
        let clock = catalog.clock
        client.now = { clock.now }
        return client
    }

    @Test(
        "a server that refuses connections, or takes them and never answers, is passed over: sign-in and charge go to the next",
        arguments: CatalogBackend.all, ["refuses", "hangs"])
    func failsOver(_ backend: CatalogBackend, first: String) async throws {
        let catalog = try await TestCatalog.start(backend)
        let silent = try SilentListener()
        let dead = "http://127.0.0.1:\(first == "refuses" ? LoopbackPort.free() : silent.port)"
        var client = client("\(dead), \(catalog.url)", catalog: catalog, timeout: .seconds(20))
        #expect(client.servers.urls == [dead, catalog.url])
        let login = try await client.login(district: "Demo District", username: "volunteer", password: "demo-volunteer")
        #expect(client.baseURL == catalog.url, "the server that answered is asked first from now on")
        client.token = login.token
        client.account = login.username
        let receipt = try await client.charge(
            school: "demo-high", items: [ChargeItem(product: "high-game-ticket", quantity: 1)], entry: .swipe,
            card: CardPayload(track2: SensitiveBytes(utf8: ";\(WellKnownTestCard.visa)=3012101123?")))
        #expect(receipt.status == .approved)
        try await catalog.stop()
    }

    @Test("a failed health check moves the next check to the next server", arguments: CatalogBackend.all)
    func healthMovesOn(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = client(
            "http://127.0.0.1:\(LoopbackPort.free()), \(catalog.url)", catalog: catalog, timeout: .seconds(5))
        await #expect(throws: (any Error).self) { try await client.health(timeout: .seconds(2)) }
        try await client.health(timeout: .seconds(2))
        #expect(client.baseURL == catalog.url)
        try await catalog.stop()
    }
}
