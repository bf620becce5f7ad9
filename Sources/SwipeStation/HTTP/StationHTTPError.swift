import Foundation
import Hummingbird
import NIOCore

/// An API error that renders itself as `{"error":{"message":...}}`.
struct StationHTTPError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try JSONEncoder().encode(["error": ["message": message]])
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Turns every other error (a bad JSON body, an unknown route) into the same JSON shape.
struct StationErrorMiddleware: RouterMiddleware {
    typealias Context = StationRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as StationHTTPError {
            throw error
        } catch let error as any HTTPResponseError {
            throw StationHTTPError(
                error.status, error.status == .notFound ? "no such route" : "bad request: \(error.status.reasonPhrase)")
        } catch {
            throw StationHTTPError(.badRequest, "the request could not be read")
        }
    }
}
