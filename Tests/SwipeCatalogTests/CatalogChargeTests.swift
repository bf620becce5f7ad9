import Foundation
import SwipeCards
import SwipeCatalogAPI
import SwipeCatalogClient
import SwipeCatalogServer
import Testing

/// Card payloads made at test time from the networks' well-known test numbers.
func swipedCard(_ number: String, expiry: String = "3012") -> CardPayload {
    CardPayload(track2: SensitiveBytes(utf8: ";\(number)=\(expiry)101123?"))
}

@Suite("Catalog: charges and idempotency")
struct CatalogChargeTests {
    @Test("an approved charge adds the school's fee and shows only the last 4 digits", arguments: CatalogBackend.all)
    func approved(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = try await catalog.signIn()
        let receipt = try await client.charge(
            school: "demo-high", items: [ChargeItem(product: "high-game-ticket", quantity: 2)], entry: .swipe,
            card: swipedCard("4242424242424242"))
        #expect(receipt.status == .approved)
        #expect(receipt.amountCents == 1_000)
        #expect(receipt.feeCents == 25 + 30)  // 25 cents + 3%
        #expect(receipt.totalCents == 1_055)
        #expect(receipt.brand == "visa" && receipt.last4 == "4242")
        #expect(receipt.authorizationCode?.count == 6)
        #expect(receipt.createdBy == "volunteer")
        let cent = try await client.charge(
            school: "demo-middle", items: [ChargeItem(product: "middle-test-cent", quantity: 1)], entry: .keyed,
            card: CardPayload(pan: SensitiveBytes(utf8: "5555555555554444"), expiry: "3012"))
        #expect(cent.totalCents == 1 && cent.brand == "mastercard" && cent.entry == .keyed)
        try await catalog.stop()
    }

    @Test(
        "the test processor's rules",
        arguments: [
            ("4000000000000002", "3012", ChargeStatus.declined, "issuer"),
            ("4242424242424242", "2001", .declined, "expired"),
            ("378282246310005", "3012", .declined, "not accepted"), ("4242424242424241", "3012", .declined, "invalid"),
            ("2223003122003222", "3012", .approved, ""), ("4111111111111111", "3012", .approved, ""),
        ])
    func processorRules(number: String, expiry: String, status: ChargeStatus, reason: String) async throws {
        // Each card on both stores.
        for backend in CatalogBackend.all {
            try await processorRule(backend, number: number, expiry: expiry, status: status, reason: reason)
        }
    }

    private func processorRule(
        _ backend: CatalogBackend, number: String, expiry: String, status: ChargeStatus, reason: String
    ) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = try await catalog.signIn()
        let receipt = try await client.charge(
            school: "demo-high", items: [ChargeItem(product: "high-test-cent", quantity: 1)], entry: .swipe,
            card: swipedCard(number, expiry: expiry))
        #expect(receipt.status == status)
        if !reason.isEmpty { #expect(receipt.declineReason?.contains(reason) == true) }
        try await catalog.stop()
    }

    @Test(
        "prices: fixed prices are fixed, variable prices stay in range, unknown products are named",
        arguments: CatalogBackend.all)
    func prices(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = try await catalog.signIn()
        let donation = try await client.charge(
            school: "demo-high", items: [ChargeItem(product: "high-donation", quantity: 1, priceCents: 2_000)],
            entry: .swipe,
            card: swipedCard("4242424242424242"))
        #expect(donation.amountCents == 2_000)
        for (item, code) in [
            (ChargeItem(product: "high-donation", quantity: 1, priceCents: 10), APIErrorCode.invalidPrice),
            (ChargeItem(product: "high-donation", quantity: 1), .invalidPrice),
            (ChargeItem(product: "high-game-ticket", quantity: 1, priceCents: 1), .invalidPrice),
            (ChargeItem(product: "high-field-trip", quantity: 1), .productNotAvailable),
            (ChargeItem(product: "high-parking", quantity: 1), .productNotAvailable),
            (ChargeItem(product: "high-prom", quantity: 1), .productNotAvailable),
            (ChargeItem(product: "middle-yearbook", quantity: 1), .notFound),
            (ChargeItem(product: "high-game-ticket", quantity: 0), .badRequest),
        ] {
            do {
                _ = try await client.charge(
                    school: "demo-high", items: [item], entry: .swipe, card: swipedCard("4242424242424242"))
                Issue.record("\(item.product) was charged")
            } catch let error as CatalogClientError {
                #expect(error.code == code, "\(item.product)")
            }
        }
        try await catalog.stop()
    }

