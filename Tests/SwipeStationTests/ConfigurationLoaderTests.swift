import Foundation
import Testing

@testable import SwipeStation

/// Reading settings: the file, the environment over it, secrets from files.
@Suite("Station configuration")
struct ConfigurationLoaderTests {
    static func write(_ text: String, in scratch: Scratch, passwordMode: Int = 0o600) throws -> String {
        _ = FileManager.default.createFile(
            atPath: scratch.path("password"), contents: Data("s3cret\n".utf8),
            attributes: [.posixPermissions: passwordMode])
        let file = scratch.path("station.yaml")
        try text.replacingOccurrences(of: "PASSWORD", with: scratch.path("password"))
            .replacingOccurrences(of: "JOURNAL", with: scratch.path("journal.sqlite"))
            .write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    static let minimal = """
        catalog:
          url: http://127.0.0.1:8080
          district: Demo District
          school: Demo High
          user: volunteer
          passwordFile: PASSWORD
        journal:
          path: JOURNAL
        """

    @Test("defaults for what the file leaves out; the password read from its file, newline trimmed")
    func defaults() async throws {
        let scratch = try Scratch("config")
        defer { scratch.remove() }
        let configuration = try await StationConfigurationLoader.load(
            file: try Self.write(Self.minimal, in: scratch), environment: [:])
        #expect(configuration.catalog.password == "s3cret")
        #expect(configuration.reader.source == .auto && configuration.reader.rate == 48_000)
        #expect(configuration.sale.mode == .console && configuration.sale.tones)
        #expect(configuration.http.host == "127.0.0.1" && configuration.http.port == 8081)
    }

    @Test("SWIPE_ environment variables override the file")
    func environment() async throws {
        let scratch = try Scratch("config")
        defer { scratch.remove() }
        let configuration = try await StationConfigurationLoader.load(
            file: try Self.write(Self.minimal + "\nreader:\n  rate: 44100\n", in: scratch),
            environment: [
                "SWIPE_CATALOG_URL": "https://catalog.example.org", "SWIPE_READER_RATE": "96000",
                "SWIPE_SALE_MODE": "event", "SWIPE_SALE_PRODUCT": "high-game-ticket",
                "SWIPE_HTTP_LISTEN": "0.0.0.0:9000",
                "SWIPE_READER_USB": "0801:0002:magtek,ffff:0035",
            ])
        #expect(configuration.catalog.url == "https://catalog.example.org")
        #expect(configuration.reader.rate == 96_000)
        #expect(configuration.sale.mode == .event && configuration.sale.product == "high-game-ticket")
        #expect(configuration.http.host == "0.0.0.0" && configuration.http.port == 9_000)
        #expect(configuration.reader.usb.count == 2)
        await #expect(throws: StationConfigurationError.self) {
            _ = try await StationConfigurationLoader.load(
                file: try Self.write(Self.minimal, in: scratch), environment: ["SWIPE_READER_CHANNELS": "nine"])
        }
    }

    @Test("JSON is YAML: a JSON file works too")
    func json() async throws {
        let scratch = try Scratch("config")
        defer { scratch.remove() }
        let text = """
            {"catalog": {"url": "http://127.0.0.1:8080", "district": "Demo District", "school": "Demo High",
                         "user": "volunteer", "passwordFile": "PASSWORD"},
             "sale": {"mode": "event", "product": "high-game-ticket", "quantity": 2, "tones": false},
             "journal": {"path": "JOURNAL"}}
            """
        let configuration = try await StationConfigurationLoader.load(
            file: try Self.write(text, in: scratch), environment: [:])
        #expect(configuration.sale.quantity == 2 && !configuration.sale.tones)
    }

    @Test("no password file: the systemd credential in $CREDENTIALS_DIRECTORY")
    func credential() async throws {
        let scratch = try Scratch("config")
        defer { scratch.remove() }
        let text = Self.minimal.replacingOccurrences(of: "  passwordFile: PASSWORD\n", with: "")
        let file = try Self.write(text, in: scratch)
        try "from-systemd\n".write(toFile: scratch.path("catalog-password"), atomically: true, encoding: .utf8)
        let configuration = try await StationConfigurationLoader.load(
            file: file, environment: ["CREDENTIALS_DIRECTORY": scratch.folder.path])
        #expect(configuration.catalog.password == "from-systemd")
        do {
            _ = try await StationConfigurationLoader.load(file: file, environment: [:])
            Issue.record("loaded without a password")
        } catch {
            #expect(error.key == "catalog.passwordFile" && error.problem.contains("catalog-password"))
        }
    }

