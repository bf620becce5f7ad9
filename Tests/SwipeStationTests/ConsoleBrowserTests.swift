import Foundation
import SwipeCards
import SwipeCatalogAPI
import SwipeTestSupport
import Testing

/// The operator console in headless Chromium, against the built `swipe run` with
/// real ALSA capture (the `file` plugin over a FIFO the test swipes into) and the
/// reference catalog on loopback: what a volunteer does at the table.
///
/// Screenshots are kept in the test's scratch folder, and copied to
/// `$SWIPE_SCREENSHOTS` when it is set (`docs/console/` holds the README's).
@Suite("The console in a real browser", .serialized)
struct ConsoleBrowserTests {
    static let password = "table-password-1"

    @Test(
        "sign in, arm, swipe, charging then approved, void; a refused card; the test charge; event mode; the catalog stopped turns the status red"
    )
    func volunteerAtTheTable() async throws {
        let scratch = try Scratch("console-browser")
        defer { scratch.remove() }
        let catalog = try await StationCatalog.start(in: scratch)
        var catalogRunning = true
        defer { if catalogRunning { catalog.stop() } }
        // The station reaches the catalog through a proxy that can slow a charge down.
        let proxy = try await CatalogProxy.start(to: catalog.url)
        defer { proxy.stop() }
        let feed = try SwipeFeed(path: scratch.path("reader.fifo"))
        defer { feed.close() }
        let station = try StationProcess.withConsole(
            scratch: scratch, catalogURL: proxy.url, audioFile: feed.path, mode: "console", password: Self.password)
        try station.start()
        let browser: WebDriver
        do { browser = try await WebDriver(scratch: scratch, width: 360, height: 800) } catch {
            await station.stop(SIGKILL)
            throw error
        }
        do {
            try await atTheTable(
                station: station, browser: browser, catalog: catalog, proxy: proxy, feed: feed, scratch: scratch)
            catalogRunning = false
        } catch {
            // What the station said is the first thing to read when the console did not answer.
            Issue.record("the station's log ends: \(station.log.suffix(2_000))")
            await browser.quit()
            await station.stop(SIGKILL)
            throw error
        }
        await browser.quit()
    }

