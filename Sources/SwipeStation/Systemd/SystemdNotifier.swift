import Foundation
import Glibc

/// Tells systemd how the service is doing (`sd_notify`): `READY=1`, `WATCHDOG=1`,
/// `STATUS=...`, `STOPPING=1`, as datagrams to `$NOTIFY_SOCKET`. Without that
/// variable (not started by systemd with `Type=notify`) every call does nothing.
struct SystemdNotifier: Sendable {
    /// The socket path (a leading `@` is Linux's abstract namespace).
    let socketPath: String?
    /// Half of `WatchdogSec=`, when the unit has one: how often to say all is well.
    let watchdogInterval: Duration?

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        watchdogInterval = environment["WATCHDOG_USEC"].flatMap(Int.init).map { .microseconds($0 / 2) }
    }

    /// Whether systemd listens.
    var isActive: Bool { socketPath != nil }

    /// Sends `state` (lines of `KEY=value`). Failures are ignored: systemd's listening is best effort.
    @discardableResult
    func notify(_ state: String) -> Bool {
        guard let socketPath else { return false }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketPath.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }  // abstract socket
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.enumerated() { buffer[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (path.first == 0 ? 0 : 1))
        let bytes = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                sendto(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL), socketAddress, length)
            }
        }
        return sent == bytes.count
    }
}
