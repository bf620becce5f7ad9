import Glibc

/// A plain TCP connection, for tests that behave as clients an HTTP library would not
/// be: idle, slow, from a chosen loopback source address, or one of a thousand.
public final class RawConnection: Sendable {
    /// The socket.
    public let descriptor: Int32

    /// Connects to `host` (an IPv4 or IPv6 literal) at `port`, from `source` when given (an
    /// IPv4 loopback address such as `127.0.0.2`: every 127/8 address is the machine's own).
    /// `nil` when the connection cannot be made (refused, or no descriptor left).
    public init?(host: String, port: Int, source: String? = nil) {
        guard let target = Self.address(host, port: port) else { return nil }
        descriptor = socket(Int32(target.family), Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        let local = source.flatMap { Self.address($0, port: 0) }
        guard source == nil || (local.map { Self.call(Glibc.bind, descriptor, $0) } ?? false),
            Self.call(connect, descriptor, target)
        else {
            // Not closed here: the instance is whole, so failing runs `deinit`, which closes it.
            // (Closing twice would close whatever descriptor the process opened in between.)
            return nil
        }
    }

    /// An IPv4 or IPv6 literal and a port as a socket address, or `nil` when it is neither.
    private static func address(_ host: String, port: Int) -> (storage: sockaddr_storage, family: Int32, length: Int)? {
        var storage = sockaddr_storage()
        let ipv6 = host.contains(":")
        let parsed = withUnsafeMutableBytes(of: &storage) { raw -> Bool in
            if ipv6 {
                let address = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self)
                address.pointee.sin6_family = sa_family_t(AF_INET6)
                address.pointee.sin6_port = in_port_t(UInt16(port).bigEndian)
                return inet_pton(AF_INET6, host, &address.pointee.sin6_addr) == 1
            }
            let address = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self)
            address.pointee.sin_family = sa_family_t(AF_INET)
            address.pointee.sin_port = in_port_t(UInt16(port).bigEndian)
            return inet_pton(AF_INET, host, &address.pointee.sin_addr) == 1
        }
        guard parsed else { return nil }
        return (
            storage, ipv6 ? AF_INET6 : AF_INET,
            ipv6 ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size
        )
    }

    /// `bind` or `connect` on `address`; whether it succeeded.
    private static func call(
        _ function: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32, _ descriptor: Int32,
        _ address: (storage: sockaddr_storage, family: Int32, length: Int)
    ) -> Bool {
        var storage = address.storage
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { function(descriptor, $0, socklen_t(address.length)) }
        } == 0
    }

    deinit { close(descriptor) }

    /// Sends `text` whole; `false` when the server has closed the connection.
    @discardableResult
    public func send(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let sent = bytes.withUnsafeMutableBytes {
                Glibc.send(descriptor, $0.baseAddress! + done, $0.count - done, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return false }
            done += sent
        }
        return true
    }

    /// What the server sends until it closes the connection or `seconds` pass; `closed`
    /// says which.
    public func receive(seconds: Double) -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        let deadline = Double(monotonicMilliseconds()) + seconds * 1_000
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let left = Int32(max(0, deadline - Double(monotonicMilliseconds())))
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, left) > 0 else { return (String(decoding: received, as: UTF8.self), false) }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer[..<count]
        }
    }

    /// One HTTP/1.1 GET, answered whole (the request asks the server to close after it).
    public func get(_ path: String, seconds: Double = 10) -> String {
        send("GET \(path) HTTP/1.1\r\nHost: station\r\nConnection: close\r\n\r\n")
        return receive(seconds: seconds).text
    }

    private func monotonicMilliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1_000 + now.tv_nsec / 1_000_000
    }
}
