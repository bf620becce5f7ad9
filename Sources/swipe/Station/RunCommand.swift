import ArgumentParser
import Foundation
import Logging
import SwipeStation

/// `swipe run --config FILE`: the station at the event.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the station: listen to the readers and sell, with a crash-safe journal and /metrics.",
        discussion: """
            Settings come from the YAML (or JSON) file, overridden by SWIPE_* environment variables \
            (catalog.url -> SWIPE_CATALOG_URL); see README.md, "The station", and deploy/station.example.yaml. \
            SIGTERM or SIGINT stop it gracefully: the readers are released, a charge in flight completes or is \
            settled, the journal is closed. Exit status 2 for a wrong or missing setting.
            """)

    @Option(help: "The station's configuration file (YAML or JSON).")
    var config: String

    @Option(help: "trace, debug, info, notice, warning or error.")
    var logLevel = "info"

    func run() async throws {
        var logger = Logger(label: "swipe.station")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let station = try await StationStart.open(config: config, logger: logger)
        try await station.run()
    }
}

/// Loading the configuration and opening the station, with exit status 2 and one line on failure.
enum StationStart {
    static func open(config: String, logger: Logger) async throws -> Station {
        let configuration: StationConfiguration
        do { configuration = try await StationConfigurationLoader.load(file: config) } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        let signal = configuration.sale.tones ? ToneSignal(device: configuration.sale.toneDevice, logger: logger) : nil
        do {
            return try Station(configuration: configuration, logger: logger, signal: signal)
        } catch {
            printError("config error: journal.path: \(error)")
            throw ExitCode(2)
        }
    }
}
