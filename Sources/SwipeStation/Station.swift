public import AsyncHTTPClient
import Foundation
public import Logging
import ServiceLifecycle
import SwipeCards
import SwipeCatalogAPI
public import SwipeCatalogClient
public import SwipeInput
import SwipeServerKit
public import UnixSignals

/// The parts of a running station that the HTTP endpoint and tests reach.
public struct StationParts: Sendable {
    /// The metrics.
    public var metrics: StationMetrics
    /// The catalog link.
    public var connection: CatalogConnection
    /// The sale controller.
    public var controller: SaleController
    /// The journal.
    public var journal: SaleJournal
    /// The readers heard now.
    public var readers: ReaderStatus
    /// The audio reader's levels and the last swipe's quality, for the operator's setup view.
    public var setup: ReaderSetup
    /// Live events for the console.
    public var events: StationEvents
    /// The console's sign-in.
    public var sessions: ConsoleSessions
    /// Product images for the console, cached on the device.
    var images: ProductImages
}

/// `swipe run`: the process at the event. Its parts are services in one
/// `ServiceGroup`, started in this order and shut down gracefully in reverse on
/// SIGTERM or SIGINT:
///
/// 1. the journal (closed last, after every outcome is written);
/// 2. the catalog connection (signs in, keeps trying, says when the catalog is back);
/// 3. the HTTP endpoint (the operator console, its API, `/metrics`);
/// 4. the console's live events (ended before the HTTP server stops, so open pages let it go);
/// 5. the sale service (finishes the charge in hand, settles pending sales);
/// 6. the readers (devices closed, USB readers given back);
/// 7. systemd's readiness and watchdog (`sd_notify`), which says `STOPPING=1` first.
public struct Station: Sendable {
    /// The parts, for the HTTP endpoint and tests.
    public let parts: StationParts
    private let configuration: StationConfiguration
    private let listener: CardListener
    private let logger: Logger
    private let onHTTPRunning: @Sendable (Int) async -> Void

    /// Opens the journal and wires the parts; nothing listens or connects before ``run(signals:)``.
    public init(
        configuration: StationConfiguration, logger: Logger, httpClient: HTTPClient = CatalogClient.sharedHTTPClient,
        usbBackend: any USBReaderBackend = LibUSBBackend(), signal: (any SaleSignal)? = nil,
        catalogRetry: Duration = .seconds(2), onHTTPRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws(StationOpenError) {
        let journal: SaleJournal
        do { journal = try SaleJournal(path: configuration.journalPath) } catch {
            throw StationOpenError(key: "journal.path", reason: error.description)
        }
        var offline: CatalogConnection.OfflineSetup?
        if configuration.offline.enabled {
            // The signing key lives beside the journal (or is a systemd credential).
            let folder = URL(fileURLWithPath: configuration.journalPath).deletingLastPathComponent().path
            do {
                offline = .init(
                    settings: configuration.offline, key: try StationKey.load(directory: folder),
                    name: ProcessInfo.processInfo.hostName)
            } catch { throw StationOpenError(key: "offline.enabled", reason: error.description) }
        }
        let metrics = StationMetrics()
        let connection = CatalogConnection(
            settings: configuration.catalog, offline: offline, httpClient: httpClient, metrics: metrics,
            logger: logger, retryInterval: catalogRetry)
        let events = StationEvents()
        let controller = SaleController(
            settings: configuration.sale, offline: configuration.offline, journal: journal, connection: connection,
            metrics: metrics, signal: signal,
            observer: { events.publish(.outcome($0)) }, progressObserver: { events.publish(.progress($0)) },
            logger: logger)
        let imageFolder = URL(fileURLWithPath: configuration.journalPath).deletingLastPathComponent()
            .appendingPathComponent("product-images")
        parts = StationParts(
            metrics: metrics, connection: connection, controller: controller, journal: journal,
            readers: ReaderStatus(), setup: ReaderSetup(), events: events,
            sessions: ConsoleSessions(password: configuration.console.password),
            images: ProductImages(folder: imageFolder, connection: connection, logger: logger))
        var settings = CardListener.Settings()
        let reader = configuration.reader
        if reader.source != .hid {
            var audio = AudioCapture.Settings()
            audio.device = reader.device
            audio.rate = reader.rate
            audio.channels = reader.channels
            audio.periodFrames = reader.period
            audio.alsaConfiguration = reader.alsaConfiguration
            audio.waitForDevice = true  // a sound card plugged in late is waited for, not fatal
            settings.audio = audio
        }
        settings.usb = reader.source != .audio
        settings.extraReaders = reader.usb
        listener = CardListener(settings: settings, usbBackend: usbBackend)
        self.configuration = configuration
        self.logger = logger
        self.onHTTPRunning = onHTTPRunning
    }

    /// Runs until one of `signals` (or the calling task's cancellation) shuts it down gracefully.
    public func run(signals: [UnixSignal] = [.sigterm, .sigint]) async throws {
        let (swipes, continuation) = AsyncStream<HeardSwipe>.makeStream(bufferingPolicy: .bufferingNewest(16))
        let httpUp = OnceSignal()
        let onHTTPRunning = onHTTPRunning
        let limiter = ConnectionLimiter(
            total: ConnectionLimiter.fitting(configuration.http.maxConnections),
            perAddress: configuration.http.maxConnectionsPerAddress)
        let http = try StationHTTP.application(
            station: parts, settings: configuration.http, limiter: limiter, logger: logger,
            onRunning: { port in
                await httpUp.signal()
                await onHTTPRunning(port)
            })
        let services: [any Service] = [
            JournalService(journal: parts.journal),
            CatalogConnectionService(connection: parts.connection),
            http,
            parts.events,
            SaleService(controller: parts.controller, swipes: swipes, settleInterval: .seconds(5)),
            ReaderService(
                listener: listener, swipes: continuation, metrics: parts.metrics, connection: parts.connection,
                status: parts.readers, setup: parts.setup, events: parts.events, logger: logger),
            SystemdNotifyService(
                notifier: SystemdNotifier(), httpReady: { await httpUp.wait() }, controller: parts.controller,
                connection: parts.connection),
        ]
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: signals, cancellationSignals: [], logger: logger))
        let sale = configuration.sale
        let buys = sale.mode == .event ? ", every swipe buys \(sale.quantity) x \(sale.product ?? "?")" : ""
        let scheme = configuration.http.tls == nil ? "http" : "https"
        let host = configuration.http.host
        let address = host.contains(":") ? "[\(host)]:\(configuration.http.port)" : "\(host):\(configuration.http.port)"
        let console = configuration.console.password == nil ? "closed (no console password)" : "open"
        let starting =
            "station starting: \(sale.mode) mode\(buys), journal \(SafeText.clean(configuration.journalPath)), "
            + "console \(console) on \(scheme)://\(address), at most \(limiter.total) connections "
            + "(\(limiter.perAddress) per address)"
        logger.notice("\(starting)")
        try await group.run()
        logger.notice("station stopped: readers released, journal closed")
    }
}

/// The station could not be opened: which setting, and why (never a secret).
public struct StationOpenError: Error, CustomStringConvertible, Sendable {
    /// The setting at fault: `journal.path`, `offline.enabled`.
    public var key: String
    /// Why, in words.
    public var reason: String

    /// `journal.path: the journal cannot open …`.
    public var description: String { "\(key): \(reason)" }
}