    @Test("the console password: from its file (0600, 12 characters at least) or the credential; none keeps it closed")
    func consolePassword() async throws {
        let scratch = try Scratch("config")
        defer { scratch.remove() }
        let console = scratch.path("console-password")
        let file = try Self.write(Self.minimal + "\nconsole:\n  passwordFile: \(console)\n", in: scratch)
        func load(_ environment: [String: String] = [:]) async throws(StationConfigurationError) -> String? {
            try await StationConfigurationLoader.load(file: file, environment: environment).console.password
        }
        _ = FileManager.default.createFile(
            atPath: console, contents: Data("table-password-1\n".utf8), attributes: [.posixPermissions: 0o600])
        #expect(try await load() == "table-password-1")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: console)
        await #expect { try await load() } throws: { error in
            (error as? StationConfigurationError)?.key == "console.passwordFile"
                && (error as? StationConfigurationError)?.problem.contains("can be read by other users") == true
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: console)
        try "eleven-char\n".write(toFile: console, atomically: false, encoding: .utf8)
        await #expect { try await load() } throws: { error in
            (error as? StationConfigurationError)?.problem.contains("has 11 characters: choose one of 12 or more")
                == true
        }
        let closed = try Self.write(Self.minimal, in: scratch)
        #expect(try await StationConfigurationLoader.load(file: closed, environment: [:]).console.password == nil)
        try "from-systemd-too\n".write(toFile: scratch.path("console-password"), atomically: true, encoding: .utf8)
        try "x\n".write(toFile: scratch.path("catalog-password"), atomically: true, encoding: .utf8)
        let fromCredential = try await StationConfigurationLoader.load(
            file: closed, environment: ["CREDENTIALS_DIRECTORY": scratch.folder.path])
        #expect(fromCredential.console.password == "from-systemd-too")
    }

    @Test("HTTPS for the console: certificate and key together, readable and PEM; /metrics open or not")
    func tls() async throws {
        let scratch = try Scratch("config")
        defer { scratch.remove() }
        func load(_ extra: String) async throws(StationConfigurationError) -> StationConfiguration {
            try await StationConfigurationLoader.load(
                file: try! Self.write(Self.minimal + "\nhttp:\n" + extra, in: scratch), environment: [:])
        }
        try "not a certificate".write(toFile: scratch.path("cert.pem"), atomically: true, encoding: .utf8)
        try "not a key".write(toFile: scratch.path("key.pem"), atomically: true, encoding: .utf8)
        let cert = scratch.path("cert.pem")
        let key = scratch.path("key.pem")
        await #expect { try await load("  tlsCert: \(cert)\n") } throws: { error in
            (error as? StationConfigurationError)?.key == "http.tlsKey"
        }
        await #expect { try await load("  tlsCert: \(cert)\n  tlsKey: \(scratch.path("nothing.pem"))\n") } throws: {
            error in (error as? StationConfigurationError)?.problem.contains("cannot read") == true
        }
        await #expect { try await load("  tlsCert: \(cert)\n  tlsKey: \(key)\n") } throws: { error in
            (error as? StationConfigurationError)?.problem.contains("not a PEM certificate chain") == true
        }
        #expect(try await load("  openMetrics: false\n").http.openMetrics == false)
        #expect(try await load("  openMetrics: true\n").http.tls == nil)
    }

    @Test("offline selling: off unless the school turns it on; its limits read and checked by name")
    func offline() async throws {
        let scratch = try Scratch("config")
        defer { scratch.remove() }
        func load(_ extra: String) async throws(StationConfigurationError) -> StationConfiguration {
            try await StationConfigurationLoader.load(
                file: try! Self.write(Self.minimal + "\noffline:\n" + extra, in: scratch), environment: [:])
        }
        let defaults = try await StationConfigurationLoader.load(
            file: try Self.write(Self.minimal, in: scratch), environment: [:]
        ).offline
        #expect(defaults == StationConfiguration.Offline())
        #expect(!defaults.enabled && defaults.maxSaleCents == 5_000 && defaults.maxTotalCents == 50_000)
        #expect(defaults.maxAgeHours == 24 && defaults.maxPerCard == 2)
        let set = try await load(
            "  enabled: true\n  maxSaleCents: 2500\n  maxTotalCents: 30000\n  maxAgeHours: 12.5\n  maxPerCard: 1\n"
        ).offline
        #expect(set.enabled && set.maxSaleCents == 2_500 && set.maxTotalCents == 30_000)
        #expect(set.maxAgeHours == 12.5 && set.maxPerCard == 1)
        for (line, key) in [
            ("  maxAgeHours: 100\n", "offline.maxAgeHours"), ("  maxAgeHours: 0\n", "offline.maxAgeHours"),
            ("  maxSaleCents: 0\n", "offline.maxSaleCents"), ("  enabled: perhaps\n", "offline.enabled"),
            ("  maxSaleCents: 9000\n  maxTotalCents: 8000\n", "offline.maxSaleCents"),
            ("  maxPerCrad: 2\n", nil),
        ] {
            await #expect { _ = try await load(line) } throws: { error in
                guard let error = error as? StationConfigurationError else { return false }
                return key == nil ? "\(error)".contains("maxPerCrad") : error.key == key
            }
        }
    }

    @Test("a missing file is named")
    func missingFile() async throws {
        do {
            _ = try await StationConfigurationLoader.load(file: "/nonexistent/station.yaml", environment: [:])
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.description == "config error: cannot read /nonexistent/station.yaml: no such file")
        }
    }

    @Test("a list or a map where one value belongs stops the station with the key named")
    func strictShapes() async throws {
        let scratch = try Scratch("config")
        defer { scratch.remove() }
        let cases = [
            ("reader:\n  rate: [1, 2]\n", "reader.rate", "not a list"),
            ("reader:\n  rate: {a: 1}\n", "reader.rate", "not a map"),
            ("sale:\n  mode: [event]\n", "sale.mode", "not a list"),
            ("reader:\n  usb: {a: 1}\n", "reader.usb", "must be a list"),
            ("reader:\n  usb: [[\"0801:0002\"]]\n", "reader.usb", "single values"),
        ]
        for (extra, key, words) in cases {
            let file = try Self.write(Self.minimal + "\n" + extra, in: scratch)
            await #expect {
                try await StationConfigurationLoader.load(file: file, environment: [:])
            } throws: { error in
                let error = error as? StationConfigurationError
                return error?.key == key && error?.problem.contains(words) == true
            }
        }
        let usb = try Self.write(Self.minimal + "\nreader:\n  usb: [\"0801:0002:magtek\"]\n", in: scratch)
        #expect(try await StationConfigurationLoader.load(file: usb, environment: [:]).reader.usb.count == 1)
    }

    @Test("listen addresses: IPv4, a name, IPv6 in brackets; the rest named as wrong")
    func listenAddresses() async throws {
        let scratch = try Scratch("config")
        defer { scratch.remove() }
        for (listen, host) in [
            ("0.0.0.0:8081", "0.0.0.0"), ("\"[::]:8081\"", "::"), ("\"[::1]:9\"", "::1"), ("pi.local:80", "pi.local"),
        ] {
            let file = try Self.write(Self.minimal + "\nhttp:\n  listen: \(listen)\n", in: scratch)
            #expect(try await StationConfigurationLoader.load(file: file, environment: [:]).http.host == host)
        }
        for listen in ["::1:8081", "8081", "\"[::1]\"", "host:99999", "\"[zz]:80\""] {
            let file = try Self.write(Self.minimal + "\nhttp:\n  listen: \(listen)\n", in: scratch)
            await #expect {
                try await StationConfigurationLoader.load(file: file, environment: [:])
            } throws: { error in (error as? StationConfigurationError)?.key == "http.listen" }
        }
    }

    @Test("a folder given as a password file is said in words")
    func folderAsPasswordFile() async throws {
        let scratch = try Scratch("config")
        defer { scratch.remove() }
        let file = try Self.write(
            Self.minimal.replacingOccurrences(
                of: "passwordFile: PASSWORD", with: "passwordFile: \(scratch.folder.path)"),
            in: scratch)
        await #expect {
            try await StationConfigurationLoader.load(file: file, environment: [:])
        } throws: { error in
            let error = error as? StationConfigurationError
            return error?.key == "catalog.passwordFile" && error?.problem.contains("is a folder") == true
                && error?.description.contains("NSCocoaErrorDomain") == false
        }
    }
}
