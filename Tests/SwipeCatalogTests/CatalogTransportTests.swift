import AsyncHTTPClient
import Foundation
import Glibc
import SwipeCatalogClient
import SwipeCatalogServer
import SwipeTestSupport
import Testing

/// Slow clients and old TLS against a real server on loopback.
@Suite("Catalog: slow clients, oversized bodies, TLS versions")
struct CatalogTransportTests {
    /// A raw TCP connection to the server, for what no well-behaved client sends.
    final class RawConnection: @unchecked Sendable {
        let descriptor: Int32

        init(port: Int) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
            var timeout = timeval(tv_sec: 15, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        func send(_ text: String) {
            _ = text.withCString { Glibc.send(descriptor, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        }

        /// What the server sends until it closes or 15 s pass.
        func receive() -> String {
            var collected = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                guard count > 0 else { break }
                collected += buffer[0..<count]
                if String(decoding: collected, as: UTF8.self).contains("\r\n\r\n{") { break }
            }
            return String(decoding: collected, as: UTF8.self)
        }

        /// Whether the server has closed the connection (reads end), waiting up to 15 s.
        func isClosedByServer() -> Bool {
            var byte: UInt8 = 0
            return recv(descriptor, &byte, 1, 0) == 0
        }

        deinit { close(descriptor) }
    }

    func port(_ catalog: TestCatalog) throws -> Int {
        try #require(Int(catalog.url.split(separator: ":").last ?? ""))
    }

    @Test(
        "connections that never finish their headers are closed and do not keep others out",
        arguments: CatalogBackend.all)
    func slowHeaders(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(
            backend,
            listen: { listen in
                listen.idleTimeout = .seconds(1)
                listen.maxConnections = 40
            })
        let port = try port(catalog)
        // More slow connections than the server serves at once, each with half a request head.
        let slow = try (0..<100).map { _ in try RawConnection(port: port) }
        for connection in slow { connection.send("GET /v1/districts HTTP/1.1\r\nHost: x\r\n") }
        // A normal request still gets its answer.
        var request = HTTPClientRequest(url: catalog.url + "/v1/districts")
        request.method = .GET
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        #expect(response.status == .ok)
        let first = slow[0]
        #expect(try await offPool { first.isClosedByServer() })
        try await catalog.stop()
    }

    @Test(
        "a body declared too large is refused before it is read; a body that never comes times out",
        arguments: CatalogBackend.all)
    func bodies(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend, bodyTimeout: .seconds(1))
        let port = try port(catalog)
        let huge = try RawConnection(port: port)
        huge.send(
            "POST /v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n")
        let answer = try await offPool { huge.receive() }
        #expect(answer.hasPrefix("HTTP/1.1 413"))
        #expect(answer.contains("payload_too_large"))

        let trickle = try RawConnection(port: port)
        trickle.send(
            "POST /v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"di")
        #expect(try await offPool { trickle.receive() }.hasPrefix("HTTP/1.1 408"))
        try await catalog.stop()
    }

    @Test("TLS 1.0 and 1.1 and CBC suites are refused; TLS 1.2 with AEAD and TLS 1.3 are served")
    func tlsVersions() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificate = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let made = try await offPool {
            try Self.run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2",
                    "-subj", "/CN=127.0.0.1",
                ])
        }
        #expect(made == 0)
        let catalog = try await TestCatalog.start(listen: { listen in listen.tls = (certificate, key) })
        let port = try port(catalog)
        func handshake(_ options: [String]) async throws -> Bool {
            try await offPool {
                try Self.run(
                    "/usr/bin/openssl",
                    ["s_client", "-connect", "127.0.0.1:\(port)", "-brief"] + options, input: "Q\n") == 0
            }
        }
        #expect(try await !handshake(["-tls1", "-cipher", "DEFAULT@SECLEVEL=0"]))
        #expect(try await !handshake(["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"]))
        #expect(try await !handshake(["-tls1_2", "-cipher", "AES128-SHA:ECDHE-RSA-AES128-SHA"]))
        #expect(try await handshake(["-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"]))
        #expect(try await handshake(["-tls1_3"]))
        try await catalog.stop()
    }

    /// Runs a program; its exit status.
    static func run(_ program: String, _ arguments: [String], input: String = "") throws -> Int32 {
        try ChildProcess.run(program, arguments, input: input).status
    }
}

@Suite("Catalog: small things that were wrong")
struct CatalogSmallFixesTests {
    @Test(
        "a wrong method on a known path is a 405 with Allow; an unknown path stays a 404", arguments: CatalogBackend.all
    )
    func methodNotAllowed(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let wrong = try await catalog.raw(.DELETE, "/v1/charges")
        #expect(wrong.status == 405)
        #expect(String(decoding: wrong.body, as: UTF8.self).contains("method_not_allowed"))
        let alsoWrong = try await catalog.raw(.GET, "/v1/charges/ch_1/void")
        #expect(alsoWrong.status == 405)
        #expect(try await catalog.raw(.GET, "/v1/nothing-here").status == 404)
        let token = try #require(try await catalog.signIn().token)
        let badDay = try await catalog.raw(
            .GET, "/v1/schools/demo-high/charges?date=0000-00-00", headers: [("Authorization", "Bearer \(token)")])
        #expect(badDay.status == 400)
        try await catalog.stop()
    }

    @Test("the session file follows SWIPE_SESSION, XDG_CONFIG_HOME, then HOME")
    func sessionPath() {
        #expect(SessionStore.defaultPath(environment: ["SWIPE_SESSION": "/s.json", "HOME": "/h"]) == "/s.json")
        #expect(
            SessionStore.defaultPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/swipe/session.json")
        #expect(SessionStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/swipe/session.json")
        #expect(
            SessionStore.defaultPath(environment: ["HOME": "/h", "XDG_CONFIG_HOME": ""])
                == "/h/.config/swipe/session.json")
    }
}
