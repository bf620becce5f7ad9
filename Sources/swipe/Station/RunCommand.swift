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
            (catalog.url -> SWIPE_CATALOG_URL); see README.md, "Settings", and deploy/station.example.yaml. \
            SIGTERM or SIGINT stop it gracefully: the readers are released, a charge in flight completes or is \
            settled, the journal is closed. Exit status 2 for a wrong or missing setting.
            """)

    @Option(help: "The station's configuration file (YAML or JSON).")
    var config: String

    @Option(help: "PEM certificate chain: the console over HTTPS (overrides http.tlsCert; needs --tls-key).")
    var tlsCert: String?

    @Option(help: "PEM private key for --tls-cert (overrides http.tlsKey).")
    var tlsKey: String?

    @Option(help: "How much the station logs: \(LogLevel.allCases.map(\.rawValue).joined(separator: ", ")).")
    var logLevel: LogLevel = .info

    func validate() throws {
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together.")
        }
    }

    func run() async throws {
        var logger = Logger(label: "swipe.station")
        logger.logLevel = logLevel.level
        var environment = ProcessInfo.processInfo.environment
        if let tlsCert, let tlsKey {
            environment["SWIPE_HTTP_TLS_CERT"] = tlsCert
            environment["SWIPE_HTTP_TLS_KEY"] = tlsKey
        }
        let station = try await StationStart.open(config: config, environment: environment, logger: logger)
        try await station.run()
    }
}

/// Loading the configuration and opening the station, with exit status 2 and one line on failure.
enum StationStart {
    static func open(
        config: String, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger
    ) async throws -> Station {
        let configuration: StationConfiguration
        do { configuration = try await StationConfigurationLoader.load(file: config, environment: environment) } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        let signal = configuration.sale.tones ? ToneSignal(device: configuration.sale.toneDevice, logger: logger) : nil
        do {
            return try Station(configuration: configuration, logger: logger, signal: signal)
        } catch {
            printError("config error: \(error)")
            throw ExitCode(2)
        }
    }
}

/// `--log-level`: only swift-log's levels, so a typo stops the command instead of meaning `info`.
enum LogLevel: String, ExpressibleByArgument, CaseIterable {
    case trace, debug, info, notice, warning, error, critical

    /// The swift-log level.
    var level: Logger.Level { Logger.Level(rawValue: rawValue)! }
}
