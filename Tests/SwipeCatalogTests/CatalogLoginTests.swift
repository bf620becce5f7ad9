import Foundation
import SwipeCatalogAPI
import SwipeCatalogClient
import SwipeCatalogServer
import Testing

@Suite("Catalog: login, products, errors")
struct CatalogLoginTests {
    @Test("districts, then user, then schools", arguments: CatalogBackend.all)
    func login(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = catalog.client()
        #expect(try await client.districts() == [District(id: "demo-district", name: "Demo District")])
        let login = try await client.login(
            district: "Demo District", username: "bookkeeper", password: "demo-bookkeeper")
        #expect(login.role == .bookkeeper)
        #expect(login.schools.map(\.name) == ["Demo High", "Demo Middle"])
        #expect(login.expiresAt > catalog.clock.now)
        let volunteer = try await client.login(
            district: "demo-district", username: "volunteer", password: "demo-volunteer")
        #expect(volunteer.role == .generic)
        try await catalog.stop()
    }

    @Test("wrong credentials are refused, then slowed down, then locked", arguments: CatalogBackend.all)
    func wrongPassword(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = catalog.client()
        for _ in 0..<10 {
            await #expect(throws: CatalogClientError.self) {
                try await client.login(district: "Demo District", username: "volunteer", password: "guess")
            }
        }
        do {
            _ = try await client.login(district: "Demo District", username: "volunteer", password: "demo-volunteer")
            Issue.record("a locked account signed in")
        } catch let error as CatalogClientError {
            #expect(error.code == .tooManyAttempts)
        }
        // Another account is not affected; unknown users get the same answer as wrong passwords.
        _ = try await client.login(district: "Demo District", username: "bookkeeper", password: "demo-bookkeeper")
        do {
            _ = try await client.login(district: "Demo District", username: "nobody", password: "x")
            Issue.record("an unknown user signed in")
        } catch let error as CatalogClientError {
            #expect(error.code == .invalidCredentials)
        }
        // The lock ends after 15 minutes.
        catalog.clock.now += 16 * 60
        _ = try await client.login(district: "Demo District", username: "volunteer", password: "demo-volunteer")
        try await catalog.stop()
    }

    @Test("only active, swipe-allowed products without a student ID show", arguments: CatalogBackend.all)
    func products(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = try await catalog.signIn()
        let list = try await client.products(school: "demo-high")
        #expect(Set(list.products.map(\.id)) == ["high-game-ticket", "high-tshirt", "high-donation", "high-test-cent"])
        let tshirt = try #require(list.products.first { $0.id == "high-tshirt" })
        #expect(tshirt.overTheCounterOnly)
        let donation = try #require(list.products.first { $0.id == "high-donation" })
        #expect(donation.priceCents == nil && donation.minimumCents == 100 && donation.maximumCents == 50_000)
        let image = try await catalog.raw(.GET, try #require(tshirt.imageURL))
        #expect(image.status == 200)
        #expect(Array(image.body.prefix(3)) == [0xFF, 0xD8, 0xFF])
        // The prom goes on sale later: a month on, it shows and the game ticket's window has not closed.
        await #expect(throws: CatalogClientError.self) { try await client.products(school: "elsewhere") }
        catalog.clock.now += 31 * 86_400
        let later = try await catalog.signIn()  // the old session expired after 12 hours
        #expect(try await later.products(school: "demo-high").products.contains { $0.id == "high-prom" })
        try await catalog.stop()
    }

    @Test("product images must be JPEG")
    func jpegOnly() async throws {
        var seed = DemoData.seed(now: Date())
        seed.districts[0].schools[0].products[0].imageBase64 = Data("GIF89a not a jpeg".utf8).base64EncodedString()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteCatalogStore(path: directory.appendingPathComponent("c.sqlite").path)
        await #expect(throws: SeedError.self) {
            try await Seeder(store: store, hasher: PasswordHasher(rounds: 16)).load(seed)
        }
    }

    @Test("every error has one JSON shape with a stable code", arguments: CatalogBackend.all)
    func errorShape(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let login = try await catalog.client().login(
            district: "Demo District", username: "volunteer", password: "demo-volunteer")
        let auth = ("Authorization", "Bearer \(login.token)")
        func code(_ response: (status: Int, body: Data)) throws -> String {
            try APICoding.decoder().decode(APIErrorBody.self, from: response.body).error.code.rawValue
        }
        let unknown = try await catalog.raw(.GET, "/v1/nowhere")
        #expect(unknown.status == 404)
        #expect(try code(unknown) == "not_found")
        let noAuth = try await catalog.raw(.GET, "/v1/schools/demo-high/products")
        #expect(noAuth.status == 401)
        #expect(try code(noAuth) == "unauthorized")
        let badToken = try await catalog.raw(
            .GET, "/v1/schools/demo-high/products", headers: [("Authorization", "Bearer nope")])
        #expect(badToken.status == 401)
        let badJSON = try await catalog.raw(.POST, "/v1/login", body: Array("{not json".utf8))
        #expect(badJSON.status == 400)
        #expect(try code(badJSON) == "bad_request")
        let huge = try await catalog.raw(.POST, "/v1/login", body: [UInt8](repeating: 0x41, count: 200_000))
        #expect(huge.status == 413)
        #expect(try code(huge) == "payload_too_large")
        let noKey = try await catalog.raw(.POST, "/v1/charges", body: Array("{}".utf8), headers: [auth])
        #expect(noKey.status == 400)
        #expect(try code(noKey) == "idempotency_key_required")
        let garbage = try await catalog.raw(
            .POST, "/v1/charges", body: [0xFF, 0x00, 0x7B], headers: [auth, ("Idempotency-Key", "k1")])
        #expect(garbage.status == 400)
        let badDate = try await catalog.raw(.GET, "/v1/schools/demo-high/charges?date=2026-13-45", headers: [auth])
        #expect(badDate.status == 400)
        let health = try await catalog.raw(.GET, "/health")
        #expect(health.status == 200)
        try await catalog.stop()
    }
}
