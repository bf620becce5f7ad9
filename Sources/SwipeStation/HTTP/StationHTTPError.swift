import Hummingbird
import SwipeServerKit

/// An API error of the station's console, in the one error shape of both servers (``JSONError``):
/// `{"error": {"code": "conflict", "message": "..."}}`, the message a sentence for a person.
struct StationHTTPError: JSONError {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// The status's reason as a stable code: `bad_request`, `conflict`, `service_unavailable`, ...
    var code: String { status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_") }
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
                error.status, error.status == .notFound ? "No such page." : "The request could not be handled.")
        } catch {
            throw StationHTTPError(.badRequest, "The request could not be read.")
        }
    }
}
