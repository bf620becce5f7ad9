public import HummingbirdCore
public import Logging
public import NIOCore

/// A server's connections, each admitted by a ``ConnectionLimiter`` before the
/// protocol (`Base`, HTTP/1 or TLS over it) is set up; one over the limit is closed
/// at once and never reaches the protocol.
public struct LimitedChildChannel<Base: ServerChildChannel>: ServerChildChannel {
    /// What the protocol hands on for each connection.
    public typealias Value = Base.Value

    let base: Base
    let limiter: ConnectionLimiter

    /// Limits `base`'s connections with `limiter`.
    public init(_ base: Base, limiter: ConnectionLimiter) {
        self.base = base
        self.limiter = limiter
    }

    /// Admits the connection (or closes it), then sets up the protocol.
    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        guard limiter.admit(address) else {
            channel.close(mode: .all, promise: nil)
            return channel.eventLoop.makeFailedFuture(ConnectionLimitReached())
        }
        let limiter = limiter
        channel.closeFuture.whenComplete { _ in limiter.release(address) }
        return base.setup(channel: channel, logger: logger)
    }

    /// Serves the connection.
    public func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// A connection closed because the server holds as many as it may.
public struct ConnectionLimitReached: Error, CustomStringConvertible {
    /// Says so.
    public var description: String { "the server holds as many connections as it may" }
}
