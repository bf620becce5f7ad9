import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import SwipeCards
import SwipeCatalogAPI
import SwipeCatalogClient
import SwipeCatalogServer
import SwipeHID
import SwipeInput
import SwipeSynthesis
import SwipeTestSupport
import Synchronization
import Testing

@testable import SwipeStation

/// A scratch folder under the test temporary root, removed by ``remove()``.
struct Scratch {
    let folder: URL

    init(_ name: String) throws {
        let root =
            ProcessInfo.processInfo.environment["SWIPE_TEST_TMP"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory
        folder = root.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// The reference catalog on loopback with a real SQLite file and the demo data.
struct StationCatalog {
    let url: String
    let task: Task<Void, any Error>
    let store: SQLiteCatalogStore

    static func start(in scratch: Scratch) async throws -> StationCatalog {
        let logger = Logger(label: "test.catalog") { _ in SwiftLogNoOpLogHandler() }
        let store = try SQLiteCatalogStore(path: scratch.path("catalog.sqlite"))
        let hasher = PasswordHasher(rounds: 16)
        try await Seeder(store: store, hasher: hasher).load(DemoData.seed(now: Date()))
        let secrets = try CatalogSecrets.load(directory: scratch.path("catalog.secrets"), environment: [:])
        let service = CatalogService(
            store: store, secrets: secrets, hasher: hasher, loginDelay: .milliseconds(1), logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try CatalogServer.application(
            service: service, listen: .init(host: "127.0.0.1", port: 0), logger: logger,
            onRunning: { continuation.yield($0) })
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        return StationCatalog(url: "http://127.0.0.1:\(port)", task: task, store: store)
    }

    /// The day's charges as the bookkeeper sees them.
    func charges() async throws -> [Receipt] {
        var client = CatalogClient(baseURL: url, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let login = try await client.login(
            district: "Demo District", username: "bookkeeper", password: "demo-bookkeeper")
        client.token = login.token
        return try await client.charges(school: "demo-high", date: nil).charges
    }

    func stop() { task.cancel() }
}

/// A proxy in front of the catalog that can fail charges the ways networks do.
final class CatalogProxy: Sendable {
    enum Mode: Sendable {
        /// Forward everything.
        case pass
        /// Answer 500 to `POST /v1/charges` without forwarding it.
        case failCharges
        /// Forward `POST /v1/charges`, then hold the answer this long (past the client's timeout: it is lost).
        case slowCharges(Duration)
        /// Forward `POST /v1/charges`, then send the answer's headers at once and its body a byte a second.
        case trickleCharges
        /// Answer every request with a 307 redirect to this URL (which gets the request, if followed).
        case redirect(to: String)
        /// Forward `POST /v1/charges`, then change the approved receipt this way before answering.
        case forgeReceipts(@Sendable (inout [String: Any]) -> Void)
        /// Answer nothing for a minute, as a catalog whose machine froze or whose network dropped.
        case hang
    }

    let url: String
    private let task: Task<Void, any Error>
    private let box: ModeBox

    private init(url: String, task: Task<Void, any Error>, box: ModeBox) {
        self.url = url
        self.task = task
        self.box = box
    }

    func set(_ mode: Mode) { box.mode.withLock { $0 = mode } }

    static func start(to upstream: String) async throws -> CatalogProxy {
        let box = ModeBox()
        let router = Router()
        router.on("**", method: .get) { request, _ in try await forward(request, to: upstream, box: box) }
        router.on("**", method: .post) { request, _ in try await forward(request, to: upstream, box: box) }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) },
            logger: Logger(label: "test.proxy") { _ in SwiftLogNoOpLogHandler() })
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        return CatalogProxy(url: "http://127.0.0.1:\(port)", task: task, box: box)
    }

    fileprivate final class ModeBox: Sendable {
        let mode = Mutex(Mode.pass)
        let requests = Mutex(0)
        var current: Mode { mode.withLock { $0 } }
    }

    /// Requests this proxy has received.
    var requestCount: Int { box.requests.withLock { $0 } }

    private static func forward(_ request: Request, to upstream: String, box: ModeBox) async throws -> Response {
        box.requests.withLock { $0 += 1 }
        let isCharge = request.method == .post && request.uri.path == "/v1/charges"
        let mode = box.current
        if isCharge, case .failCharges = mode {
            return Response(status: .internalServerError, body: ResponseBody(byteBuffer: ByteBuffer(string: "{}")))
        }
        if case .hang = mode {
            try await Task.sleep(for: .seconds(60))
        }
        if case .redirect(let target) = mode {
            return Response(status: .temporaryRedirect, headers: [.location: target + request.uri.description])
        }
        var outgoing = HTTPClientRequest(url: upstream + request.uri.description)
        outgoing.method = .init(rawValue: request.method.rawValue)
        for field in request.headers where field.name.canonicalName != "host" {
            outgoing.headers.add(name: field.name.rawName, value: field.value)
        }
        outgoing.body = .bytes(try await request.body.collect(upTo: 1 << 20))
        let answer = try await HTTPClient.shared.execute(outgoing, timeout: .seconds(30))
        var body = try await answer.body.collect(upTo: 4 << 20)
        if isCharge, case .slowCharges(let delay) = mode { try await Task.sleep(for: delay) }
        if isCharge, case .forgeReceipts(let forge) = mode,
            var receipt = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        {
            forge(&receipt)
            body = ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: receipt)))
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if isCharge, case .trickleCharges = mode {
            let bytes = Array(body.readableBytesView)
            headers[.contentLength] = String(bytes.count)
            return Response(
                status: .init(code: Int(answer.status.code)), headers: headers,
                body: ResponseBody { writer in
                    for byte in bytes {
                        try await writer.write(ByteBuffer(bytes: [byte]))
                        try await Task.sleep(for: .seconds(1))
                    }
                    try await writer.finish(nil)
                })
        }
        return Response(
            status: .init(code: Int(answer.status.code)), headers: headers, body: ResponseBody(byteBuffer: body))
    }

