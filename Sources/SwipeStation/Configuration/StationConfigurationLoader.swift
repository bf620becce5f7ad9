import Configuration
public import Foundation
import SwipeCatalogAPI
import SwipeDecoding
import SwipeHID
import SwipeServerKit
import SystemPackage

/// Reads ``StationConfiguration`` with swift-configuration: a YAML file (JSON, being
/// valid YAML, works too), overridden by `SWIPE_`-prefixed environment variables
/// (`catalog.url` -> `SWIPE_CATALOG_URL`, `catalog.passwordFile` ->
/// `SWIPE_CATALOG_PASSWORD_FILE`), with the catalog password read from a file
/// (``SecretFile``).
///
/// Every value is read as text and checked here, so a wrong one is named with its
/// key instead of silently replaced by a default; a key the station does not know
/// (a typo) is an error too.
public enum StationConfigurationLoader {
    /// Every key the file may hold, with its meaning for error messages.
    public static let knownKeys: Set<String> = [
        "catalog.url", "catalog.district", "catalog.school", "catalog.user", "catalog.passwordFile",
        "catalog.timeoutSeconds",
        "reader.source", "reader.device", "reader.rate", "reader.channels", "reader.period", "reader.usb",
        "sale.mode", "sale.product", "sale.quantity", "sale.priceCents", "sale.tones", "sale.toneDevice",
        "sale.duplicateWindowSeconds",
        "http.listen", "http.tlsCert", "http.tlsKey", "http.openMetrics", "http.maxConnections", "console.passwordFile",
        "journal.path", "offline.enabled", "offline.maxSaleCents", "offline.maxTotalCents", "offline.maxAgeHours",
        "offline.maxPerCard",
    ]

