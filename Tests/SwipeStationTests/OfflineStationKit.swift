import AsyncHTTPClient
import Foundation
import Logging
import SwipeCards
import SwipeCatalogAPI
import SwipeCatalogClient
import Testing

@testable import SwipeStation

/// `swipe run` with offline selling on, its console signed in, behind a proxy that can take
/// the catalog away (as a dropped Wi-Fi does) and give it back.
struct OfflineStation {
    static let password = "offline-console-pass"

    let scratch: Scratch
    let catalog: StationCatalog
    let proxy: CatalogProxy
    let feed: SwipeFeed
    let station: StationProcess
    let console: ConsoleTestClient

    /// Runs `body` with a started station (``start(_:offline:)``), stopped afterwards whether
    /// `body` throws or not.
    static func run(
        _ name: String, offline: String, _ body: (OfflineStation) async throws -> Void
    ) async throws {
        let station = try await start(name, offline: offline)
        do { try await body(station) } catch {
            await station.stop()
            throw error
        }
        await station.stop()
    }

    /// Starts the catalog, the proxy and the station (console mode) with `offline` settings
    /// (YAML lines under `offline:`), and waits for its first sign-in.
    static func start(_ name: String, offline: String) async throws -> OfflineStation {
        let scratch = try Scratch(name)
        let catalog = try await StationCatalog.start(in: scratch)
        let proxy = try await CatalogProxy.start(to: catalog.url)
        let feed = try SwipeFeed(path: scratch.path("reader.fifo"))
        let station = try StationProcess.withConsole(
            scratch: scratch, catalogURL: proxy.url, audioFile: feed.path, mode: "console", password: password,
            extra: "offline:\n  enabled: true\n" + offline)
        try station.start()
        #expect(try await station.signedIn(), "\(station.log)")
        let anonymous = ConsoleTestClient(base: "http://127.0.0.1:\(station.httpPort)")
        guard let signedIn = try? await anonymous.signIn(password).client else {
            await anonymous.shutdown()
            await station.stop(SIGKILL)
            throw ConsoleSignInFailed()
        }
        return OfflineStation(
            scratch: scratch, catalog: catalog, proxy: proxy, feed: feed, station: station, console: signedIn)
    }

    /// `GET /api/status`.
    func status() async throws -> [String: Any] {
        try await console.send(.GET, "/api/status").json
    }

    /// The catalog stops answering; returns once the station says it keeps sales, which must be
    /// within 10 s: the station checks the catalog between sales, not only when a charge fails.
    @discardableResult
    func catalogDown() async throws -> Duration {
        let start = ContinuousClock.now
        proxy.set(.hang)
        let keeping = try await eventually(30) {
            let status = try await self.status()
            return status["catalogReachable"] as? Bool == false
                && (status["offline"] as? [String: Any])?["keeping"] as? Bool == true
        }
        #expect(keeping, "the station did not start keeping sales: \(station.log)")
        let noticed = ContinuousClock.now - start
        #expect(noticed < .seconds(10), "the catalog's silence noticed after \(noticed)")
        return noticed
    }

    /// The catalog answers again (through `mode`); returns once the station says so, which must be
    /// within 10 s.
    @discardableResult
    func catalogBack(_ mode: CatalogProxy.Mode = .pass) async throws -> Duration {
        let start = ContinuousClock.now
        proxy.set(mode)
        let back = try await eventually(30) { try await self.status()["catalogReachable"] as? Bool == true }
        #expect(back, "the station did not see the catalog back: \(station.log)")
        let noticed = ContinuousClock.now - start
        #expect(noticed < .seconds(10), "the catalog's return noticed after \(noticed)")
        return noticed
    }

    /// Arms `quantity` of `product`, swipes `number` and returns the outcome the station reports.
    func sell(_ product: String, quantity: Int = 1, card number: String) async throws -> [String: Any] {
        let before = (try await status()["recent"] as? [[String: Any]])?.count ?? 0
        let armed = try await console.send(
            .PUT, "/api/sale", body: #"{"product":"\#(product)","quantity":\#(quantity)}"#)
        #expect(armed.status == 200, "\(armed.text)")
        try await feed.swipe(number)
        var outcome: [String: Any] = [:]
        let heard = try await eventually(30) {
            let recent = try await self.status()["recent"] as? [[String: Any]] ?? []
            guard recent.count > before, let last = recent.last else { return false }
            outcome = last
            return true
        }
        #expect(heard, "no outcome for the swipe: \(station.log)")
        return outcome
    }

    /// Sales still kept in the journal.
    func kept() async throws -> [(sale: JournalSale, request: Data)] {
        try await SaleJournal.reading(path: station.journal).kept()
    }

    /// `/metrics` as text.
    func metrics() async throws -> String {
        let answer = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(station.httpPort)/metrics"), timeout: .seconds(5))
        return String(buffer: try await answer.body.collect(upTo: 1 << 20))
    }

    /// A client of the catalog itself (not the proxy), signed in as `user`.
    func catalogClient(_ user: String) async throws -> CatalogClient {
        var client = CatalogClient(
            baseURL: catalog.url, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let login = try await client.login(district: "Demo District", username: user, password: "demo-\(user)")
        client.token = login.token
        client.account = login.username
        return client
    }

    /// Every file of the station (journal, its WAL, logs) is free of the well-known card numbers.
    func expectNoCardData() {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: scratch.folder.path)) ?? []
        var scanned = 0
        for file in files where file.hasPrefix("journal") || (file.hasPrefix("station-") && file.hasSuffix(".log")) {
            guard let data = FileManager.default.contents(atPath: scratch.path(file)) else { continue }
            scanned += 1
            for number in WellKnownTestCard.all {
                #expect(data.range(of: Data(number.utf8)) == nil, "a card number reached \(file)")
            }
        }
        #expect(scanned >= 2)
    }

    func stop() async {
        await station.stop(SIGTERM)
        await console.shutdown()
        feed.close()
        proxy.stop()
        catalog.stop()
        scratch.remove()
    }
}

/// The test could not sign in to the station's console.
struct ConsoleSignInFailed: Error {}
