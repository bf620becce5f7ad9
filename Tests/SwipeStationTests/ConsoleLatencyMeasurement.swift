import Foundation
import SwipeCards
import SwipeTestSupport
import Testing

/// Measures, does not judge: from a swipe's end (the capture period holding it written, in real
/// time) to the console showing "Charging" and then the outcome, over 20 swipes in event mode,
/// in headless Chromium at phone size. Runs only when asked:
/// `SWIPE_MEASURE_CONSOLE=1 swift test --filter ConsoleLatencyMeasurement`.
@Suite("Console latency measurement", .serialized)
struct ConsoleLatencyMeasurement {
    @Test(
        "swipe end to progress and to outcome on screen, 20 swipes",
        .enabled(if: ProcessInfo.processInfo.environment["SWIPE_MEASURE_CONSOLE"] != nil))
    func measure() async throws {
        let scratch = try Scratch("console-latency")
        defer { scratch.remove() }
        let catalog = try await StationCatalog.start(in: scratch)
        defer { catalog.stop() }
        let feed = try SwipeFeed(path: scratch.path("reader.fifo"))
        defer { feed.close() }
        let station = try StationProcess.withConsole(
            scratch: scratch, catalogURL: catalog.url, audioFile: feed.path, mode: "event", password: "table-password-1"
        )
        try station.start()
        let browser = try await WebDriver(scratch: scratch, width: 360, height: 800)
        try await browser.viewport(width: 360, height: 760, mobile: true)
        try await browser.wait(60, "the console answers") {
            (try? await browser.open("http://127.0.0.1:\(station.httpPort)/login")) != nil
        }
        try await browser.type("table-password-1", into: "#password")
        try await browser.click("#sign-in")
        try await browser.wait(60, "signed in, the catalog reachable") {
            try await browser.classes("#status-catalog").contains("ok")
        }
        // Every change of the result box, with its time on the wall clock.
        _ = try await browser.run(
            """
            window.marks = [];
            new MutationObserver(() => window.marks.push([performance.timeOrigin + performance.now(),
              document.getElementById("result").className])).observe(document.getElementById("result"),
              { attributes: true, childList: true, characterData: true, subtree: true });
            """)
        var progress: [Double] = []
        var outcome: [Double] = []
        for index in 0..<20 {
            let ended = try await feed.swipeMarkingEnd(WellKnownTestCard.visa, seed: UInt64(100 + index))
            let endMillis = ended.timeIntervalSince1970 * 1000
            try await browser.wait(20, "swipe \(index + 1) approved") {
                let marks = try await browser.run("return window.marks") as? [[Any]] ?? []
                return marks.contains {
                    ($0[0] as? Double ?? 0) > endMillis && ($0[1] as? String)?.contains("approved") == true
                }
            }
            let marks = (try await browser.run("return window.marks") as? [[Any]] ?? []).compactMap { mark in
                (mark[0] as? Double).map { ($0, mark[1] as? String ?? "") }
            }.filter { $0.0 > endMillis }
            if let charging = marks.first(where: { $0.1.contains("charging") }) {
                progress.append(charging.0 - endMillis)
            }
            if let approved = marks.first(where: { $0.1.contains("approved") }) {
                outcome.append(approved.0 - endMillis)
            }
            _ = try await browser.run("window.marks = []")
            try await Task.sleep(for: .milliseconds(300))
        }
        func percentile(_ values: [Double], _ share: Double) -> Int {
            let sorted = values.sorted()
            return Int(sorted[min(sorted.count - 1, Int((Double(sorted.count) * share).rounded(.up)) - 1)].rounded())
        }
        print(
            "console latency over \(outcome.count) swipes: to progress p50 \(percentile(progress, 0.5)) ms, "
                + "p95 \(percentile(progress, 0.95)) ms; to outcome p50 \(percentile(outcome, 0.5)) ms, "
                + "p95 \(percentile(outcome, 0.95)) ms")
        await browser.quit()
        await station.stop(SIGTERM)
    }
}
