import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import SwipeServerKit
import Testing

@testable import SwipeStation

/// A client of the station's console as a browser is: it signs in with the form,
/// keeps the session cookie, reads the CSRF token from the page and sends it back.
final class ConsoleTestClient: Sendable {
    let base: String
    let http: HTTPClient
    let cookie: String?
    let csrf: String?

    init(base: String, cookie: String? = nil, csrf: String? = nil, http: HTTPClient? = nil) {
        self.base = base
        self.cookie = cookie
        self.csrf = csrf
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        if base.hasPrefix("https:") {
            // The test's certificate is self-signed.
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            configuration.tlsConfiguration = tls
        }
        self.http = http ?? HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// An answer: status, headers, body text and, when it is JSON, the object.
    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var text: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
        var error: String? { (json["error"] as? [String: Any])?["message"] as? String }
    }

    func send(
        _ method: HTTPMethod, _ path: String, body: String? = nil, contentType: String = "application/json",
        csrf: String?? = .none, origin: String? = nil
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let cookie { request.headers.add(name: "Cookie", value: "\(ConsoleSessions.cookieName)=\(cookie)") }
        if let token = csrf ?? self.csrf { request.headers.add(name: "X-CSRF-Token", value: token) }
        if let origin { request.headers.add(name: "Origin", value: origin) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await http.execute(request, timeout: .seconds(20))
        let bytes = try await response.body.collect(upTo: 4 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, text: String(buffer: bytes))
    }

    /// Signs in with `password`; the signed-in client, or the answer that refused it.
    func signIn(_ password: String) async throws -> (client: ConsoleTestClient?, answer: Answer) {
        let form = "password=" + (password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        let answer = try await send(.POST, "/login", body: form, contentType: "application/x-www-form-urlencoded")
        guard answer.status == 303,
            let setCookie = answer.headers["Set-Cookie"].first,
            let value = setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last
        else { return (nil, answer) }
        let signedIn = ConsoleTestClient(base: base, cookie: String(value), http: http)
        let page = try await signedIn.send(.GET, "/")
        let token = try #require(
            page.text.firstMatch(of: /<meta name="csrf-token" content="([^"]+)">/)?.1, "the page holds a CSRF token")
        return (ConsoleTestClient(base: base, cookie: String(value), csrf: String(token), http: http), answer)
    }

    func shutdown() async {
        try? await http.shutdown()
    }
}

/// The station's HTTP endpoint over a bench, on a free loopback port.
struct ConsoleServer {
    let base: String
    let task: Task<Void, any Error>
    let ticker: Task<Void, any Error>

    static func start(
        _ bench: SaleControllerTests.Bench, password: String?, openMetrics: Bool = true,
        tls: (certificate: String, key: String)? = nil
    ) async throws -> (ConsoleServer, StationParts) {
        let parts = bench.parts(consolePassword: password)
        var settings = StationConfiguration.HTTP()
        settings.port = 0
        settings.openMetrics = openMetrics
        settings.tls = tls
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try StationHTTP.application(
            station: parts, settings: settings, limiter: ConnectionLimiter(total: 64, perAddress: 64),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
            onRunning: { continuation.yield($0) })
        let task = Task { try await app.run() }
        let events = parts.events
        let ticker = Task { try await events.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let scheme = tls == nil ? "http" : "https"
        return (ConsoleServer(base: "\(scheme)://127.0.0.1:\(port)", task: task, ticker: ticker), parts)
    }

    func stop() {
        ticker.cancel()
        task.cancel()
    }
}

/// A sale bench with the console served over it and a client that has not signed in yet.
struct ConsoleBench {
    static let password = "table-password-1"

    let bench: SaleControllerTests.Bench
    let server: ConsoleServer
    /// Not signed in.
    let client: ConsoleTestClient
    /// Whether ``stop()`` stops the bench too (it made it).
    let ownsBench: Bool

    static func start(
        mode: StationConfiguration.Sale.Mode = .console, password: String? = Self.password, openMetrics: Bool = true,
        tls: (certificate: String, key: String)? = nil, bench: SaleControllerTests.Bench? = nil
    ) async throws -> ConsoleBench {
        let given = bench
        let bench = try await { () async throws -> SaleControllerTests.Bench in
            if let given { return given }
            return try await SaleControllerTests.Bench.start(mode: mode)
        }()
        let (server, _) = try await ConsoleServer.start(bench, password: password, openMetrics: openMetrics, tls: tls)
        return ConsoleBench(
            bench: bench, server: server, client: ConsoleTestClient(base: server.base), ownsBench: given == nil)
    }

    /// A client signed in with the console password.
    func signedIn() async throws -> ConsoleTestClient {
        try #require(try await client.signIn(Self.password).client, "signed in")
    }

    func stop() {
        let client = client
        Task { await client.shutdown() }
        server.stop()
        if ownsBench { bench.stop() }
    }
}
