import Foundation
import SwipeCards
import Testing

@testable import SwipeStation

/// The console at phone size while the school-payments server cannot be reached: what the
/// volunteer and the bookkeeper see of kept sales (Debian's chromium against `swipe run`).
@Suite("Console: selling offline", .serialized)
struct OfflineConsoleBrowserTests {
    @Test("offline in the status and in words, the kept sale with its tone, marked in Sales, then listed to collect")
    func keptSaleSeen() async throws {
        try await OfflineStation.run("offline-console", offline: "") { offline in
            let browser = try await WebDriver(scratch: offline.scratch, width: 360, height: 800)
            do {
                try await seen(offline, browser: browser)
            } catch {
                Issue.record("the station's log ends: \(offline.station.log.suffix(2_000))")
                await browser.quit()
                throw error
            }
            await browser.quit()
            offline.expectNoCardData()
        }
    }

    private func seen(_ offline: OfflineStation, browser: WebDriver) async throws {
        let shots = Screenshots(scratch: offline.scratch, browser: browser)
        try await browser.viewport(width: 360, height: 760, mobile: true)
        try await browser.open("http://127.0.0.1:\(offline.station.httpPort)/login")
        try await browser.type(OfflineStation.password, into: "#password")
        try await browser.click("#sign-in")
        try await browser.wait(60, "signed in, the school's pricing shown") {
            try await browser.text("#limits").contains("The school adds $0.25 + 3% to each sale")
        }
        try await browser.click("#sound")
        try await offline.catalogDown()
        try await browser.wait(20, "the status says offline, and that sales are kept") {
            let catalog = try await browser.text("#status-catalog")
            let problem = try await browser.text("#problem")
            return catalog == "Catalog: offline" && problem.contains("Offline: sales are kept on this station")
        }
        #expect(try await browser.text("#problem").contains("up to $50.00 a sale"))
        // A page opened while offline still offers what was on sale when the catalog last answered.
        try await browser.open("http://127.0.0.1:\(offline.station.httpPort)/")
        try await browser.wait(20, "the products are offered offline") {
            try await browser.element("#tile-high-game-ticket") != nil
        }
        try await browser.click("#sound")
        try await browser.click("#tile-high-game-ticket")
        try await browser.click("#add")
        try await browser.click("#arm")
        try await browser.wait(20, "the sale is armed offline") {
            try await browser.classes("#result").contains("armed")
        }
        try await offline.feed.swipe(WellKnownTestCard.visa)
        try await browser.wait(30, "the sale is kept, in words") {
            try await browser.classes("#result").contains("stored")
        }
        #expect(
            try await browser.text("#result").contains(
                "Sale kept: it will be sent when the school-payments server is back"))
        #expect(try await browser.text("#result").contains("$5.40 · Visa ••••4242"))
        #expect(try await browser.run("return document.body.dataset.lastTone") as? String == "kept")
        try await browser.wait(20, "the status counts what waits") {
            try await browser.text("#status-offline") == "Offline: 1 waiting · $5.40"
        }
        let axe = try AxeCheck()
        #expect(try await axe.violations(in: browser) == [], "offline Sell view")
        try await shots.take("console-phone-offline")

        try await browser.click("#tab-sales")
        try await browser.wait(20, "the kept sale is marked in Sales") {
            try await browser.text("#sales-list li .badge") == "kept offline"
        }
        // The Pi is lost: the bookkeeper revokes it; when the catalog is back its sale is refused, and listed.
        let bookkeeper = try await offline.catalogClient("bookkeeper")
        let station = try #require(try await bookkeeper.stations().stations.first)
        _ = try await bookkeeper.revokeStation(station.id)
        offline.proxy.set(.pass)
        try await browser.wait(60, "the refused kept sale is listed to collect") {
            let listed = try await browser.element("#follow-up-list li") != nil
            let hidden = try await browser.run("return document.getElementById('follow-up').hidden") as? Bool
            return listed && hidden == false
        }
        let row = try await browser.text("#follow-up-list li")
        #expect(row.contains("$5.40") && row.contains("Visa ••••4242") && row.contains("refused"), "\(row)")
        try await browser.wait(10, "nothing waits: the offline count is gone from the status") {
            try await browser.run("return document.getElementById('status-offline').hidden") as? Bool == true
        }
        #expect(try await axe.violations(in: browser) == [], "Sales view with the list to collect")
        try await shots.take("console-phone-offline-follow-up")
    }
}