    func stop() { task.cancel() }
}

/// Cards and their swipes, generated from the well-known test numbers.
enum TestSwipes {
    /// A swipe as a USB reader delivers it, checked: for in-process sale tests.
    static func heard(_ number: String, expiry: String = "3012") throws -> HeardSwipe {
        let card = TestCard.wellKnown(number, expiry: expiry)
        let track = try TrackData(format: .aba, characters: SensitiveBytes(utf8: card.track2))
        let swipe = HIDSwipe(tracks: [track], issues: [])
        return HeardSwipe(
            source: "usb 0801:0002 at 1-1", reading: .usb(swipe, swipe.check(today: .current()), at: 0))
    }

    /// Raw 16-bit mono 44.1 kHz audio of `numbers` swiped one after another, padded with quiet.
    static func raw(_ numbers: [String], seed: UInt64 = 7) -> Data {
        var quiet = Impairments.typical
        quiet.snrDB = 40
        let recording = SwipeSynthesizer(sampleRate: 44_100, channelCount: 1, impairments: quiet)
            .render(numbers.map { .track2(TestCard.wellKnown($0), profile: .constant(15)) }, gap: 1.0, seed: seed)
        var raw = Data(capacity: recording.samples.count * 2 + 88_200 * 2)
        for sample in recording.samples + [Float](repeating: 0, count: 88_200) {
            let value = Int16(max(-32_768, min(32_767, (sample * 32_768).rounded())))
            withUnsafeBytes(of: value.littleEndian) { raw.append(contentsOf: $0) }
        }
        return raw
    }
}

/// `swipe run` as a process: its configuration, its ALSA home, its log.
final class StationProcess {
    let scratch: Scratch
    let config: String
    let journal: String
    private(set) var process: ChildProcess?
    private(set) var runs = 0

    /// Writes the configuration (event mode, `swipetest` over `audioFile`) for a catalog at `catalogURL`.
    /// The `/metrics` port.
    let httpPort = LoopbackPort.free()

    /// Where the `tonetest` playback PCM writes the tones.
    var tonesFile: String { scratch.path("tones.raw") }

    init(
        scratch: Scratch, catalogURL: String, audioFile: String, tones: Bool = false, mode: String = "event",
        extra: String = ""
    ) throws {
        self.scratch = scratch
        journal = scratch.path("journal.sqlite")
        config = scratch.path("station.yaml")
        let password = scratch.path("catalog-password")
        _ = FileManager.default.createFile(
            atPath: password, contents: Data("demo-volunteer\n".utf8), attributes: [.posixPermissions: 0o600])
        try """
        # written by StationTestKit
        catalog:
          url: \(catalogURL)
          district: Demo District
          school: Demo High
          user: volunteer
          passwordFile: \(password)
          timeoutSeconds: 5
        reader:
          source: audio
          device: swipetest
          rate: 44100
          channels: 1
        sale:
          mode: \(mode)
          product: high-game-ticket
          quantity: 1
          tones: \(tones)
          toneDevice: tonetest
          duplicateWindowSeconds: 0
        http:
          listen: 127.0.0.1:\(httpPort)
        journal:
          path: \(journal)
        \(extra)
        """.write(toFile: config, atomically: true, encoding: .utf8)
        try setAudio(audioFile)
    }

