import Foundation
import GRDB
import Logging
import SwipeCards
import SwipeCatalogAPI
import Testing

@testable import SwipeStation

/// The sale controller against the real catalog (through a proxy that fails the
/// ways networks do) with a real journal file.
@Suite("Selling: refusals, duplicates and faults", .serialized)
struct SaleControllerTests {
    struct Bench {
        let scratch: Scratch
        let catalog: StationCatalog
        let proxy: CatalogProxy
        let journal: SaleJournal
        let connection: CatalogConnection
        let controller: SaleController
        let metrics: StationMetrics
        /// Every outcome, as the console hears it.
        let events: StationEvents

        /// `timeout`: the client's time per request (the whole suite runs in parallel on two cores: keep it generous).
        static func start(
            window: Double = 5, mode: StationConfiguration.Sale.Mode = .event, timeout: Int = 10
        ) async throws -> Bench {
            let scratch = try Scratch("sale")
            let catalog = try await StationCatalog.start(in: scratch)
            let proxy = try await CatalogProxy.start(to: catalog.url)
            var settings = StationConfiguration.Catalog(
                url: proxy.url, district: "Demo District", school: "Demo High", user: "volunteer",
                password: "demo-volunteer")
            settings.timeoutSeconds = timeout
            let logger = Logger(label: "test.station") { _ in SwiftLogNoOpLogHandler() }
            let metrics = StationMetrics()
            let journal = try SaleJournal(path: scratch.path("journal.sqlite"))
            let connection = CatalogConnection(
                settings: settings, httpClient: .shared, metrics: metrics, logger: logger)
            let deadline = ContinuousClock.now + .seconds(30)
            while !(await connection.isReachable), ContinuousClock.now < deadline { _ = await connection.step() }
            try #require(await connection.isReachable, "signed in to the test catalog")
            var sale = StationConfiguration.Sale()
            sale.mode = mode
            sale.product = mode == .event ? "high-game-ticket" : nil
            sale.duplicateWindowSeconds = window
            let events = StationEvents(tickInterval: .milliseconds(200))
            let controller = SaleController(
                settings: sale, journal: journal, connection: connection, metrics: metrics,
                observer: { events.publish(.outcome($0)) }, progressObserver: { events.publish(.progress($0)) },
                logger: logger)
            return Bench(
                scratch: scratch, catalog: catalog, proxy: proxy, journal: journal, connection: connection,
                controller: controller, metrics: metrics, events: events)
        }

        func stop() {
            journal.close()
            proxy.stop()
            catalog.stop()
            scratch.remove()
        }

        var parts: StationParts { parts(consolePassword: nil) }

        func parts(consolePassword: String?) -> StationParts {
            StationParts(
                metrics: metrics, connection: connection, controller: controller, journal: journal,
                readers: ReaderStatus(), setup: ReaderSetup(), events: events,
                sessions: ConsoleSessions(password: consolePassword),
                images: ProductImages(
                    folder: URL(fileURLWithPath: scratch.path("product-images")), connection: connection,
                    logger: Logger(label: "test.images") { _ in SwiftLogNoOpLogHandler() }))
        }

        func today() async throws -> [JournalSale] { try await journal.sales(day: EasternCalendar.dayString(Date())) }
    }

