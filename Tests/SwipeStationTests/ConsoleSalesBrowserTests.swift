import AsyncHTTPClient
import Foundation
import SwipeCards
import SwipeCatalogAPI
import SwipeStation
import SwipeTestSupport
import Testing

/// The console's sale set-up and its Sales view in headless Chromium, against the built
/// `swipe run` (real ALSA capture through the `file` plugin) and the reference catalog: a cart
/// with its total and the school's fee before the swipe, a sale over the school's limit refused
/// before anyone swipes, a void made with the CLI showing in the console, and yesterday's sales.
@Suite("The console's cart and Sales view in a real browser", .serialized)
struct ConsoleSalesBrowserTests {
    static let password = "table-password-1"

    @Test("a cart of two products, its fee shown before the swipe; an over-limit sale refused; a CLI void; yesterday")
    func cartAndSales() async throws {
        let scratch = try Scratch("console-sales")
        defer { scratch.remove() }
        let catalog = try await StationCatalog.start(in: scratch)
        defer { catalog.stop() }
        let feed = try SwipeFeed(path: scratch.path("reader.fifo"))
        defer { feed.close() }
        let station = try StationProcess.withConsole(
            scratch: scratch, catalogURL: catalog.url, audioFile: feed.path, mode: "console", password: Self.password)
        // Yesterday's sale, in the journal before the station starts.
        let yesterday = Date().addingTimeInterval(-86_400)
        var old = JournalSale(
            key: "yesterday-1", status: .approved, product: "high-donation", quantity: 1, priceCents: 2_000,
            brand: "visa", last4: "1111", source: "audio", message: "Approved.", at: yesterday,
            day: EasternCalendar.dayString(yesterday))
        old.receipt = "ch_yesterday"
        old.totalCents = 2_085
        try await SaleJournal(path: station.journal).record(old)
        try station.start()
        let browser = try await WebDriver(scratch: scratch, width: 360, height: 800)
        do {
            try await sell(station: station, browser: browser, catalog: catalog, feed: feed, scratch: scratch)
        } catch {
            Issue.record("the station's log ends: \(station.log.suffix(2_000))")
            await browser.quit()
            await station.stop(SIGKILL)
            throw error
        }
        await browser.quit()
        for number in WellKnownTestCard.all { #expect(!station.log.contains(number)) }
        let status = await station.stop(SIGTERM)
        #expect(status == 0, "the station stops cleanly: \(station.log.suffix(1_500))")
    }

    private func sell(
        station: StationProcess, browser: WebDriver, catalog: StationCatalog, feed: SwipeFeed, scratch: Scratch
    ) async throws {
        let shots = Screenshots(scratch: scratch, browser: browser)
        try await browser.viewport(width: 360, height: 760, mobile: true)
        try await browser.wait(60, "the station's console answers") {
            (try? await browser.open("http://127.0.0.1:\(station.httpPort)/login")) != nil
        }
        try await browser.type(Self.password, into: "#password")
        try await browser.click("#sign-in")
        try await browser.wait(60, "signed in, the catalog reachable and the school's pricing shown") {
            try await browser.text("#limits").contains("The school adds $0.25 + 3% to each sale")
        }
        #expect(try await browser.text("#limits").contains("One sale may come to $1,000.00 at most, one item $500.00"))

        // A cart: two game tickets and a T-shirt; the total with the school's fee before anyone swipes.
        try await browser.click("#tile-high-game-ticket")
        try await browser.click("#plus")
        try await browser.click("#add")
        try await browser.click("#tile-high-tshirt")
        try await browser.click("#add")
        try await browser.wait(20, "the cart's total is shown with the fee") {
            try await browser.text("#cart-total") == "Total $26.00 (includes the school's fee of $1.00)"
        }
        #expect(try await browser.run("return document.querySelectorAll('#cart-lines li').length") as? Int == 2)
        try await shots.take("console-phone-cart")
        try await browser.click("#arm")
        try await browser.wait(20, "the cart is armed, its total said") {
            try await browser.classes("#result").contains("armed")
        }
        #expect(
            try await browser.text("#result").contains(
                "Swipe the card now: Football game ticket × 2, Spirit T-shirt · Total $26.00"))
        try await feed.swipe(WellKnownTestCard.visa)
        try await browser.wait(60, "the cart is approved") { try await browser.classes("#result").contains("approved") }
        #expect(try await browser.text("#result").contains("Approved $26.00"))
        let charge = try #require(try await catalog.charges().first)
        #expect(charge.items.map(\.product) == ["high-game-ticket", "high-tshirt"])
        #expect(try await browser.run("return document.getElementById('cart').hidden") as? Bool == true)

        // Over the school's limit per charge: said while the sale is set up, and it cannot be armed.
        try await browser.click("#tile-high-tshirt")
        _ = try await browser.run("document.getElementById('quantity').value = '67'")
        try await browser.click("#add")
        try await browser.wait(20, "the limit is said before the swipe") {
            try await browser.text("#cart-total").contains("over the school's limit of $1,000.00 for one charge")
        }
        try await browser.click("#arm")
        try await browser.wait(20, "arming is refused in words") {
            try await browser.text("#result").contains("This sale comes to $1,005.00, over the school's limit")
        }
        #expect(!(try await browser.classes("#result").contains("armed")))
        try await browser.click("#cart-lines li button")
        #expect(try await browser.run("return document.getElementById('cart').hidden") as? Bool == true)

        // The bookkeeper voids the cart's charge with the CLI: the Sales view shows it voided, unasked.
        try await browser.click("#tab-sales")
        try await browser.wait(20, "today's sale is listed, voidable") {
            try await browser.element("#sales-list li button.void") != nil
        }
        let row = try await browser.text("#sales-list li")
        #expect(row.contains("Football game ticket × 2, Spirit T-shirt · $26.00"), "\(row)")
        #expect(row.contains(" ET"), "times are labelled with the school's zone: \(row)")
        try await shots.take("console-phone-sales")
        let home = scratch.folder
        let login = try await offPool {
            try SwipeBinary.run(
                [
                    "login", "--server", catalog.url, "--district", "Demo District", "--user", "bookkeeper",
                    "--school", "demo-high",
                ], home: home, environment: ["SWIPE_PASSWORD": "demo-bookkeeper"])
        }
        #expect(login.status == 0, "\(login.err)")
        let void = try await offPool { try SwipeBinary.run(["void", charge.id], home: home) }
        #expect(void.status == 0, "\(void.err)")
        try await browser.wait(20, "the CLI's void shows in the console") {
            try await browser.text("#sales-list li .badge") == "voided"
        }
        #expect(try await browser.element("#sales-list li button.void") == nil)

        // Yesterday: its sales, with what to do instead of a void.
        try await browser.click("#sales-yesterday")
        try await browser.wait(20, "yesterday's sale is listed") {
            try await browser.text("#sales-list").contains("Booster club donation · $20.85")
        }
        #expect(try await browser.text("#sales-list li").contains("refund"))
        #expect(!(try await browser.text("#sales-heading").hasPrefix("Today")))
        try await browser.click("#sales-today")
        try await browser.wait(20, "back to today") { try await browser.text("#sales-heading").hasPrefix("Today") }

        // The operator's setup view: the level moves while a swipe plays, then how it read.
        try await browser.click("#tab-setup")
        #expect(try await browser.text("#clipping-level") == "-1 dBFS")
        let playing = Task { try await feed.swipe([WellKnownTestCard.visa2], seed: 5, paced: true) }
        try await browser.wait(20, "the swipe's peak shows on the meter") {
            (try await Self.peak(browser)).map { $0 > -30 } ?? false
        }
        try await shots.take("console-phone-setup")
        try await playing.value
        try await browser.wait(20, "the level falls back after the swipe") {
            (try await Self.peak(browser)).map { $0 < -30 } ?? false
        }
        try await browser.wait(20, "the last swipe's quality shows") {
            try await browser.text("#last-swipe").contains("inches a second")
        }
        let last = try await browser.text("#last-swipe")
        #expect(last.contains("track 2 read") && last.contains("dB over the background"), "\(last)")
        #expect(!last.contains(WellKnownTestCard.visa2))
        let metrics = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(station.httpPort)/metrics"), timeout: .seconds(5))
        let text = String(buffer: try await metrics.body.collect(upTo: 1 << 20))
        for name in ["swipe_input_peak_dbfs", "swipe_input_background_dbfs", "swipe_last_read_speed_ips"] {
            #expect(text.contains("# HELP \(name) "), "\(name)")
        }
        #expect(text.contains("swipe_input_peak_dbfs{channel=\"0\"}"))

        // Every view, at phone and tablet size: no accessibility violation of moderate impact or worse.
        let axe = try AxeCheck()
        for (width, height, mobile) in [(360, 760, true), (1024, 768, false)] {
            try await browser.viewport(width: width, height: height, mobile: mobile)
            for view in ["sell", "sales", "event", "setup"] {
                try await browser.click("#tab-\(view)")
                let found = try await axe.violations(in: browser)
                #expect(found.isEmpty, "\(view) at \(width) px: \(found.joined(separator: "; "))")
            }
        }
        try await browser.click("#sign-out")
        try await browser.wait(20, "signed out") { try await browser.currentURL.hasSuffix("/login") }
        let found = try await axe.violations(in: browser)
        #expect(found.isEmpty, "sign-in page: \(found.joined(separator: "; "))")
        #expect(try await browser.element("#setup") == nil, "the sign-in page shows no console view")
    }

    /// The first channel's peak as the setup view shows it, in dBFS.
    static func peak(_ browser: WebDriver) async throws -> Double? {
        let text = try await browser.text("#levels .level-text")
        if text.contains("peak silence") { return -120 }
        guard let range = text.range(of: "peak "),
            let end = text.range(of: " dBFS", range: range.upperBound..<text.endIndex)
        else { return nil }
        return Double(text[range.upperBound..<end.lowerBound])
    }
}
