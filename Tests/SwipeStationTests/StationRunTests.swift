import AsyncHTTPClient
import Foundation
import SwipeCards
import SwipeCatalogAPI
import SwipeTestSupport
import Testing

/// `swipe run` and `swipe journal` as the Pi runs them: the built binary, real ALSA
/// capture through the `file` plugin, the reference catalog on loopback.
@Suite("swipe run: the station at the event", .serialized)
struct StationRunTests {
    @Test("catalog.url listing two servers, the first one down: the station signs in to the second and sells")
    func failsOverToTheNextServer() async throws {
        let scratch = try Scratch("station-failover")
        defer { scratch.remove() }
        let catalog = try await StationCatalog.start(in: scratch)
        defer { catalog.stop() }
        let feed = try SwipeFeed(path: scratch.path("reader.fifo"))
        defer { feed.close() }
        let station = try StationProcess(
            scratch: scratch, catalogURL: "http://127.0.0.1:\(LoopbackPort.free()), \(catalog.url)",
            audioFile: feed.path)
        try station.start()
        let signedIn = try await station.signedIn()
        #expect(signedIn, "\(station.log)")
        try await feed.swipe(WellKnownTestCard.visa)
        let sold = try await eventually(60) {
            try await station.journalLines().first?["status"] as? String == "approved"
        }
        #expect(sold, "\(station.log)")
        #expect(try await catalog.charges().count == 1)
        #expect(await station.stop(SIGTERM) == 0)
    }

