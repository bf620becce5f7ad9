import CardSealing
import Crypto
import Foundation
import SwipeCards
import SwipeCatalogAPI
import SwipeCatalogClient
import SwipeCatalogServer
import Testing

/// Sales a station kept while the catalog could not be reached: taken later only from an
/// enrolled, unrevoked station's signature, within its maxAgeHours, once per key and card.
@Suite("Sales kept offline, at the catalog")
struct CatalogOfflineSaleTests {
    /// A station: its key, enrolled by the volunteer account, and a sale it kept `hoursAgo`.
    struct Station {
        let key = Curve25519.Signing.PrivateKey()
        var id: String { OfflineSales.stationID(publicKey: key.publicKey) }

        func enroll(_ client: CatalogClient, maxAgeHours: Double = 24) async throws -> StationEnrollment {
            try await client.enroll(
                StationEnrollmentRequest(
                    publicKey: key.publicKey.rawRepresentation.base64EncodedString(), name: "gym-pi",
                    maxAgeHours: maxAgeHours))
        }

        /// A kept sale of one game ticket, swiped `hoursAgo` before the catalog's now.
        func keptSale(
            _ catalog: TestCatalog, cardKey: CardKey, number: String = WellKnownTestCard.visa, hoursAgo: Double,
            key: String = UUID().uuidString
        ) throws -> (request: ChargeRequest, key: String) {
            let request = try KeptSale.request(
                school: "demo-high", items: [ChargeItem(product: "high-game-ticket", quantity: 1)], entry: .swipe,
                card: CardPayload(pan: SensitiveBytes(utf8: number), expiry: "3012"), account: "volunteer",
                idempotencyKey: key, swipedAt: catalog.clock.now.addingTimeInterval(-hoursAgo * 3600),
                sealer: try sealer(for: cardKey), station: self.key)
            return (request, key)
        }
    }

    private func forward(_ sale: (request: ChargeRequest, key: String), with client: CatalogClient) async throws
        -> Receipt
    {
        try await client.forward(request: try APICoding.encoder().encode(sale.request), idempotencyKey: sale.key)
    }

    private func code(of error: any Error) -> APIErrorCode? {
        if case .api(_, let code, _) = error as? CatalogClientError { return code }
        return nil
    }

