import AsyncHTTPClient
import Foundation
import Logging
import SwipeCards
import SwipeCatalogAPI
import SwipeCatalogClient
import SwipeTestSupport
import Testing

@testable import SwipeStation

/// The station against a catalog (or a network) that misbehaves: answers that never
/// finish, redirects, receipts for another sale, and a system without randomness.
@Suite("Selling against a hostile catalog", .serialized)
struct HostileCatalogTests {
    typealias Bench = SaleControllerTests.Bench

    @Test("a charge answer sent a byte a second ends at the timeout as unknown, voided by key: charged once, voided")
    func trickledAnswer() async throws {
        let bench = try await Bench.start(timeout: 3)
        defer { bench.stop() }
        bench.proxy.set(.trickleCharges)
        let started = ContinuousClock.now
        let outcome = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa))
        let took = ContinuousClock.now - started
        #expect(outcome.kind == .notCompleted, "\(outcome.message)")
        #expect(try await eventually(5) { await !bench.connection.isReachable }, "the catalog's health turns red")
        // The charge's deadline (3 s) and the void's, not the body's 800 seconds.
        #expect(took < .seconds(10), "took \(took)")
        let charges = try await bench.catalog.charges()
        #expect(charges.count == 1 && charges.first?.status == .voided, "\(charges.map(\.status))")
        #expect(try await bench.today().map(\.status) == [.notCompleted])
    }

    @Test("a catalog that stops answering is noticed within 5 s, and its return within 5 s")
    func healthNoticedFast() async throws {
        let bench = try await Bench.start()
        defer { bench.stop() }
        let watching = Task { await bench.connection.run() }
        defer { watching.cancel() }
        #expect(await bench.connection.isReachable)
        bench.proxy.set(.hang)
        let stopped = ContinuousClock.now
        #expect(try await eventually(10) { await !bench.connection.isReachable })
        let noticed = ContinuousClock.now - stopped
        #expect(noticed < .seconds(5), "noticed after \(noticed)")
        #expect(bench.metrics.exposition().contains("swipe_catalog_reachable 0"))
        bench.proxy.set(.pass)
        let back = ContinuousClock.now
        #expect(try await eventually(10) { await bench.connection.isReachable })
        let recovered = ContinuousClock.now - back
        #expect(recovered < .seconds(5), "back after \(recovered)")
    }

    @Test("a redirect is never followed: the target gets nothing, the error names it, credentials stay home")
    func redirectNotFollowed() async throws {
        let bench = try await Bench.start()
        defer { bench.stop() }
        let elsewhere = try await CatalogProxy.start(to: bench.catalog.url)
        defer { elsewhere.stop() }
        elsewhere.set(.failCharges)  // it would answer 500 to a charge, were one forwarded
        bench.proxy.set(.redirect(to: elsewhere.url))
        let client = CatalogClient(baseURL: bench.proxy.url, logger: Logger(label: "test"))
        do {
            _ = try await client.login(district: "Demo District", username: "volunteer", password: "demo-volunteer")
            Issue.record("a redirect was followed")
        } catch let error as CatalogClientError {
            guard case .redirected(let status, let location) = error else {
                Issue.record("not a redirect error: \(error)")
                return
            }
            #expect(status == 307 && location?.hasPrefix(elsewhere.url) == true)
            #expect(error.description.contains(elsewhere.url))
        }
        let outcome = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa))
        #expect(outcome.kind != .approved)
        #expect(try await bench.catalog.charges().isEmpty, "nothing reached the catalog through the redirect")
    }

    @Test("a receipt for another amount or another card is not journaled as approved: the charge is voided")
    func forgedReceipt() async throws {
        let bench = try await Bench.start()
        defer { bench.stop() }
        bench.proxy.set(
            .forgeReceipts { receipt in
                receipt["totalCents"] = -999_999
                receipt["last4"] = "0000"
            })
        let outcome = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa))
        #expect(outcome.kind == .notCompleted, "\(outcome.message)")
        let sale = try #require(try await bench.today().first)
        #expect(sale.status == .notCompleted)
        #expect(sale.message?.contains("did not match") == true && sale.message?.contains("another card") == true)
        #expect(try await bench.catalog.charges().map(\.status) == [.voided])
    }

    @Test("no randomness for a key: the sale is refused in words, nothing is sent")
    func noRandomness() async throws {
        let bench = try await Bench.start()
        defer { bench.stop() }
        var sale = StationConfiguration.Sale()
        sale.mode = .event
        sale.product = "high-game-ticket"
        for source in [FailingRandom() as any SecureRandomSource, ZeroRandom()] {
            let controller = SaleController(
                settings: sale, journal: bench.journal, connection: bench.connection, metrics: bench.metrics,
                keys: IdempotencyKeys(random: source), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
            let outcome = await controller.handle(try TestSwipes.heard(WellKnownTestCard.visa))
            #expect(outcome.kind == .refused && outcome.message.contains("secure sale key"), "\(outcome.message)")
        }
        #expect(try await bench.catalog.charges().isEmpty)
    }
}

/// A generator that always fails, as `getrandom` would with no entropy source.
struct FailingRandom: SecureRandomSource {
    func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(RandomnessUnavailable) {
        throw RandomnessUnavailable("test: no randomness")
    }
}