    @Test("approved, declined, refused on the device; the journal holds brand and last 4, never the number")
    func outcomes() async throws {
        let bench = try await Bench.start()
        defer { bench.stop() }
        #expect(await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa)).kind == .approved)
        #expect(await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visaDeclined)).kind == .declined)
        let expired = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.mastercard, expiry: "2001"))
        #expect(expired.kind == .refused && expired.message.contains("expired"))
        let amex = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.amex))
        #expect(amex.kind == .refused && amex.message.contains("not accepted"))
        let sales = try await bench.today()
        #expect(sales.map(\.status) == [.approved, .declined, .refused, .refused])
        #expect(sales[0].receipt != nil && sales[0].totalCents == 540 && sales[0].last4 == "4242")
        #expect(try await bench.catalog.charges().count == 2, "refused cards are never sent")
        let file = try Data(contentsOf: URL(fileURLWithPath: bench.journal.path))
        for number in WellKnownTestCard.all { #expect(file.range(of: Data(number.utf8)) == nil) }
        let metrics = bench.metrics.exposition()
        #expect(metrics.contains(#"swipe_charges_total{outcome="approved"} 1"#))
        #expect(metrics.contains(#"swipe_cards_refused_total{reason="expired"} 1"#))
    }

    @Test("the same card twice within the window for the same sale is one sale")
    func duplicate() async throws {
        let bench = try await Bench.start()
        defer { bench.stop() }
        #expect(await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa)).kind == .approved)
        let again = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa))
        #expect(again.kind == .duplicate)
        #expect(await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa2)).kind == .approved)
        #expect(try await bench.catalog.charges().count == 2)
    }

    @Test("the catalog down: a clear refusal, nothing sent, and the station says when it is back")
    func catalogDown() async throws {
        let bench = try await Bench.start()
        defer { bench.stop() }
        await bench.connection.lost("test: cable pulled")
        let refused = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa))
        #expect(refused.kind == .refused && refused.message.contains("cannot be reached"))
        #expect(try await bench.today().map(\.status) == [.refused])
        _ = await bench.connection.step()
        #expect(await bench.connection.isReachable)
        #expect(await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa2)).kind == .approved)
    }

    @Test("500 on every charge attempt: cancelled by key, nothing charged, the volunteer told to swipe again")
    func serverErrors() async throws {
        let bench = try await Bench.start()
        defer { bench.stop() }
        bench.proxy.set(.failCharges)
        let outcome = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa))
        #expect(outcome.kind == .notCompleted)
        #expect(try await bench.today().map(\.status) == [.notCompleted])
        #expect(try await bench.catalog.charges().isEmpty)
    }

    @Test("answers slower than the timeout: the charge made is voided by its key, never charged twice")
    func slowCatalog() async throws {
        let bench = try await Bench.start(timeout: 2)
        defer { bench.stop() }
        bench.proxy.set(.slowCharges(.seconds(3)))
        let outcome = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.mastercard))
        #expect(outcome.kind == .notCompleted)
        let charges = try await bench.catalog.charges()
        #expect(charges.count == 1 && charges[0].status == .voided, "one charge, voided: \(charges.map(\.status))")
        #expect(try await bench.today().map(\.status) == [.notCompleted])
    }

    @Test("a journal that cannot be written refuses the sale before any charge")
    func journalLocked() async throws {
        let bench = try await Bench.start()
        defer { bench.stop() }
        var unsafe = Configuration()
        unsafe.allowsUnsafeTransactions = true  // another program holding the journal's write lock
        let holder = try DatabaseQueue(path: bench.journal.path, configuration: unsafe)
        try await holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
        let outcome = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa))
        try await holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        #expect(outcome.kind == .refused && outcome.message.contains("journal"))
        #expect(try await bench.catalog.charges().isEmpty)
    }

    @Test("a sale a crash left pending is settled by key: the charge it made is voided")
    func settlesPending() async throws {
        let bench = try await Bench.start()
        defer { bench.stop() }
        // A charge made under a key, and the station gone before writing its outcome.
        let key = UUID().uuidString
        try await bench.journal.record(
            JournalSale(
                key: key, status: .pending, product: "high-game-ticket", quantity: 1, priceCents: nil, brand: "visa",
                last4: "4242", source: "test", message: nil, at: Date(), day: EasternCalendar.dayString(Date())))
        let session = try #require(await bench.connection.ready())
        let receipt = try await session.client.charge(
            school: session.school.id, items: [ChargeItem(product: "high-game-ticket", quantity: 1, priceCents: nil)],
            entry: .swipe, card: CardPayload(pan: SensitiveBytes(utf8: WellKnownTestCard.visa), expiry: "3012"),
            idempotencyKey: key)
        #expect(receipt.status == .approved)
        #expect(await bench.controller.settlePending() == 1)
        let settled = try #require(try await bench.journal.sale(key: key))
        #expect(settled.status == .notCompleted && settled.receipt == receipt.id)
        #expect(try await bench.catalog.charges().map(\.status) == [.voided])
    }
}