    @Test(
        "a sale kept 3 hours ago is charged once, dated at the swipe; replays give the same receipt or nothing",
        arguments: CatalogBackend.all)
    func keptSaleChargedOnce(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = try await catalog.signIn()
        let station = Station()
        let enrollment = try await station.enroll(client)
        #expect(enrollment.id == station.id && enrollment.account == "volunteer" && enrollment.revokedAt == nil)
        let sale = try station.keptSale(catalog, cardKey: try await client.cardKey(), hoursAgo: 3)
        let receipt = try await forward(sale, with: client)
        #expect(receipt.status == .approved && receipt.offline == true)
        #expect(abs(receipt.createdAt.timeIntervalSince(sale.request.card.sealedAt)) < 1)
        #expect(abs((receipt.receivedAt ?? .distantPast).timeIntervalSince(catalog.clock.now)) < 1)
        // Sent again after a crash: the same answer.
        #expect(try await forward(sale, with: client).id == receipt.id)
        // Replayed by hand under another key: the signature covers the key.
        await #expect { _ = try await self.forward((sale.request, UUID().uuidString), with: client) } throws: {
            self.code(of: $0) == .offlineSignatureInvalid
        }
        // The same body sent as an ordinary charge (no signature): the card does not open.
        var unsigned = sale.request
        unsigned.offline = nil
        await #expect { _ = try await self.forward((unsigned, UUID().uuidString), with: client) } throws: {
            [.cardUnreadable, .cardDataExpired].contains(self.code(of: $0))
        }
        let charges = try await catalog.signIn("bookkeeper").charges(
            school: "demo-high", date: EasternCalendar.dayString(sale.request.card.sealedAt))
        #expect(charges.charges.filter { $0.offline == true }.map(\.id) == [receipt.id])
        try await catalog.stop()
    }

    @Test(
        "the same sealed card under a second signed key is refused: once per sealed card", arguments: CatalogBackend.all
    )
    func sealedCardOnce(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = try await catalog.signIn()
        let station = Station()
        _ = try await station.enroll(client)
        let sale = try station.keptSale(catalog, cardKey: try await client.cardKey(), hoursAgo: 1)
        _ = try await forward(sale, with: client)
        // The station's own key re-signing the same sealed card under a new key (a station bug or a
        // stolen key): the binding names the first key, so the card does not open.
        var copy = sale.request
        copy.offline?.signature = ""
        let again = try OfflineSales.sign(copy, idempotencyKey: "another-key", account: "volunteer", with: station.key)
        await #expect { _ = try await self.forward((again, "another-key"), with: client) } throws: {
            [.cardUnreadable, .cardDataReused].contains(self.code(of: $0))
        }
        try await catalog.stop()
    }

    @Test("older than the station's maxAgeHours: refused as expired, nothing charged", arguments: CatalogBackend.all)
    func tooOld(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = try await catalog.signIn()
        let station = Station()
        _ = try await station.enroll(client, maxAgeHours: 2)
        let sale = try station.keptSale(catalog, cardKey: try await client.cardKey(), hoursAgo: 2.1)
        await #expect { _ = try await self.forward(sale, with: client) } throws: {
            self.code(of: $0) == .offlineSaleExpired
        }
        #expect(try await catalog.signIn("bookkeeper").charges(school: "demo-high", date: nil).charges.isEmpty)
        try await catalog.stop()
    }

    @Test("a revoked station's kept sales are refused, and it cannot enroll again", arguments: CatalogBackend.all)
    func revoked(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = try await catalog.signIn()
        let station = Station()
        _ = try await station.enroll(client)
        let sale = try station.keptSale(catalog, cardKey: try await client.cardKey(), hoursAgo: 1)
        let bookkeeper = try await catalog.signIn("bookkeeper")
        await #expect { _ = try await client.revokeStation(station.id) } throws: { self.code(of: $0) == .forbidden }
        let revoked = try await bookkeeper.revokeStation(station.id)
        #expect(revoked.revokedAt != nil)
        #expect(try await bookkeeper.stations().stations.map(\.id) == [station.id])
        await #expect { _ = try await self.forward(sale, with: client) } throws: {
            self.code(of: $0) == .stationRevoked
        }
        await #expect { _ = try await station.enroll(client) } throws: { self.code(of: $0) == .stationRevoked }
        try await catalog.stop()
    }

    @Test("unenrolled, another account's, or changed after signing: refused", arguments: CatalogBackend.all)
    func notTheStations(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = try await catalog.signIn()
        let cardKey = try await client.cardKey()
        let stranger = Station()
        await #expect {
            _ = try await self.forward(try stranger.keptSale(catalog, cardKey: cardKey, hoursAgo: 1), with: client)
        } throws: { self.code(of: $0) == .stationUnknown }
        let station = Station()
        _ = try await station.enroll(client)
        var sale = try station.keptSale(catalog, cardKey: cardKey, hoursAgo: 1)
        sale.request.items[0].quantity = 3
        await #expect { _ = try await self.forward(sale, with: client) } throws: {
            self.code(of: $0) == .offlineSignatureInvalid
        }
        try await catalog.stop()
    }

    @Test(
        "the card key rotates while a sale waits: the old key still opens it, and only kept sales",
        arguments: CatalogBackend.all)
    func keyRotation(_ backend: CatalogBackend) async throws {
        var catalog = try await TestCatalog.start(backend)
        var client = try await catalog.signIn()
        let station = Station()
        _ = try await station.enroll(client)
        let oldKey = try await client.cardKey()
        let kept = try station.keptSale(catalog, cardKey: oldKey, hoursAgo: 1)
        try await catalog.stop()
        let newID = try CatalogSecrets.rotateCardKey(
            directory: catalog.directory.appendingPathComponent("catalog.secrets").path)
        catalog = try await TestCatalog.start(backend, restarting: catalog)
        client = try await catalog.signIn()
        #expect(try await client.cardKey().keyID == newID && newID != oldKey.keyID)
        let receipt = try await forward(kept, with: client)
        #expect(receipt.status == .approved)
        // An ordinary charge sealed to the old key is refused: only kept sales may use it.
        var online = client
        online.now = { Date() }
        let binding = ChargeBinding(
            idempotencyKey: "online-old-key", school: "demo-high", account: "volunteer",
            items: [ChargeItem(product: "high-game-ticket", quantity: 1)], sealedAt: catalog.clock.now)
        let sealed = try sealer(for: oldKey).seal(
            CardPayload(pan: SensitiveBytes(utf8: WellKnownTestCard.mastercard), expiry: "3012"), for: binding)
        let body = try APICoding.encoder().encode(
            ChargeRequest(school: "demo-high", items: binding.items, entry: .swipe, card: sealed))
        await #expect { _ = try await online.forward(request: body, idempotencyKey: "online-old-key") } throws: {
            self.code(of: $0) == .cardUnreadable
        }
        try await catalog.stop()
    }
}
