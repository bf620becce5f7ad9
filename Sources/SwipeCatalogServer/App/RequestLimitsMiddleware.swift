import HTTPTypes
import Hummingbird
import SwipeServerKit

/// Refuses a body too large by its declared `Content-Length` before reading a byte
/// of it: a client that declares 100 MB and sends nothing holds no connection.
struct RequestLimitsMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Largest body accepted, in bytes.
    let bodyLimit: Int

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let declared = request.headers[.contentLength], let length = Int(declared), length > bodyLimit {
            var response =
                (CatalogFailure(
                    status: 413, code: .payloadTooLarge,
                    message: "The request body is larger than \(bodyLimit / 1024) KiB.")).jsonResponse
            response.headers[.connection] = "close"
            return response
        }
        return try await next(request, context)
    }
}
