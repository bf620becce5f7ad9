public import Hummingbird
import NIOCore

/// Reads every request body whole before the route sees it, within a size and a
/// time: a body declared larger than `limit` is refused before a byte of it is read
/// (413), one that is larger when it comes is refused too, and one that trickles in
/// slower than `timeout` ends the request (408). Routes then read the body from memory.
/// GET and HEAD requests carry none and pass straight through (so live event streams
/// are untouched).
public struct BodyDeadlineMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Largest body accepted, in bytes.
    public let limit: Int
    /// Time for the whole body to arrive.
    public let timeout: Duration

    /// A middleware with these limits.
    public init(limit: Int, timeout: Duration) {
        self.limit = limit
        self.timeout = timeout
    }

    /// Reads the body, then hands the request on.
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        if let declared = request.headers[.contentLength], let length = Int(declared), length > limit {
            throw HTTPError(.contentTooLarge, message: "The request body is larger than \(limit / 1024) KiB.")
        }
        let limit = limit
        let timeout = timeout
        let body: ByteBuffer
        do {
            body = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask {
                    var request = request
                    return try await request.collectBody(upTo: limit)
                }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let body = first else {
                    throw HTTPError(.requestTimeout, message: "The request body did not arrive in time.")
                }
                return body
            }
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "The request body is larger than \(limit / 1024) KiB.")
        }
        var request = request
        request.body = RequestBody(buffer: body)
        return try await next(request, context)
    }
}
