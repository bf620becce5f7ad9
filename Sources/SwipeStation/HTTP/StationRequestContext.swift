public import Hummingbird
import NIOCore

/// What a request to the station carries beyond Hummingbird's own: who sent it and,
/// once ``ConsoleGuard`` has looked, the console session its cookie names.
public struct StationRequestContext: RequestContext {
    /// Hummingbird's storage.
    public var coreContext: CoreRequestContextStorage
    /// The signed-in console session, when the cookie names a live one.
    public var session: ConsoleSession?
    /// The session cookie's value, with ``session``.
    public var sessionToken: String?
    /// The client's IP address: login throttling counts per address.
    public let clientAddress: String

    /// Creates the context of one request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