    @Test("the same key and body replay the first answer; another body is refused", arguments: CatalogBackend.all)
    func idempotentReplay(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let login = try await catalog.client().login(
            district: "Demo District", username: "volunteer", password: "demo-volunteer")
        let client = catalog.client(token: login.token, account: login.username)
        let first = try await client.charge(
            school: "demo-high", items: [ChargeItem(product: "high-game-ticket", quantity: 1)], entry: .swipe,
            card: swipedCard("4242424242424242"), idempotencyKey: "replay-1")
        let charges = try await client.charges(school: "demo-high", date: nil)
        #expect(charges.charges.map(\.id) == [first.id])
        // A different body under the same key: 422.
        do {
            _ = try await client.charge(
                school: "demo-high", items: [ChargeItem(product: "high-game-ticket", quantity: 3)], entry: .swipe,
                card: swipedCard("4242424242424242"), idempotencyKey: "replay-1")
            Issue.record("a reused key made a second charge")
        } catch let error as CatalogClientError {
            #expect(error.code == .idempotencyKeyReused)
        }
        // Errors are replayed too.
        let body = Array(
            try APICoding.encoder().encode(
                ChargeRequest(
                    school: "demo-high", items: [ChargeItem(product: "high-prom", quantity: 1)], entry: .swipe,
                    card: SealedCard(keyID: "x", encapsulatedKey: "", ciphertext: "", sealedAt: Date()))))
        let headers = [("Authorization", "Bearer \(login.token)"), ("Idempotency-Key", "replay-2")]
        let error1 = try await catalog.raw(.POST, "/v1/charges", body: body, headers: headers)
        let error2 = try await catalog.raw(.POST, "/v1/charges", body: body, headers: headers)
        #expect(error1.status == 422 && error2.status == 422 && error1.body == error2.body)
        try await catalog.stop()
    }

    @Test(
        "50 concurrent requests with one key make one charge and 50 identical receipts", arguments: CatalogBackend.all)
    func concurrentKey(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let login = try await catalog.client().login(
            district: "Demo District", username: "volunteer", password: "demo-volunteer")
        let client = catalog.client(token: login.token, account: login.username)
        // Seal once, as a device does before its first attempt; send the same bytes 50 times at once.
        let sealedBody = try await sealedChargeBody(
            client: client, school: "demo-high", product: "high-game-ticket", key: "fifty", account: login.username,
            sealedAt: catalog.clock.now)
        let headers = [("Authorization", "Bearer \(login.token)"), ("Idempotency-Key", "fifty")]
        let answers = try await withThrowingTaskGroup(of: (Int, Data).self) { group in
            for _ in 0..<50 {
                group.addTask { try await catalog.raw(.POST, "/v1/charges", body: sealedBody, headers: headers) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.count == 50)
        #expect(answers.allSatisfy { $0.0 == 201 })
        #expect(Set(answers.map(\.1)).count == 1)
        #expect(try await client.charges(school: "demo-high", date: nil).charges.count == 1)
        try await catalog.stop()
    }

    @Test(
        "the client retries with the same key and voids by key when the outcome stays unknown",
        arguments: CatalogBackend.all)
    func unknownOutcome(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let login = try await catalog.client().login(
            district: "Demo District", username: "volunteer", password: "demo-volunteer")
        let flaky = try await FlakyProxy.start(upstream: catalog.url, failingPath: "/v1/charges")
        let client = CatalogClient(
            baseURL: flaky.url, token: login.token, account: login.username,
            // Time for three attempts even on a loaded machine: the proxy answers each at once.
            retry: RetryPolicy(attempts: 3, initialDelay: .milliseconds(5), timeout: .seconds(30)),
            logger: .init(label: "test"))
        do {
            _ = try await client.charge(
                school: "demo-high", items: [ChargeItem(product: "high-game-ticket", quantity: 1)], entry: .swipe,
                card: swipedCard("4242424242424242"), idempotencyKey: "unknown-1")
            Issue.record("the charge reported success through a failing link")
        } catch let error as CatalogClientError {
            guard case .outcomeUnknown(voided: true) = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
        let seen = await flaky.requests
        let charges = seen.filter { $0.path == "/v1/charges" }
        #expect(charges.count == 3)
        #expect(Set(charges.map(\.idempotencyKey)) == ["unknown-1"])
        #expect(Set(charges.map(\.body)).count == 1)
        // The proxy lets the first charge through to the server before failing: void-by-key cancelled it. On a
        // loaded machine the void can reach the server first; the key then never creates a charge. Either way,
        // nothing stays charged.
        let today = try await catalog.client(token: login.token, account: login.username).charges(
            school: "demo-high", date: nil)
        #expect(today.charges.count <= 1)
        #expect(today.charges.allSatisfy { $0.status == .voided })
        await flaky.stop()
        try await catalog.stop()
    }
}

/// Seals a test card for a one-ticket charge under `key` by `account` and returns the request body.
func sealedChargeBody(
    client: CatalogClient, school: String, product: String, quantity: Int = 1, key: String, account: String,
    sealedAt: Date = Date(), card: CardPayload = swipedCard("4242424242424242")
) async throws -> [UInt8] {
    let sealer = try sealer(for: try await client.cardKey())
    let items = [ChargeItem(product: product, quantity: quantity)]
    let binding = ChargeBinding(
        idempotencyKey: key, school: school, account: account, items: items,
        sealedAt: Date(timeIntervalSince1970: sealedAt.timeIntervalSince1970.rounded(.down)))
    return Array(
        try APICoding.encoder().encode(
            ChargeRequest(school: school, items: items, entry: .swipe, card: try sealer.seal(card, for: binding))))
}
