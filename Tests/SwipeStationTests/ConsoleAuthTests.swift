import AsyncHTTPClient
import Foundation
import NIOHTTP1
import SwipeCards
import SwipeTestSupport
import Testing

@testable import SwipeStation

/// The console's door: nothing but the sign-in page without the password, a
/// session cookie that scripts and other sites cannot use, CSRF on every change,
/// password guessing slowed then stopped.
@Suite("The console's sign-in", .serialized)
struct ConsoleAuthTests {
    @Test("without a session: the sign-in page only; pages redirect, the API says 401")
    func signedOut() async throws {
        let setup = try await ConsoleBench.start(openMetrics: false)
        defer { setup.stop() }
        let client = setup.client

        let root = try await client.send(.GET, "/")
        #expect(root.status == 303 && root.headers["Location"].first == "/login")
        let login = try await client.send(.GET, "/login")
        #expect(login.status == 200 && login.text.contains(#"name="password""#))
        for path in ["/api/status", "/api/sales", "/api/events", "/metrics", "/images/high-tshirt.jpg"] {
            let answer = try await client.send(.GET, path)
            #expect(answer.status == 401 || answer.status == 303, "\(path): \(answer.status)")
            #expect(!answer.text.contains("Football"), "\(path) tells nothing")
        }
        #expect(try await client.send(.PUT, "/api/sale", body: #"{"product":"high-game-ticket"}"#).status == 401)
        #expect(try await client.send(.GET, "/assets/console.js").status == 200)
        // Every answer carries the headers that keep other sites' content out.
        let headers = login.headers
        #expect(headers["Content-Security-Policy"].first?.contains("default-src 'none'") == true)
        #expect(headers["X-Frame-Options"].first == "DENY" && headers["Cache-Control"].first == "no-store")
    }

    @Test("signing in: the cookie is HttpOnly and SameSite=Strict; changes need the CSRF token and this origin")
    func session() async throws {
        let setup = try await ConsoleBench.start()
        defer { setup.stop() }
        let bench = setup.bench
        let server = setup.server
        let client = setup.client

        let (console, answer) = try await client.signIn(ConsoleBench.password)
        let cookie = try #require(answer.headers["Set-Cookie"].first)
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
        #expect(!cookie.contains("Secure"), "plain HTTP here; Secure with http.tlsCert")
        let signedIn = try #require(console)
        let page = try await signedIn.send(.GET, "/")
        #expect(page.status == 200 && page.text.contains("Football game ticket") && page.text.contains("$5.00"))
        #expect(page.text.contains(#"src="/images/high-tshirt.jpg""#))
        let image = try await signedIn.send(.GET, "/images/high-tshirt.jpg")
        #expect(image.status == 200 && image.headers["Content-Type"].first == "image/jpeg")
        #expect(FileManager.default.fileExists(atPath: bench.scratch.path("product-images/high-tshirt.jpg")))
        #expect(try await signedIn.send(.GET, "/images/..%2Fjournal.sqlite").status == 404)
        #expect(try await signedIn.send(.GET, "/metrics").status == 200)

        let body = #"{"product":"high-game-ticket"}"#
        let noToken = try await signedIn.send(.PUT, "/api/sale", body: body, csrf: .some(nil))
        #expect(noToken.status == 403 && noToken.error?.contains("reload") == true)
        #expect(try await signedIn.send(.PUT, "/api/sale", body: body, csrf: "forged").status == 403)
        let elsewhere = try await signedIn.send(.PUT, "/api/sale", body: body, origin: "http://evil.example")
        #expect(elsewhere.status == 403 && elsewhere.error?.contains("another site") == true)
        #expect(await bench.controller.armed == nil, "nothing armed by a refused request")
        let sameOrigin = try await signedIn.send(.PUT, "/api/sale", body: body, origin: server.base)
        #expect(sameOrigin.status == 200)

        #expect(try await signedIn.send(.POST, "/logout").status == 204)
        #expect(try await signedIn.send(.GET, "/api/status").status == 401, "signed out for good")
    }