    @Test("event mode from ALSA capture: sells, journals, answers /metrics, plays the tones, stops on SIGTERM")
    func eventMode() async throws {
        let scratch = try Scratch("station")
        defer { scratch.remove() }
        let catalog = try await StationCatalog.start(in: scratch)
        defer { catalog.stop() }
        let feed = try SwipeFeed(path: scratch.path("reader.fifo"))
        defer { feed.close() }
        let station = try StationProcess(scratch: scratch, catalogURL: catalog.url, audioFile: feed.path, tones: true)
        try station.start()
        // Swipes once the station has signed in (on a loaded machine the first sign-in can take a while).
        let signedIn = try await station.signedIn()
        #expect(signedIn, "\(station.log)")
        try await feed.swipe([WellKnownTestCard.visa, WellKnownTestCard.visaDeclined, WellKnownTestCard.mastercard])
        let settled = try await eventually(60) {
            let lines = try await station.journalLines()
            return lines.count == 3 && !lines.contains { $0["status"] as? String == "pending" }
        }
        #expect(settled, "\(station.log)")
        let lines = try await station.journalLines()
        #expect(lines.map { $0["status"] as? String } == ["approved", "declined", "approved"])
        for line in lines {
            #expect(line["receipt"] is String && line["totalCents"] as? Int == 540)
            #expect(line["product"] as? String == "high-game-ticket" && line["quantity"] as? Int == 1)
            #expect(line["key"] is String && line["at"] is String)
        }
        let metrics = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(station.httpPort)/metrics"), timeout: .seconds(5))
        let text = String(buffer: try await metrics.body.collect(upTo: 1 << 20))
        #expect(metrics.status.code == 200)
        #expect(text.contains(#"swipe_charges_total{outcome="approved"} 2"#), "\(text)")
        #expect(text.contains(#"swipe_swipes_total{source="usb"} 0"#))
        #expect(text.contains("swipe_catalog_reachable 1"))
        #expect(text.contains("swipe_charge_duration_seconds_bucket"))
        #expect(text.contains(#"swipe_reader_connected{kind="audio"} 1"#), "\(text)")
        #expect(text.contains(#"swipe_reader_connected{kind="usb"} 0"#))
        #expect(text.contains("swipe_voids_total 0"))
        // Every series says what it is.
        for name in text.split(separator: "\n").filter({ $0.hasPrefix("# TYPE ") }).map({ $0.split(separator: " ")[2] })
        {
            #expect(text.contains("# HELP \(name) "), "no # HELP for \(name)")
        }
        // Each tone opens the playback PCM anew, and the file plugin starts its file again: the file
        // holds the last tone, 16-bit at 44.1 kHz: approved 0.25 s (two beeps), declined 0.45 s.
        let toneSizes = [2 * 11_025, 2 * 19_845]
        #expect(
            try await eventually(20) {
                toneSizes.contains(
                    (try? FileManager.default.attributesOfItem(atPath: station.tonesFile)[.size] as? Int) ?? 0)
            })
        #expect(await station.stop(SIGTERM) == 0, "\(station.log)")
        #expect(station.log.contains("station stopped"))
        #expect(try await catalog.charges().count == 3)
        for number in WellKnownTestCard.all {
            #expect(!station.log.contains(number))
            #expect(try Data(contentsOf: URL(fileURLWithPath: station.journal)).range(of: Data(number.utf8)) == nil)
        }
    }

    @Test(
        "a wrong or missing setting: exit 2 and one line naming the key",
        arguments: [
            ("catalog:\n  district: Demo District\n", "catalog.url: missing"),
            ("catalgo:\n  url: http://x\n", "catalgo: unknown section"),
            ("reader:\n  rate: 1000\n", "reader.rate: '1000' is not a whole number from 8000 to 192000"),
            ("reader:\n  sourse: audio\n", "reader.sourse: unknown setting"),
            ("sale:\n  mode: event\n", "sale.product: missing: event mode needs"),
            ("sale:\n  mode: kiosk\n", "sale.mode: 'kiosk' is not one of console, event"),
            ("http:\n  listen: everywhere\n", "http.listen: 'everywhere' is not HOST:PORT"),
            ("reader: [1, 2\n", "is not valid YAML"),
        ])
    func badConfiguration(section: String, expected: String) async throws {
        let scratch = try Scratch("config")
        defer { scratch.remove() }
        let password = scratch.path("password")
        _ = FileManager.default.createFile(
            atPath: password, contents: Data("x".utf8), attributes: [.posixPermissions: 0o600])
        let catalog = """
            catalog:
              url: http://127.0.0.1:9
              district: Demo District
              school: Demo High
              user: volunteer
              passwordFile: \(password)

            """
        let journal = "journal:\n  path: \(scratch.path("journal.sqlite"))\n"
        // The case's section replaces the catalog section or comes after it.
        let file = (section.hasPrefix("catalog:") ? section : catalog + section) + journal
        try file.write(toFile: scratch.path("station.yaml"), atomically: true, encoding: .utf8)
        let config = scratch.path("station.yaml")
        let result = try await offPool { try SwipeBinary.run(["run", "--config", config]) }
        #expect(result.status == 2)
        let lines = result.err.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains(expected), "\(result.err)")
    }

    @Test("a password file other users can read is refused")
    func exposedPassword() async throws {
        let scratch = try Scratch("config")
        defer { scratch.remove() }
        let password = scratch.path("password")
        _ = FileManager.default.createFile(
            atPath: password, contents: Data("x".utf8), attributes: [.posixPermissions: 0o644])
        try """
        catalog:
          url: http://127.0.0.1:9
          district: Demo District
          school: Demo High
          user: volunteer
          passwordFile: \(password)
        journal:
          path: \(scratch.path("journal.sqlite"))
        """.write(toFile: scratch.path("station.yaml"), atomically: true, encoding: .utf8)
        let config = scratch.path("station.yaml")
        let result = try await offPool { try SwipeBinary.run(["run", "--config", config]) }
        #expect(result.status == 2 && result.err.contains("catalog.passwordFile") && result.err.contains("chmod 600"))
    }

    @Test("the catalog unreachable at start is not fatal: the station runs and says so")
    func catalogAbsentAtStart() async throws {
        let scratch = try Scratch("station")
        defer { scratch.remove() }
        try Data(count: 88_200).write(to: URL(fileURLWithPath: scratch.path("quiet.raw")))
        let station = try StationProcess(
            scratch: scratch, catalogURL: "http://127.0.0.1:9", audioFile: scratch.path("quiet.raw"))
        try station.start()
        #expect(try await eventually(30) { station.log.contains("sales are refused until the catalog answers") })
        #expect(station.process?.isRunning == true)
        #expect(await station.stop(SIGTERM) == 0)
    }

    @Test("SIGTERM during a charge: the charge completes and is journaled before exit")
    func sigtermMidCharge() async throws {
        let scratch = try Scratch("station")
        defer { scratch.remove() }
        let catalog = try await StationCatalog.start(in: scratch)
        defer { catalog.stop() }
        let proxy = try await CatalogProxy.start(to: catalog.url)
        defer { proxy.stop() }
        proxy.set(.slowCharges(.milliseconds(1_500)))  // under the 5 s timeout: slow, not lost
        try TestSwipes.raw([WellKnownTestCard.visa]).write(to: URL(fileURLWithPath: scratch.path("swipes.raw")))
        let station = try StationProcess(scratch: scratch, catalogURL: proxy.url, audioFile: scratch.path("swipes.raw"))
        try station.start()
        #expect(try await eventually(60) { try await station.journalLines().first?["status"] as? String == "pending" })
        #expect(await station.stop(SIGTERM) == 0, "\(station.log)")
        let lines = try await station.journalLines()
        #expect(lines.count == 1 && lines[0]["status"] as? String == "approved" && lines[0]["receipt"] is String)
        #expect(try await catalog.charges().map(\.status) == [.approved])
    }
}
