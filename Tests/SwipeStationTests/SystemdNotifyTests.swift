import Foundation
import Glibc
import Synchronization
import Testing

/// `swipe run` under a `Type=notify` unit: a datagram socket stands in for systemd's.
@Suite("sd_notify: readiness, watchdog, stopping")
struct SystemdNotifyTests {
    /// Receives datagrams on a thread of its own (blocking reads stay off the cooperative pool).
    final class NotifySocket: Sendable {
        let path: String
        private let descriptor: Int32
        private let received = Mutex<[String]>([])

        init(path: String) throws {
            self.path = path
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { buffer in
                for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            try #require(bound == 0, "bind \(path)")
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let thread = Thread { [self] in
                var buffer = [UInt8](repeating: 0, count: 4_096)
                while true {
                    let count = recv(descriptor, &buffer, buffer.count, 0)
                    if count > 0 {
                        let text = String(decoding: buffer[0..<count], as: UTF8.self)
                        received.withLock { $0.append(text) }
                    } else if count < 0, errno != EAGAIN, errno != EINTR {
                        return
                    }
                }
            }
            thread.start()
        }

        var messages: [String] { received.withLock { $0 } }

        func close() { shutdown(descriptor, Int32(SHUT_RDWR)) }
    }

    @Test("READY=1 once listening, WATCHDOG=1 at half of WatchdogSec, STOPPING=1 on SIGTERM")
    func notifies() async throws {
        let scratch = try Scratch("notify")
        defer { scratch.remove() }
        let socket = try NotifySocket(path: scratch.path("notify.sock"))
        defer { socket.close() }
        // An idle reader: a FIFO with nothing in it (a plain file would be read past its end, as fast as the
        // station can, spinning a core a loaded CI machine does not have).
        let feed = try SwipeFeed(path: scratch.path("reader.fifo"))
        defer { feed.close() }
        let station = try StationProcess(
            scratch: scratch, catalogURL: "http://127.0.0.1:9", audioFile: feed.path)
        try station.start(environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "200000"])
        // (A deadline, not a speed: on a loaded machine the station took a minute to start pinging.)
        let pinged = try await eventually(180) { socket.messages.filter { $0.hasPrefix("WATCHDOG=1") }.count >= 3 }
        #expect(pinged, "\(socket.messages) \(station.log)")
        #expect(await station.stop(SIGTERM) == 0)
        #expect(try await eventually(30) { socket.messages.contains { $0.hasPrefix("STOPPING=1") } })
        let messages = socket.messages
        #expect(messages.first?.hasPrefix("READY=1\nSTATUS=") == true, "\(messages)")
        #expect(messages.contains { $0.contains("STATUS=selling refused: ") }, "the status says why it cannot sell")
    }
}
