import ArgumentParser
import Foundation
import Logging
import SwipeCards
import SwipeCatalogAPI
import SwipeCatalogClient
import SwipeCatalogServer
import SwipeStation

/// `swipe demo`: an event in a few seconds, on the embedded catalog.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Play an event: the reference catalog in-process, a station in event mode, the bundled recordings.",
        discussion: """
            Starts the reference catalog on a temporary SQLite file with the demo data, starts a station in event \
            mode (every swipe buys a game ticket) and plays the recordings in hardware/ through the real capture \
            path (ALSA's file plugin reading a FIFO). Then, as the bookkeeper: a one-cent test charge plus fee, its \
            void before midnight Eastern, the day's report. Leaves nothing running and nothing behind.
            """)

    @Option(
        help: ArgumentHelp(
            "Folder holding the bundled recordings.",
            discussion: "Found by itself: /usr/share/swipe/recordings when installed, hardware/ in a clone."))
    var recordings: String?

    @Flag(help: "Show the station's and the catalog's log lines too.")
    var verbose = false

    /// Played in this order (from the louder background hiss to the quieter, which the
    /// swipe detector follows at once; a sudden louder background takes it a moment).
    static let files = [
        "mastercard-dual-head-48k.wav", "event-three-swipes-44k.wav", "visa-track2-44k.wav", "refused-cards-44k.wav",
    ]
    /// The swipes in those files, in order, as a person would name them.
    static let swipes = [
        "the Mastercard 5555…4444 (dual head, swiped backwards) in mastercard-dual-head-48k.wav",
        "the Visa 4111…1111, first of event-three-swipes-44k.wav",
        "the Mastercard 2223…3222, second of event-three-swipes-44k.wav",
        "the declining Visa 4000…0002, third of event-three-swipes-44k.wav",
        "the Visa 4242…4242 in visa-track2-44k.wav",
        "the expired Visa, first of refused-cards-44k.wav",
        "the American Express card, second of refused-cards-44k.wav",
    ]

    func run() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("swipe-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        var logger = Logger(label: "swipe.demo")
        logger.logLevel = verbose ? .info : .critical

        step("the school-payments catalog (reference server, demo data, temporary SQLite file)")
        let catalog = try await DemoCatalog.start(in: work, logger: logger)
        defer { catalog.stop() }
        print("catalog listening on \(catalog.url)")

        step("the station at the door: event mode, every accepted swipe buys one football game ticket")
        let folder = try DemoRecordings.folder(override: recordings, files: Self.files)
        let feed = try DemoFeed(
            files: Self.files.map { folder + "/" + $0 }, fifo: work.appendingPathComponent("reader.fifo").path)
        var configuration = StationConfiguration(
            catalog: .init(
                url: catalog.url, district: "Demo District", school: "Demo High", user: "volunteer",
                password: "demo-volunteer"),
            journalPath: work.appendingPathComponent("journal.sqlite").path)
        configuration.reader.source = .audio
        configuration.reader.device = "swipedemo"
        configuration.reader.rate = DemoFeed.rate
        configuration.reader.channels = DemoFeed.channels
        configuration.reader.period = DemoFeed.periodFrames
        configuration.reader.alsaConfiguration = feed.alsaConfiguration(name: "swipedemo")
        configuration.sale.mode = .event
        configuration.sale.product = "high-game-ticket"
        configuration.sale.tones = false
        configuration.http.port = 0
        let station = try Station(configuration: configuration, logger: logger, catalogRetry: .milliseconds(100))
        let running = Task { try await station.run(signals: []) }
        defer { running.cancel() }
        try await waitFor("the station to sign in") { await station.parts.connection.isReachable }
        print("signed in as volunteer at Demo High; listening to swipedemo (ALSA file plugin, 48 kHz stereo)")

        step("swipes from \(folder): \(Self.files.joined(separator: ", "))")
        feed.start()
        var shown = 0
        let heard = await waitUntil(seconds: feed.duration + 15) {
            let outcomes = await station.parts.controller.recentOutcomes
            for outcome in outcomes.dropFirst(shown) { print("  " + outcome.line) }
            shown = outcomes.count
            return shown >= Self.swipes.count
        }
        feed.close()
        guard heard else {
            throw CLIError(
                "the demo heard \(shown) of \(Self.swipes.count) swipes and gave up waiting for swipe \(shown + 1), "
                    + "\(Self.swipes[min(shown, Self.swipes.count - 1)]). Run `swipe demo --verbose` to see the "
                    + "station's log; on a machine busy with other work, run it again when the load is lower.")
        }
        running.cancel()
        _ = await running.result

        step("the station's journal for today (swipe journal)")
        let today = EasternCalendar.dayString(Date())
        for sale in try await SaleJournal.reading(path: configuration.journalPath).sales(day: today) {
            print(
                "  \(Eastern.time(sale.at))  \(sale.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(sale.product) "
                    + "\(sale.brand ?? "") ••••\(sale.last4 ?? "") \(sale.totalCents.map(Money.text) ?? "")"
                    + (sale.receipt.map { " receipt \($0)" } ?? ""))
        }

        step("the bookkeeper tests the setup with one cent (plus the school's fee), then voids it")
        var bookkeeper = CatalogClient(baseURL: catalog.url, logger: logger)
        let login = try await bookkeeper.login(
            district: "Demo District", username: "bookkeeper", password: "demo-bookkeeper")
        bookkeeper.token = login.token
        bookkeeper.account = login.username
        let card = CardPayload(pan: SensitiveBytes(utf8: WellKnownTestCard.visa), expiry: "3012")
        let receipt = try await bookkeeper.charge(
            school: "demo-high", items: [ChargeItem(product: "high-test-cent", quantity: 1, priceCents: nil)],
            entry: .keyed, card: card)
        ReceiptText.print(receipt)
        let voided = try await bookkeeper.void(chargeID: receipt.id)
        print("voided before midnight Eastern:")
        ReceiptText.print(voided)

        step("the day's report")
        let report = try await bookkeeper.dailyReport(school: "demo-high", date: nil)
        for line in report.lines {
            print(
                "  \(line.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(line.quantity) x \(line.name): \(Money.text(line.amountCents))"
            )
        }
        for total in report.totals {
            print(
                "  total \(total.status.rawValue): \(total.count) charge(s), \(Money.text(total.amountCents)) + fees \(Money.text(total.feeCents)) = \(Money.text(total.totalCents))"
            )
        }
        print("\ndemo finished: the catalog and the station are stopped and their files removed.")
    }

    private func step(_ text: String) { print("\n== \(text)") }

    private func waitFor(
        _ what: String, seconds: Double = 20, _ condition: () async -> Bool
    ) async throws {
        guard await waitUntil(seconds: seconds, condition) else {
            throw CLIError("the demo gave up waiting for \(what). Run `swipe demo --verbose` to see why.")
        }
    }

    /// Whether `condition` came true within `seconds` (asked every 50 ms).
    private func waitUntil(seconds: Double, _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !(await condition()) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return true
    }
}
