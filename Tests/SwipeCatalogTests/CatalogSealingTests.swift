import Foundation
import SwipeCatalogAPI
import SwipeCatalogClient
import Testing

/// A charge body captured on the wire (a proxy, a request log) must not be chargeable again.
@Suite("Catalog: a sealed card opens for its one charge")
struct CatalogSealingTests {
    func status(_ answer: (status: Int, body: Data)) -> (Int, APIErrorCode?) {
        let error = try? APICoding.decoder().decode(APIErrorBody.self, from: answer.body)
        return (answer.status, error?.error.code)
    }

    @Test(
        "a captured body replayed under a new key, by another account, or for more money is refused",
        arguments: CatalogBackend.all)
    func replays(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let volunteer = try await catalog.signIn("volunteer")
        let bookkeeper = try await catalog.client().login(
            district: "Demo District", username: "bookkeeper", password: "demo-bookkeeper")
        let captured = try await sealedChargeBody(
            client: volunteer, school: "demo-high", product: "high-game-ticket", key: "captured-1",
            account: "volunteer", sealedAt: catalog.clock.now)
        let volunteerToken = try #require(volunteer.token)
        let original = try await catalog.raw(
            .POST, "/v1/charges", body: captured,
            headers: [("Authorization", "Bearer \(volunteerToken)"), ("Idempotency-Key", "captured-1")])
        #expect(original.status == 201)

        // The same bytes under a new key: the binding names the old key.
        let newKey = try await catalog.raw(
            .POST, "/v1/charges", body: captured,
            headers: [("Authorization", "Bearer \(volunteerToken)"), ("Idempotency-Key", "attacker-1")])
        #expect(status(newKey) == (422, .cardUnreadable))
        // By another account, under the original key.
        let otherAccount = try await catalog.raw(
            .POST, "/v1/charges", body: captured,
            headers: [("Authorization", "Bearer \(bookkeeper.token)"), ("Idempotency-Key", "captured-1")])
        #expect(status(otherAccount) == (422, .cardUnreadable))
        // For another amount: the sealed card with other items.
        var request = try APICoding.decoder().decode(ChargeRequest.self, from: Data(captured))
        request.items = [ChargeItem(product: "high-donation", quantity: 1, priceCents: 50_000)]
        let bigger = try await catalog.raw(
            .POST, "/v1/charges", body: Array(try APICoding.encoder().encode(request)),
            headers: [("Authorization", "Bearer \(volunteerToken)"), ("Idempotency-Key", "attacker-2")])
        #expect(status(bigger) == (422, .cardUnreadable))
        // Moving the sealing time forward to look fresh breaks the binding too.
        request = try APICoding.decoder().decode(ChargeRequest.self, from: Data(captured))
        request.card.sealedAt = catalog.clock.now.addingTimeInterval(30)
        let retimed = try await catalog.raw(
            .POST, "/v1/charges", body: Array(try APICoding.encoder().encode(request)),
            headers: [("Authorization", "Bearer \(volunteerToken)"), ("Idempotency-Key", "captured-1b")])
        #expect(status(retimed) == (422, .cardUnreadable))

        let charges = try await volunteer.charges(school: "demo-high", date: nil)
        #expect(charges.charges.count == 1)
        try await catalog.stop()
    }

    @Test(
        "a sealed card older than 5 minutes is refused; the device's own retry still gets its answer",
        arguments: CatalogBackend.all)
    func stale(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let volunteer = try await catalog.signIn("volunteer")
        let token = try #require(volunteer.token)
        let old = try await sealedChargeBody(
            client: volunteer, school: "demo-high", product: "high-game-ticket", key: "late-1", account: "volunteer",
            sealedAt: catalog.clock.now.addingTimeInterval(-(5 * 60 + 5)))
        let answer = try await catalog.raw(
            .POST, "/v1/charges", body: old,
            headers: [("Authorization", "Bearer \(token)"), ("Idempotency-Key", "late-1")])
        #expect(status(answer) == (422, .cardDataExpired))
        let future = try await sealedChargeBody(
            client: volunteer, school: "demo-high", product: "high-game-ticket", key: "early-1",
            account: "volunteer", sealedAt: catalog.clock.now.addingTimeInterval(600))
        let early = try await catalog.raw(
            .POST, "/v1/charges", body: future,
            headers: [("Authorization", "Bearer \(token)"), ("Idempotency-Key", "early-1")])
        #expect(status(early) == (422, .cardDataExpired))

        // A charge made in time, retried by the device 10 minutes later: the stored answer, not a refusal.
        let body = try await sealedChargeBody(
            client: volunteer, school: "demo-high", product: "high-game-ticket", key: "slow-link",
            account: "volunteer", sealedAt: catalog.clock.now)
        let headers = [("Authorization", "Bearer \(token)"), ("Idempotency-Key", "slow-link")]
        let first = try await catalog.raw(.POST, "/v1/charges", body: body, headers: headers)
        catalog.clock.now = catalog.clock.now.addingTimeInterval(600)
        let retry = try await catalog.raw(.POST, "/v1/charges", body: body, headers: headers)
        #expect(first.status == 201 && retry.status == 201 && first.body == retry.body)
        try await catalog.stop()
    }

    @Test("a sealed card is opened once, even when its key's record is gone", arguments: CatalogBackend.all)
    func openedOnce(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let volunteer = try await catalog.signIn("volunteer")
        let token = try #require(volunteer.token)
        let body = try await sealedChargeBody(
            client: volunteer, school: "demo-high", product: "high-game-ticket", key: "once-1", account: "volunteer",
            sealedAt: catalog.clock.now)
        let headers = [("Authorization", "Bearer \(token)"), ("Idempotency-Key", "once-1")]
        #expect(try await catalog.raw(.POST, "/v1/charges", body: body, headers: headers).status == 201)
        // An operator purges idempotency records: the sealed card still does not open again.
        try await catalog.store.write { tx in try tx.execute("DELETE FROM idempotency_keys") }
        let again = try await catalog.raw(.POST, "/v1/charges", body: body, headers: headers)
        #expect(status(again) == (422, .cardDataReused))
        #expect(try await volunteer.charges(school: "demo-high", date: nil).charges.count == 1)
        try await catalog.stop()
    }
}