    @Test("wrong passwords are refused, slowed, then locked out per address")
    func throttling() async throws {
        let setup = try await ConsoleBench.start()
        defer { setup.stop() }
        let client = setup.client

        let wrong = try await client.signIn("guess-0")
        #expect(wrong.client == nil && wrong.answer.status == 401)
        #expect(wrong.answer.text.contains("not the console password"))
        for attempt in 1..<10 { _ = try await client.signIn("guess-\(attempt)") }
        let locked = try await client.signIn(ConsoleBench.password)
        #expect(locked.client == nil && locked.answer.status == 429, "locked even with the right password")
        #expect(locked.answer.text.contains("Too many wrong passwords"))
        let hostile = try await client.send(
            .POST, "/login", body: String(repeating: "x", count: 10_000),
            contentType: "application/x-www-form-urlencoded")
        #expect(hostile.status >= 400 && hostile.status < 500)
    }

    @Test("30 wrong passwords from 30 addresses lock the sign-in for everyone, the right password included")
    func stationWideThrottle() async throws {
        let setup = try await ConsoleBench.start()
        defer { setup.stop() }
        let port = try #require(Int(setup.server.base.split(separator: ":").last ?? ""))
        func signIn(_ password: String, from source: String) async throws -> String {
            try await offPool {
                let form = "password=" + password
                let connection = RawConnection(host: "127.0.0.1", port: port, source: source)
                connection?.send(
                    "POST /login HTTP/1.1\r\nHost: station\r\nConnection: close\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n\r\n"
                        + form)
                return connection?.receive(seconds: 10).text ?? ""
            }
        }
        // Guessed from 30 addresses at once, each well under its own limit of 10.
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<30 { group.addTask { try await signIn("guess-\(index)", from: "127.0.0.\(index + 2)") } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(answers.allSatisfy { $0.hasPrefix("HTTP/1.1 401") }, "\(answers.map { $0.prefix(20) })")
        let locked = try await signIn(ConsoleBench.password, from: "127.0.0.200")
        #expect(locked.hasPrefix("HTTP/1.1 429") && locked.contains("on this station"), "\(locked.prefix(200))")
    }

    @Test("over HTTPS (http.tlsCert, http.tlsKey): the session cookie is Secure")
    func https() async throws {
        let bench = try await SaleControllerTests.Bench.start(mode: .console)
        defer { bench.stop() }
        let certificate = bench.scratch.path("cert.pem")
        let key = bench.scratch.path("key.pem")
        let made = try await offPool {
            try SwipeBinary.runProgram(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
                    "-out", certificate, "-days", "2", "-subj", "/CN=127.0.0.1",
                ])
        }
        try #require(made.status == 0, "\(made.err)")
        let setup = try await ConsoleBench.start(tls: (certificate, key), bench: bench)
        defer { setup.stop() }
        #expect(setup.server.base.hasPrefix("https://"))
        let client = setup.client
        let (console, answer) = try await client.signIn(ConsoleBench.password)
        #expect(answer.headers["Set-Cookie"].first?.contains("Secure") == true)
        #expect(try await console?.send(.GET, "/api/status").status == 200)
    }

    @Test("no console password: the console stays closed and says how to open it")
    func closed() async throws {
        let setup = try await ConsoleBench.start(password: nil)
        defer { setup.stop() }
        let client = setup.client

        let login = try await client.send(.GET, "/login")
        #expect(login.text.contains("The console is closed") && login.text.contains("console.passwordFile"))
        #expect(!login.text.contains(#"name="password""#))
        #expect(try await client.signIn("anything at all").client == nil)
        #expect(try await client.send(.GET, "/api/status").status == 401)
        #expect(try await client.send(.GET, "/metrics").status == 200, "metrics open by default")
    }
}
