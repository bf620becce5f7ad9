import Foundation
import SwipeCatalogAPI
import SwipeCatalogClient
import SwipeCatalogServer
import Testing

@Suite("Catalog: limits money should have, accounts that change, demo data that keeps changes")
struct CatalogAccountAndLimitTests {
    func errorCode(_ operation: () async throws -> some Any) async -> APIErrorCode? {
        do {
            _ = try await operation()
            return nil
        } catch let error as CatalogClientError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test(
        "a volunteer cannot charge a card $1,000,000: per-item and per-charge limits per school",
        arguments: CatalogBackend.all)
    func limits(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend) { seed in
            var seed = seed
            seed.districts[0].schools[0].maxChargeCents = 10_000
            seed.districts[0].schools[0].maxItemCents = 6_000
            return seed
        }
        let volunteer = try await catalog.signIn("volunteer")
        func charge(_ items: [ChargeItem]) async -> APIErrorCode? {
            await errorCode {
                try await volunteer.charge(
                    school: "demo-high", items: items, entry: .swipe, card: swipedCard("4242424242424242"))
            }
        }
        #expect(
            await charge([ChargeItem(product: "high-donation", quantity: 1, priceCents: 6_001)]) == .amountOverLimit)
        #expect(
            await charge([ChargeItem(product: "high-donation", quantity: 2, priceCents: 5_001)]) == .amountOverLimit)
        #expect(await charge([ChargeItem(product: "high-donation", quantity: 1, priceCents: 6_000)]) == nil)
        // The defaults, on the school without settings: $500 an item, $1,000 a charge.
        let defaults = try await TestCatalog.start(backend)
        let other = try await defaults.signIn("volunteer")
        #expect(
            await errorCode {
                try await other.charge(
                    school: "demo-high",
                    items: [ChargeItem(product: "high-donation", quantity: 100, priceCents: 10_000)],
                    entry: .swipe, card: swipedCard("4242424242424242"))
            } == .amountOverLimit)
        try await defaults.stop()
        try await catalog.stop()
    }

    @Test(
        "a changed account's sessions end: password, role, schools; also across a restart",
        arguments: CatalogBackend.all)
    func revokeOnChange(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let bookkeeper = try await catalog.signIn("bookkeeper")
        #expect(try await bookkeeper.dailyReport(school: "demo-high", date: nil).school == "demo-high")
        // The operator makes the bookkeeper a volunteer, with the same password.
        var seed = DemoData.seed(now: catalog.clock.now)
        let index = try #require(seed.districts[0].accounts.firstIndex { $0.username == "bookkeeper" })
        seed.districts[0].accounts[index].role = "generic"
        try await Seeder(store: catalog.store, hasher: PasswordHasher(rounds: 16)).load(seed)
        catalog.clock.now += 6  // past the server's session re-check
        #expect(await errorCode { try await bookkeeper.dailyReport(school: "demo-high", date: nil) } == .unauthorized)
        // Signing in again gives the new powers only.
        let again = try await catalog.signIn("bookkeeper")
        #expect(await errorCode { try await again.dailyReport(school: "demo-high", date: nil) } == .forbidden)
        // Seeding the same account unchanged keeps its session.
        try await Seeder(store: catalog.store, hasher: PasswordHasher(rounds: 16)).load(seed)
        catalog.clock.now += 6
        #expect(try await again.charges(school: "demo-high", date: nil).charges.isEmpty)
        try await catalog.stop()
    }

    @Test(
        "--demo-data on an existing database adds what is missing and keeps changed passwords",
        arguments: CatalogBackend.all)
    func demoDataKeepsChanges(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        var seed = DemoData.seed(now: catalog.clock.now)
        let index = try #require(seed.districts[0].accounts.firstIndex { $0.username == "volunteer" })
        seed.districts[0].accounts[index].password = "a-new-secret"
        let hasher = PasswordHasher(rounds: 16)
        try await Seeder(store: catalog.store, hasher: hasher).load(seed)
        // The operator restarts with --demo-data: the demo password must not come back.
        try await Seeder(store: catalog.store, hasher: hasher).load(
            DemoData.seed(now: catalog.clock.now), mode: .addMissing)
        #expect(
            await errorCode {
                try await catalog.client().login(
                    district: "Demo District", username: "volunteer", password: "demo-volunteer")
            } == .invalidCredentials)
        _ = try await catalog.client().login(district: "Demo District", username: "volunteer", password: "a-new-secret")
        try await catalog.stop()
    }
}
