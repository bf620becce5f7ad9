#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A loopback port for a test's child process (a station, chromedriver) to listen on.
public enum LoopbackPort {
    /// Ports tried: below Linux's ephemeral range (32768-60999), which the outgoing
    /// connections of the tests running alongside take their ports from; a port picked
    /// there can be in use by the time the child binds it.
    public static let candidates = 20_000..<32_768

    /// A random port from ``candidates`` that nothing listens on or holds right now (it binds
    /// once, without `SO_REUSEADDR`, and lets go). Another test could still take it before the
    /// child does; that is rare, and no longer the rule for a busy machine.
    public static func free() -> Int {
        for _ in 0..<200 {
            let port = Int.random(in: candidates)
            if isFree(port) { return port }
        }
        return Int.random(in: candidates)
    }

    /// Whether 127.0.0.1:`port` can be bound right now.
    static func isFree(_ port: Int) -> Bool {
        #if canImport(Glibc) || canImport(Musl)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return bound == 0
    }
}