    /// Points `swipetest` at `file` (raw 16-bit mono 44.1 kHz, or a FIFO).
    func setAudio(_ file: String) throws {
        try """
        pcm.swipetest {
            type file
            slave.pcm "null"
            file "/dev/null"
            infile "\(file)"
            format "raw"
        }
        pcm.tonetest {
            type file
            slave.pcm "null"
            file "\(tonesFile)"
            format "raw"
        }
        """.write(toFile: scratch.path(".asoundrc"), atomically: true, encoding: .utf8)
    }

    /// Starts `swipe run --config`, under an open-file limit of `fileLimit` when given (as the
    /// unit's `LimitNOFILE`); its log goes to `station-N.log`.
    func start(environment extra: [String: String] = [:], fileLimit: Int? = nil) throws {
        runs += 1
        let executable: String
        let arguments: [String]
        if let fileLimit {
            // The shell sets the limit, then becomes the station (same process id).
            executable = "/bin/sh"
            arguments = [
                "-c", "ulimit -n \(fileLimit) && exec \"$0\" \"$@\"", SwipeBinary.path.path, "run", "--config", config,
            ]
        } else {
            executable = SwipeBinary.path.path
            arguments = ["run", "--config", config]
        }
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = scratch.folder.path
        environment.merge(extra) { _, new in new }
        let log = scratch.path("station-\(runs).log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = try ChildProcess(executable, arguments, environment: environment, stderr: .file(log))
        self.process = process
    }

    /// A station still running when its test ends (a failed expectation, a crash of the test) is killed:
    /// a `file` capture PCM past the end of its file reads silence as fast as it can.
    deinit {
        process?.send(SIGKILL)
    }

    /// The last run's log.
    var log: String { (try? String(contentsOfFile: scratch.path("station-\(runs).log"), encoding: .utf8)) ?? "" }

    /// Sends `signal` and waits for the process to end; returns its exit status.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM) async -> Int32 {
        guard let process else { return -1 }
        process.send(signal)
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        self.process = nil
        return process.waitForExit()
    }

    /// A station with its console open behind `password` (written to a 0600 file in `scratch`).
    static func withConsole(
        scratch: Scratch, catalogURL: String, audioFile: String, mode: String, password: String, extra: String = ""
    ) throws -> StationProcess {
        let passwordFile = scratch.path("console-password")
        _ = FileManager.default.createFile(
            atPath: passwordFile, contents: Data("\(password)\n".utf8), attributes: [.posixPermissions: 0o600])
        return try StationProcess(
            scratch: scratch, catalogURL: catalogURL, audioFile: audioFile, mode: mode,
            extra: "console:\n  passwordFile: \(passwordFile)\n" + extra)
    }

    /// Whether the station signed in to the catalog within `seconds` (its `/metrics` says
    /// `swipe_catalog_reachable 1`; on a loaded machine the first sign-in can take a while).
    func signedIn(within seconds: Double = 60) async throws -> Bool {
        let port = httpPort
        return try await eventually(seconds) {
            guard
                let answer = try? await HTTPClient.shared.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(5))
            else { return false }
            // The sample's own line (`swipe_catalog_reachable 1.0`): its # HELP line reads
            // "# HELP swipe_catalog_reachable 1 while …".
            return String(buffer: try await answer.body.collect(upTo: 1 << 20)).split(separator: "\n")
                .contains { $0.hasPrefix("swipe_catalog_reachable 1") }
        }
    }

    /// `swipe journal --json` for today, parsed.
    func journalLines() async throws -> [[String: Any]] {
        guard FileManager.default.fileExists(atPath: journal) else { return [] }
        let config = config
        let result = try await offPool { try SwipeBinary.run(["journal", "--config", config, "--json"]) }
        #expect(result.status == 0, "\(result.err)")
        return try result.out.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }
}

/// Waits until `condition` holds, up to `seconds`.
func eventually(_ seconds: Double = 20, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return false
}