    private func atTheTable(
        station: StationProcess, browser: WebDriver, catalog: StationCatalog, proxy: CatalogProxy, feed: SwipeFeed,
        scratch: Scratch
    ) async throws {
        let base = "http://127.0.0.1:\(station.httpPort)"
        let shots = Screenshots(scratch: scratch, browser: browser)
        try await browser.viewport(width: 360, height: 760, mobile: true)

        // Signing in: the console is behind the password.
        try await browser.wait(60, "the station's console answers") {
            guard (try? await browser.open(base + "/")) != nil else { return false }
            return try await browser.currentURL.hasSuffix("/login")
        }
        try await shots.take("console-sign-in")
        try await browser.type("not the password", into: "#password")
        try await browser.click("#sign-in")
        try await browser.wait(20, "a wrong password is refused") {
            try await browser.text("#login-problem").contains("not the console password")
        }
        try await browser.type(Self.password, into: "#password")
        try await browser.click("#sign-in")
        try await browser.wait(20, "signed in, the tiles show") {
            try await browser.element("#tile-high-game-ticket") != nil
        }
        try await browser.wait(60, "the status bar: reader connected, catalog reachable, nothing pending") {
            let catalog = try await browser.classes("#status-catalog")
            let reader = try await browser.classes("#status-reader")
            let pending = try await browser.classes("#status-pending")
            return catalog.contains("ok") && reader.contains("ok") && pending.contains("ok")
        }
        #expect(try await browser.text("#status-mode") == "Event mode: off")
        // Tones and vibration on this phone, switched on with a tap.
        try await browser.click("#sound")
        #expect(try await browser.text("#sound") == "Sound on this phone: on")

        // A quantity out of 1-100 is refused in words, not cut down.
        try await browser.click("#tile-high-game-ticket")
        _ = try await browser.run("document.getElementById('quantity').value = '250'")
        try await browser.click("#arm")
        try await browser.wait(20, "the quantity is refused") {
            try await browser.text("#result").contains("whole number from 1 to 100")
        }
        #expect(try await browser.classes("#result").contains("error"))
        _ = try await browser.run("document.getElementById('quantity').value = '1'")

        // A sale: two game tickets, armed, swiped, approved live.
        try await browser.click("#tile-high-game-ticket")
        try await browser.click("#plus")
        try await shots.take("console-phone-order")
        try await browser.click("#arm")
        try await browser.wait(20, "the sale is armed") {
            try await browser.classes("#result").contains("armed")
        }
        #expect(try await browser.text("#result").contains("Swipe the card now"))
        // The catalog answers this charge slowly: the page says at once that it is charging, then
        // that it is still waiting, and never invites a second swipe.
        proxy.set(.slowCharges(.seconds(4)))
        try await feed.swipe(WellKnownTestCard.visa)
        try await browser.wait(20, "the charge's start shows at once") {
            try await browser.classes("#result").contains("charging")
        }
        let charging = try await browser.text("#result")
        #expect(charging.contains("Charging $10.55 · Visa ••••4242 · do not swipe again"), "\(charging)")
        try await shots.take("console-phone-charging")
        try await browser.wait(20, "a slow catalog is said to be slow") {
            try await browser.text("#result").contains("Still waiting for the school-payments server")
        }
        try await browser.wait(60, "the sale is approved on the page, without a reload") {
            try await browser.classes("#result").contains("approved")
        }
        proxy.set(.pass)
        let approved = try await browser.text("#result")
        #expect(approved.contains("Approved $10.55") && approved.contains("Visa ••••4242"), "\(approved)")
        #expect(approved.contains("receipt ch_"), "\(approved)")
        #expect(!approved.contains(WellKnownTestCard.visa))
        try await shots.take("console-phone-approved")
        #expect(try await browser.run("return document.body.dataset.lastTone") as? String == "approved")

        // Sales: the sale, voided with one confirmation. The views are a real tab list.
        #expect(try await browser.run("return document.querySelectorAll('h1').length") as? Int == 1)
        try await browser.click("#tab-sales")
        #expect(
            try await browser.run("return document.getElementById('tab-sales').getAttribute('aria-selected')")
                as? String == "true")
        #expect(
            try await browser.run("return document.getElementById('tab-sell').getAttribute('aria-selected')")
                as? String == "false")
        try await browser.wait(20, "today's sale is listed with a Void button") {
            try await browser.element("#sales-list li button.void") != nil
        }
        #expect(try await browser.text("#sales-list li").contains("Football game ticket × 2 · $10.55"))
        try await browser.click("#sales-list li button.void")
        #expect(try await browser.text("#sales-list li button.void").contains("Confirm void of $10.55"))
        try await shots.take("console-phone-sales-void")
        try await browser.click("#sales-list li button.void")
        try await browser.wait(30, "the sale shows voided") {
            try await browser.text("#sales-list li .badge") == "voided"
        }
        #expect(try await catalog.charges().map(\.status) == [.voided])

        // A card the device refuses: never sent, the reason in words.
        try await browser.click("#tab-sell")
        try await browser.click("#tile-high-game-ticket")
        try await browser.click("#arm")
        try await browser.wait(20, "armed again") { try await browser.classes("#result").contains("armed") }
        try await feed.swipe(WellKnownTestCard.amex, seed: 11)
        try await browser.wait(60, "the refusal shows") {
            try await browser.classes("#result").contains("refused")
        }
        let refused = try await browser.text("#result")
        #expect(refused.contains("not accepted"), "\(refused)")
        #expect(try await browser.run("return document.body.dataset.lastTone") as? String == "refused")
        try await shots.take("console-phone-refused")
        #expect(try await catalog.charges().count == 1, "the refused card was never sent")

        // The bookkeeper's test charge: one cent plus the fee, charged and voided in one swipe.
        try await browser.click("#tab-sales")
        try await browser.click("#test-charge")
        try await browser.wait(20, "the test charge is armed") {
            try await browser.text("#result").contains("test charge")
        }
        try await feed.swipe(WellKnownTestCard.mastercard, seed: 13)
        try await browser.wait(60, "the test charge is approved and voided") {
            try await browser.classes("#result").contains("voided")
        }
        #expect(try await browser.text("#result").contains("Test charge approved and voided"))
        #expect(try await catalog.charges().map(\.status) == [.voided, .voided])

        // Event mode, switched on from its tab: every swipe buys the ticket, no arming.
        try await browser.click("#tab-event")
        _ = try await browser.run(
            "const s = document.getElementById('event-product'); s.value = 'high-game-ticket';"
                + " s.dispatchEvent(new Event('change'));")
        try await browser.click("#event-on")
        try await browser.wait(20, "the status says event mode is on") {
            try await browser.text("#status-mode") == "Event mode: Football game ticket"
        }
        try await feed.swipe(WellKnownTestCard.visa2, seed: 17)
        try await browser.wait(60, "the swipe is sold without arming") {
            try await browser.classes("#result").contains("approved")
        }
        #expect(try await browser.text("#result").contains("Approved $5.40 · Visa ••••1111"))
        try await shots.take("console-phone-event-mode")
        try await browser.click("#tab-event")
        try await browser.click("#event-off")
        try await browser.wait(20, "event mode is off again") {
            try await browser.text("#status-mode") == "Event mode: off"
        }
        try await browser.click("#tab-sell")
        try await browser.click("#tile-high-game-ticket")
        try await browser.click("#arm")
        try await browser.wait(20, "armed for the tablet picture") {
            try await browser.classes("#result").contains("armed")
        }

        // A tablet: the same console, tiles in columns.
        try await browser.viewport(width: 1024, height: 768, mobile: false)
        try await browser.click("#cancel")
        try await browser.wait(20, "the armed sale is cancelled") {
            try await browser.text("#result").contains("Cancelled")
        }
        try await shots.take("console-tablet")

        // The catalog stops answering with a sale armed: noticed within 5 s, a swipe then refused in
        // words at once; when it answers again, the status turns green and the red message goes.
        try await browser.viewport(width: 360, height: 760, mobile: true)
        try await browser.click("#tile-high-game-ticket")
        try await browser.click("#arm")
        try await browser.wait(20, "armed before the catalog stops") {
            try await browser.classes("#result").contains("armed")
        }
        proxy.set(.hang)
        let stopped = ContinuousClock.now
        try await browser.wait(20, "the catalog status turns red") {
            try await browser.classes("#status-catalog").contains("bad")
        }
        let noticed = ContinuousClock.now - stopped
        #expect(noticed < .seconds(5), "noticed after \(noticed)")
        #expect(try await browser.text("#status-catalog") == "Catalog: unreachable")
        #expect(try await browser.text("#problem").contains("cannot be reached"))
        try await feed.swipe(WellKnownTestCard.visa2, seed: 19)
        let swiped = ContinuousClock.now
        try await browser.wait(20, "the swipe is refused in words") {
            try await browser.classes("#result").contains("refused")
        }
        let refusedAfter = ContinuousClock.now - swiped
        #expect(refusedAfter < .seconds(1), "refused after \(refusedAfter)")
        let words = try await browser.text("#result")
        #expect(words.contains("Not charged: the school-payments server cannot be reached"), "\(words)")
        try await shots.take("console-phone-catalog-down")
        proxy.set(.pass)
        let back = ContinuousClock.now
        try await browser.wait(20, "the catalog status turns green again") {
            try await browser.classes("#status-catalog").contains("ok")
        }
        #expect(ContinuousClock.now - back < .seconds(5), "recovered after \(ContinuousClock.now - back)")
        try await browser.wait(5, "the red message clears") {
            try await browser.run("return document.getElementById('problem').hidden") as? Bool == true
        }
        catalog.stop()

        for number in WellKnownTestCard.all { #expect(!station.log.contains(number)) }
        #expect(await station.stop(SIGTERM) == 0, "the station stops cleanly with a console open: \(station.log)")
    }
}

/// Screenshots of the browser's window, as PNG files.
struct Screenshots {
    let scratch: Scratch
    let browser: WebDriver

    func take(_ name: String) async throws {
        let png = try await browser.screenshot()
        try png.write(to: URL(fileURLWithPath: scratch.path(name + ".png")))
        if let folder = ProcessInfo.processInfo.environment["SWIPE_SCREENSHOTS"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try png.write(to: URL(fileURLWithPath: folder).appendingPathComponent(name + ".png"))
        }
    }
}