    /// Loads and checks the configuration in `file`, with `environment` over it.
    public static func load(
        file: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(StationConfigurationError) -> StationConfiguration {
        try parse(try await settings(file: file, environment: environment), environment: environment)
    }

    /// Only `journal.path`, for `swipe journal` (which need not read the catalog password).
    public static func journalPath(
        file: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(StationConfigurationError) -> String {
        try await settings(file: file, environment: environment).required("journal.path")
    }

    private static func settings(
        file: String, environment: [String: String]
    ) async throws(StationConfigurationError) -> Settings {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw StationConfigurationError(key: nil, "cannot read \(file): \(FileProblem.describe(error, path: file))")
        }
        try ConfigurationFileShape.check(text, file: file, knownKeys: knownKeys, listKeys: ["reader.usb"])
        let fileProvider: FileProvider<YAMLSnapshot>
        do { fileProvider = try await FileProvider<YAMLSnapshot>(filePath: FilePath(file)) } catch {
            throw StationConfigurationError(key: nil, "\(file) is not valid YAML: \(error)")
        }
        let swipeEnvironment = environment.filter { $0.key.hasPrefix("SWIPE_") }
        return Settings(
            reader: ConfigReader(providers: [
                EnvironmentVariablesProvider(environmentVariables: swipeEnvironment).prefixKeys(with: "swipe"),
                fileProvider,
            ]))
    }

    /// Checks every setting in `settings`.
    static func parse(
        _ settings: Settings, environment: [String: String]
    ) throws(StationConfigurationError) -> StationConfiguration {
        // One catalog server, or several sharing one database, separated by commas: tried in turn.
        let url = try settings.required("catalog.url")
        for server in url.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let parsed = URL(string: server), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil
            else {
                throw StationConfigurationError(key: "catalog.url", "'\(server)' is not an http:// or https:// URL")
            }
        }
        let password = try SecretFile.catalogPassword(
            file: settings.optional("catalog.passwordFile"), environment: environment)
        var catalog = StationConfiguration.Catalog(
            url: url, district: try settings.required("catalog.district"),
            school: try settings.required("catalog.school"),
            user: try settings.required("catalog.user"), password: password)
        catalog.timeoutSeconds = try settings.integer("catalog.timeoutSeconds", in: 1...120) ?? catalog.timeoutSeconds

        var configuration = StationConfiguration(catalog: catalog, journalPath: try settings.required("journal.path"))
        configuration.reader = try reader(settings)
        configuration.sale = try sale(settings)
        configuration.offline = try offline(settings)
        if let listen = try settings.optional("http.listen") {
            guard let address = ListenAddress(listen) else {
                throw StationConfigurationError(
                    key: "http.listen", "'\(listen)' is not HOST:PORT (an IPv6 address in brackets: [::]:8081)")
            }
            configuration.http.host = address.host
            configuration.http.port = address.port
        }
        configuration.http.maxConnections =
            try settings.integer("http.maxConnections", in: 8...4_096) ?? configuration.http.maxConnections
        let certificate = try settings.optional("http.tlsCert")
        let key = try settings.optional("http.tlsKey")
        switch (certificate, key) {
        case (let certificate?, let key?):
            for (name, path) in [("http.tlsCert", certificate), ("http.tlsKey", key)] where access(path, R_OK) != 0 {
                throw StationConfigurationError(key: name, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            do { _ = try ServerTLS.configuration(certificate: certificate, key: key) } catch {
                throw StationConfigurationError(
                    key: "http.tlsCert", "\(certificate) and \(key) are not a PEM certificate chain and its key")
            }
            configuration.http.tls = (certificate, key)
        case (nil, nil): break
        case (nil, _): throw StationConfigurationError(key: "http.tlsCert", "missing: http.tlsKey needs it")
        case (_, nil): throw StationConfigurationError(key: "http.tlsKey", "missing: http.tlsCert needs it")
        }
        configuration.http.openMetrics = try settings.boolean("http.openMetrics") ?? true
        configuration.console.password = try SecretFile.consolePassword(
            file: settings.optional("console.passwordFile"), environment: environment)
        return configuration
    }

    private static func reader(_ settings: Settings) throws(StationConfigurationError) -> StationConfiguration.Reader {
        var reader = StationConfiguration.Reader()
        reader.source = try settings.choice("reader.source") ?? reader.source
        reader.device = try settings.optional("reader.device") ?? reader.device
        let rates = PCMFormat.supportedRates
        reader.rate = try settings.integer("reader.rate", in: rates) ?? reader.rate
        reader.channels = try settings.integer("reader.channels", in: 1...8) ?? reader.channels
        reader.period = try settings.integer("reader.period", in: 32...65_536) ?? reader.period
        for entry in settings.list("reader.usb") {
            do { reader.usb.append(try SupportedReader(parsing: entry)) } catch {
                throw StationConfigurationError(key: "reader.usb", "\(error)")
            }
        }
        return reader
    }

    private static func sale(_ settings: Settings) throws(StationConfigurationError) -> StationConfiguration.Sale {
        var sale = StationConfiguration.Sale()
        sale.mode = try settings.choice("sale.mode") ?? sale.mode
        sale.product = try settings.optional("sale.product")
        sale.quantity = try settings.integer("sale.quantity", in: 1...100) ?? sale.quantity
        sale.priceCents = try settings.integer("sale.priceCents", in: 1...1_000_000)
        sale.tones = try settings.boolean("sale.tones") ?? sale.tones
        sale.toneDevice = try settings.optional("sale.toneDevice") ?? sale.toneDevice
        if let window = try settings.optional("sale.duplicateWindowSeconds") {
            guard let seconds = Double(window), (0...60).contains(seconds) else {
                throw StationConfigurationError(
                    key: "sale.duplicateWindowSeconds", "'\(window)' is not 0 to 60 seconds")
            }
            sale.duplicateWindowSeconds = seconds
        }
        if sale.mode == .event, sale.product == nil {
            throw StationConfigurationError(
                key: "sale.product", "missing: event mode needs the product every swipe buys (see `swipe products`)")
        }
        return sale
    }

    private static func offline(_ settings: Settings) throws(StationConfigurationError) -> StationConfiguration.Offline
    {
        var offline = StationConfiguration.Offline()
        offline.enabled = try settings.boolean("offline.enabled") ?? offline.enabled
        offline.maxSaleCents = try settings.integer("offline.maxSaleCents", in: 1...1_000_000) ?? offline.maxSaleCents
        offline.maxTotalCents =
            try settings.integer("offline.maxTotalCents", in: 1...10_000_000) ?? offline.maxTotalCents
        offline.maxPerCard = try settings.integer("offline.maxPerCard", in: 1...100) ?? offline.maxPerCard
        if let text = try settings.optional("offline.maxAgeHours") {
            guard let hours = Double(text), hours > 0, hours <= OfflineSales.maximumAgeHours else {
                throw StationConfigurationError(
                    key: "offline.maxAgeHours",
                    "'\(text)' is not a number of hours above 0 and at most \(Int(OfflineSales.maximumAgeHours))")
            }
            offline.maxAgeHours = hours
        }
        guard offline.maxSaleCents <= offline.maxTotalCents else {
            throw StationConfigurationError(
                key: "offline.maxSaleCents", "\(offline.maxSaleCents) is more than offline.maxTotalCents")
        }
        return offline
    }

    /// Typed, checked reads over a ``ConfigReader``; every value is read as text.
    struct Settings {
        let reader: ConfigReader

        func optional(_ key: String) throws(StationConfigurationError) -> String? {
            guard let value = reader.string(forKey: ConfigKey(key)) else { return nil }
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { throw StationConfigurationError(key: key, "is empty") }
            return trimmed
        }

        func required(_ key: String) throws(StationConfigurationError) -> String {
            guard let value = try optional(key) else {
                let variable =
                    "SWIPE_"
                    + key.replacing(/([a-z])([A-Z])/) { "\($0.1)_\($0.2)" }
                    .replacingOccurrences(of: ".", with: "_").uppercased()
                throw StationConfigurationError(key: key, "missing (set it in the file or as \(variable))")
            }
            return value
        }

        func integer(_ key: String, in range: ClosedRange<Int>) throws(StationConfigurationError) -> Int? {
            guard let text = try optional(key) else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw StationConfigurationError(
                    key: key, "'\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }

        func boolean(_ key: String) throws(StationConfigurationError) -> Bool? {
            guard let text = try optional(key) else { return nil }
            switch text.lowercased() {
            case "true", "yes", "on", "1": return true
            case "false", "no", "off", "0": return false
            default: throw StationConfigurationError(key: key, "'\(text)' is not true or false")
            }
        }

        func choice<Choice: RawRepresentable & CaseIterable>(
            _ key: String
        ) throws(StationConfigurationError) -> Choice? where Choice.RawValue == String {
            guard let text = try optional(key) else { return nil }
            guard let value = Choice(rawValue: text) else {
                let names = Choice.allCases.map(\.rawValue).joined(separator: ", ")
                throw StationConfigurationError(key: key, "'\(text)' is not one of \(names)")
            }
            return value
        }

        func list(_ key: String) -> [String] {
            let values =
                reader.stringArray(forKey: ConfigKey(key))
                ?? reader.string(forKey: ConfigKey(key)).map { $0.split(separator: ",").map(String.init) } ?? []
            return values.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }
}
