/// `HOST:PORT` as an operator writes it: `127.0.0.1:8081`, `0.0.0.0:8081`,
/// `[::1]:8081`, `[::]:8081` (an IPv6 address in brackets), `pi.local:8081`.
public struct ListenAddress: Sendable, Equatable {
    /// The host or address to bind, without brackets.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int

    /// Parses `text`; `nil` when it is not `HOST:PORT` (an IPv6 address must be in brackets).
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else { return nil }
        var host = Substring(text[..<colon])
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { return nil }
            host = host.dropFirst().dropLast()
            guard host.contains(":"), host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        } else {
            guard !host.isEmpty, !host.contains(":"),
                host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" })
            else { return nil }
        }
        self.host = String(host)
        self.port = port
    }

    /// The address as it is written, brackets and all.
    public var text: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
