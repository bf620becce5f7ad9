import AsyncHTTPClient
import Foundation
import SwipeCards
import SwipeTestSupport
import Testing

/// The built `swipe run`'s HTTP port against what a device on the school's Wi-Fi can
/// do without the console password: hold a thousand connections, send nothing, send
/// slowly. Real sockets, real ALSA capture, the reference catalog on loopback.
@Suite("swipe run: the station's port under attack", .serialized)
struct StationPortTests {
    /// Raises this process's own open-file limit enough to be the attacker.
    private static func allowDescriptors(_ wanted: Int) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(wanted) else { return }
        limit.rlim_cur = min(limit.rlim_max, rlim_t(wanted))
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    private static func openDescriptors(_ pid: Int32) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
    }

    @Test(
        "1,100 idle connections under a 1,024-descriptor limit: /metrics still answered, a swipe charged once, idle ones closed, no crash"
    )
    func connectionFlood() async throws {
        Self.allowDescriptors(4_096)
        let scratch = try Scratch("flood")
        defer { scratch.remove() }
        let catalog = try await StationCatalog.start(in: scratch)
        defer { catalog.stop() }
        let feed = try SwipeFeed(path: scratch.path("reader.fifo"))
        defer { feed.close() }
        let station = try StationProcess(scratch: scratch, catalogURL: catalog.url, audioFile: feed.path)
        try station.start(fileLimit: 1_024)
        let pid = try #require(station.process?.pid)
        let port = station.httpPort
        let signedIn = try await eventually(60) {
            try await offPool { RawConnection(host: "127.0.0.1", port: port)?.get("/metrics", seconds: 5) ?? "" }
                .contains("swipe_catalog_reachable 1")
        }
        #expect(signedIn, "\(station.log)")

        // The attacker: 1,100 connections from 127.0.0.1 that never send a byte.
        let flood = try await offPool { (0..<1_100).compactMap { _ in RawConnection(host: "127.0.0.1", port: port) } }
        #expect(flood.count > 1_000, "connections made: \(flood.count)")
        let began = ContinuousClock.now
        // Another device (127.0.0.2) is answered at once.
        let metrics = try await offPool {
            RawConnection(host: "127.0.0.1", port: port, source: "127.0.0.2")?.get("/metrics", seconds: 10) ?? ""
        }
        let answeredIn = ContinuousClock.now - began
        #expect(metrics.hasPrefix("HTTP/1.1 200") && metrics.contains("swipe_catalog_reachable 1"), "\(metrics)")
        #expect(answeredIn < .seconds(3), "answered in \(answeredIn)")
        let descriptors = Self.openDescriptors(pid)
        #expect(descriptors > 0 && descriptors < 1_024 - 64, "the station keeps descriptors to spare: \(descriptors)")

        // A swipe during the attack is charged, once.
        try await feed.swipe(WellKnownTestCard.visa)
        let charged = try await eventually(60) {
            try await station.journalLines().contains { $0["status"] as? String == "approved" }
        }
        #expect(charged, "\(station.log)")
        #expect(try await catalog.charges().count == 1)

        // The flood's connections that were served are closed once idle (10 s); the rest were closed at once.
        let idleClosed = try await offPool { flood.prefix(40).allSatisfy { $0.receive(seconds: 15).closed } }
        #expect(idleClosed)
        #expect(station.process?.isRunning == true, "\(station.log)")
        #expect(await station.stop(SIGTERM) == 0, "\(station.log)")
        print(
            "station port flood: \(flood.count) connections, /metrics from another address answered in \(answeredIn), "
                + "station descriptors \(descriptors) of 1,024")
    }

    @Test("a connection that sends nothing, or a body a byte a second, is closed within the timeouts")
    func slowClients() async throws {
        let scratch = try Scratch("slow")
        defer { scratch.remove() }
        let catalog = try await StationCatalog.start(in: scratch)
        defer { catalog.stop() }
        let station = try StationProcess(
            scratch: scratch, catalogURL: catalog.url, audioFile: "/dev/null",
            extra: "console:\n  passwordFile: \(scratch.path("console-password"))")
        _ = FileManager.default.createFile(
            atPath: scratch.path("console-password"), contents: Data("a-long-console-password\n".utf8),
            attributes: [.posixPermissions: 0o600])
        try station.start()
        let port = station.httpPort
        #expect(
            try await eventually(60) {
                try await offPool { RawConnection(host: "127.0.0.1", port: port)?.get("/metrics", seconds: 5) ?? "" }
                    .hasPrefix("HTTP/1.1 200")
            }, "\(station.log)")
        let (idle, slowBody) = try await offPool { () -> ((String, Bool), (String, Bool)) in
            let silent = RawConnection(host: "127.0.0.1", port: port)
            let slow = RawConnection(host: "127.0.0.1", port: port)
            slow?.send("POST /login HTTP/1.1\r\nHost: station\r\nContent-Type: application/x-www-form-urlencoded\r\n")
            slow?.send("Content-Length: 200\r\n\r\npassword=")
            var trickled = (text: "", closed: false)
            for _ in 0..<20 where !trickled.closed {
                guard slow?.send("x") == true else {
                    trickled.closed = true
                    break
                }
                let answer = slow?.receive(seconds: 1) ?? (text: "", closed: true)
                trickled = (trickled.text + answer.text, answer.closed)
            }
            return (silent?.receive(seconds: 15) ?? ("", false), trickled)
        }
        #expect(idle.1, "a silent connection is closed")
        #expect(slowBody.1 || slowBody.0.hasPrefix("HTTP/1.1 408"), "a trickled body is cut off: \(slowBody.0)")
        #expect(await station.stop(SIGTERM) == 0, "\(station.log)")
    }

    @Test("an IPv6 listen address works: [::1]:PORT")
    func ipv6() async throws {
        let scratch = try Scratch("ipv6")
        defer { scratch.remove() }
        let catalog = try await StationCatalog.start(in: scratch)
        defer { catalog.stop() }
        let station = try StationProcess(scratch: scratch, catalogURL: catalog.url, audioFile: "/dev/null")
        let config = try String(contentsOfFile: station.config, encoding: .utf8)
            .replacingOccurrences(of: "listen: 127.0.0.1:", with: "listen: \"[::1]:")
            .replacingOccurrences(of: "\n\(station.httpPort)\n", with: "\n")
        try config.replacingOccurrences(of: "[::1]:\(station.httpPort)", with: "[::1]:\(station.httpPort)\"")
            .write(toFile: station.config, atomically: true, encoding: .utf8)
        try station.start()
        let port = station.httpPort
        let answered = try await eventually(60) {
            try await offPool { RawConnection(host: "::1", port: port)?.get("/metrics", seconds: 5) ?? "" }
                .hasPrefix("HTTP/1.1 200")
        }
        #expect(answered, "\(station.log)")
        #expect(await station.stop(SIGTERM) == 0, "\(station.log)")
    }
}
