import Foundation
import SwipeCatalogAPI
import SwipeCatalogClient
import Testing

/// Two catalog servers on one PostgreSQL database, as a district runs them: every rule
/// between requests (one charge per key, one void, the password throttle, sessions, a
/// sealed card opened once) holds across both, because the database keeps it.
@Suite("Catalog: two servers, one PostgreSQL database")
struct TwoCatalogServersTests {
    /// The first server, and a second on its database and secrets folder.
    private func servers() async throws -> (TestCatalog, TestCatalog) {
        let first = try await TestCatalog.start(.postgres)
        let second = try await TestCatalog.start(.postgres, restarting: first)
        return (first, second)
    }

    private func code(_ answer: (status: Int, body: Data)) -> APIErrorCode? {
        (try? APICoding.decoder().decode(APIErrorBody.self, from: answer.body))?.error.code
    }

    @Test("50 charges with one idempotency key, sent alternately to both at once, make one charge")
    func oneKeyOneCharge() async throws {
        let (first, second) = try await servers()
        let volunteer = try await first.signIn()
        let token = try #require(volunteer.token)
        let body = try await sealedChargeBody(
            client: volunteer, school: "demo-high", product: "high-game-ticket", key: "shared-key",
            account: "volunteer", sealedAt: first.clock.now)
        let headers = [("Authorization", "Bearer \(token)"), ("Idempotency-Key", "shared-key")]
        let answers = try await withThrowingTaskGroup(of: (Int, Data).self) { group in
            for index in 0..<50 {
                let server = index.isMultiple(of: 2) ? first : second
                group.addTask { try await server.raw(.POST, "/v1/charges", body: body, headers: headers) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.allSatisfy { $0.0 == 201 }, "\(answers.map(\.0))")
        let receipts = try answers.map { try APICoding.decoder().decode(Receipt.self, from: $0.1) }
        #expect(Set(receipts.map(\.id)).count == 1)
        let charges = try await second.signIn("bookkeeper").charges(school: "demo-high", date: nil).charges
        #expect(charges.map(\.id) == [receipts[0].id])
        try await second.stop()
        try await first.stop()
    }

    @Test("20 concurrent voids of one charge across both servers void it once")
    func oneVoid() async throws {
        let (first, second) = try await servers()
        let volunteer = try await first.signIn()
        let receipt = try await volunteer.charge(
            school: "demo-high", items: [ChargeItem(product: "high-game-ticket", quantity: 1)], entry: .swipe,
            card: swipedCard("4242424242424242"))
        let token = try #require(volunteer.token)
        let answers = try await withThrowingTaskGroup(of: (Int, Data).self) { group in
            for index in 0..<20 {
                let server = index.isMultiple(of: 2) ? first : second
                group.addTask {
                    try await server.raw(
                        .POST, "/v1/charges/\(receipt.id)/void", headers: [("Authorization", "Bearer \(token)")])
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.allSatisfy { $0.0 == 200 }, "\(answers.map(\.0))")
        let voided = try answers.map { try APICoding.decoder().decode(Receipt.self, from: $0.1) }
        #expect(voided.allSatisfy { $0.status == .voided })
        #expect(Set(voided.compactMap(\.voidedAt)).count == 1, "voided once, at one time")
        try await second.stop()
        try await first.stop()
    }

    @Test("a password guessed wrong on one server counts on the other: ten wrong lock the account on both")
    func sharedThrottle() async throws {
        let (first, second) = try await servers()
        let body = { (password: String) in
            Array(
                try APICoding.encoder().encode(
                    LoginRequest(district: "Demo District", username: "volunteer", password: password)))
        }
        for attempt in 0..<10 {
            let server = attempt.isMultiple(of: 2) ? first : second
            let answer = try await server.raw(.POST, "/v1/login", body: try body("wrong-\(attempt)"))
            #expect(answer.status == 401, "attempt \(attempt)")
        }
        for server in [first, second] {
            let locked = try await server.raw(.POST, "/v1/login", body: try body("demo-volunteer"))
            #expect(locked.status == 429 && code(locked) == .tooManyAttempts)
        }
        try await second.stop()
        try await first.stop()
    }

    @Test("a session signed out on one server is refused by the other within 5 seconds")
    func signOutEverywhere() async throws {
        let (first, second) = try await servers()
        let bookkeeper = try await first.signIn("bookkeeper")
        let token = try #require(bookkeeper.token)
        let onSecond = second.client(token: token, account: "bookkeeper")
        #expect(try await onSecond.charges(school: "demo-high", date: nil).charges.isEmpty)
        try await bookkeeper.logout()
        second.clock.now += 5
        await #expect { _ = try await onSecond.charges(school: "demo-high", date: nil) } throws: { error in
            if case .api(401, .unauthorized?, _) = error as? CatalogClientError { return true }
            return false
        }
        try await second.stop()
        try await first.stop()
    }

    @Test("a sealed card opened on one server is refused on the other")
    func sealedCardOnceAcrossServers() async throws {
        let (first, second) = try await servers()
        let volunteer = try await first.signIn()
        let token = try #require(volunteer.token)
        let body = try await sealedChargeBody(
            client: volunteer, school: "demo-high", product: "high-game-ticket", key: "opened-once",
            account: "volunteer", sealedAt: first.clock.now)
        let headers = [("Authorization", "Bearer \(token)"), ("Idempotency-Key", "opened-once")]
        #expect(try await first.raw(.POST, "/v1/charges", body: body, headers: headers).status == 201)
        // An operator purges the key records: the card still opens nowhere again.
        try await first.store.write { tx in try tx.execute("DELETE FROM idempotency_keys") }
        let again = try await second.raw(.POST, "/v1/charges", body: body, headers: headers)
        #expect(again.status == 422 && code(again) == .cardDataReused)
        try await second.stop()
        try await first.stop()
    }
}