/// A generator that gives zeros, as `UUID()` does when `/dev/urandom` cannot be opened.
struct ZeroRandom: SecureRandomSource {
    func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(RandomnessUnavailable) {
        for index in buffer.indices { buffer[index] = 0 }
    }
}

/// The built `swipe run` behind a hostile catalog or network: a forged log line, an answer
/// that never ends, a redirect elsewhere; real sockets, real ALSA capture.
@Suite("swipe run against a hostile catalog", .serialized)
struct ForgedLogTests {
    @Test("a decline reason with a line break and escape codes stays on one line, without the codes")
    func forgedDeclineReason() async throws {
        let scratch = try Scratch("forged")
        defer { scratch.remove() }
        let catalog = try await StationCatalog.start(in: scratch)
        defer { catalog.stop() }
        let proxy = try await CatalogProxy.start(to: catalog.url)
        defer { proxy.stop() }
        let forged = "Declined.\n2026-12-06T10:00:00+0000 notice swipe.station: APPROVED Visa ••••4242 $999.00\u{1B}[2K"
        proxy.set(.forgeReceipts { receipt in receipt["declineReason"] = forged })
        let feed = try SwipeFeed(path: scratch.path("reader.fifo"))
        defer { feed.close() }
        let station = try StationProcess(scratch: scratch, catalogURL: proxy.url, audioFile: feed.path)
        try station.start()
        let signedIn = try await eventually(60) { station.log.contains("signed in to the catalog") }
        #expect(signedIn, "\(station.log)")
        try await feed.swipe(WellKnownTestCard.visaDeclined)
        #expect(try await eventually(60) { station.log.contains("DECLINED") }, "\(station.log)")
        let log = station.log
        #expect(!log.contains("\u{1B}"), "no escape code reaches the log")
        #expect(!log.split(separator: "\n").contains { $0.hasPrefix("2026-12-06T10:00:00") }, "no forged line")
        #expect(await station.stop(SIGTERM) == 0)
    }

    @Test("a catalog URL's user and password never reach the log")
    func urlCredentials() async throws {
        let scratch = try Scratch("credentials")
        defer { scratch.remove() }
        let station = try StationProcess(
            scratch: scratch, catalogURL: "http://operator:hunter2-secret@127.0.0.1:\(LoopbackPort.free())",
            audioFile: "/dev/null")
        try station.start()
        #expect(try await eventually(30) { station.log.contains("cannot be reached") }, "\(station.log)")
        #expect(!station.log.contains("hunter2-secret") && station.log.contains("…@127.0.0.1"), "\(station.log)")
        #expect(await station.stop(SIGTERM) == 0)
    }

    @Test("a charge answered a byte a second ends at timeoutSeconds as not completed, voided by key: charged once")
    func trickledCharge() async throws {
        let scratch = try Scratch("trickle")
        defer { scratch.remove() }
        let catalog = try await StationCatalog.start(in: scratch)
        defer { catalog.stop() }
        let proxy = try await CatalogProxy.start(to: catalog.url)
        defer { proxy.stop() }
        let feed = try SwipeFeed(path: scratch.path("reader.fifo"))
        defer { feed.close() }
        let station = try StationProcess(scratch: scratch, catalogURL: proxy.url, audioFile: feed.path)
        try station.start()
        #expect(try await eventually(60) { station.log.contains("signed in to the catalog") }, "\(station.log)")
        proxy.set(.trickleCharges)
        try await feed.swipe(WellKnownTestCard.visa)
        let started = ContinuousClock.now
        let settled = try await eventually(60) {
            try await station.journalLines().contains { $0["status"] as? String == "not_completed" }
        }
        let took = ContinuousClock.now - started
        #expect(settled, "\(station.log)")
        // timeoutSeconds is 5: the charge's deadline and the void's, never the body's minutes.
        #expect(took < .seconds(15), "settled after \(took)")
        proxy.set(.pass)
        #expect(try await catalog.charges().map(\.status) == [.voided])
        #expect(await station.stop(SIGTERM) == 0, "\(station.log)")
    }

    @Test("a catalog that redirects is never followed: the station says so and the target gets nothing")
    func redirectingCatalog() async throws {
        let scratch = try Scratch("redirect")
        defer { scratch.remove() }
        let catalog = try await StationCatalog.start(in: scratch)
        defer { catalog.stop() }
        let elsewhere = try await CatalogProxy.start(to: catalog.url)
        defer { elsewhere.stop() }
        let proxy = try await CatalogProxy.start(to: catalog.url)
        defer { proxy.stop() }
        proxy.set(.redirect(to: elsewhere.url))
        let station = try StationProcess(scratch: scratch, catalogURL: proxy.url, audioFile: "/dev/null")
        try station.start()
        #expect(try await eventually(30) { station.log.contains("answered with a redirect") }, "\(station.log)")
        #expect(station.log.contains(elsewhere.url), "the redirect's target is named")
        #expect(elsewhere.requestCount == 0, "nothing, the password least of all, went to the target")
        #expect(!station.log.contains("signed in to the catalog"))
        #expect(await station.stop(SIGTERM) == 0, "\(station.log)")
    }
}
