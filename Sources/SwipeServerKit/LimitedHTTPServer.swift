public import HummingbirdCore
import HummingbirdTLS
import NIOCore
public import NIOSSL

/// An HTTP/1.1 server (over TLS when given) that cannot be held open by slow or idle
/// clients: a connection that sends no complete request head within `idleTimeout`
/// (or nothing at all) is closed, and only the connections ``ConnectionLimiter``
/// admits are served; the rest are closed at once.
public enum LimitedHTTPServer {
    /// The server builder for an `Application`.
    public static func builder(
        idleTimeout: Duration, limiter: ConnectionLimiter, tls: TLSConfiguration? = nil
    ) -> HTTPServerBuilder {
        let (seconds, attoseconds) = idleTimeout.components
        let idle = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        return HTTPServerBuilder { responder in
            let http = HTTP1Channel(responder: responder, configuration: .init(idleTimeout: idle))
            if let tls { return LimitedChildChannel(try TLSChannel(http, tlsConfiguration: tls), limiter: limiter) }
            return LimitedChildChannel(http, limiter: limiter)
        }
    }
}
