import HTTPTypes
import Hummingbird
import Logging
import SwipeCatalogAPI
import SwipeServerKit

/// Turns every error into the API's JSON error shape, so clients see one format
/// even for unknown routes, oversized bodies and bugs. Error text never includes
/// request bodies.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The routes, to answer 405 rather than 404 for a known path with another method.
    let routes: RouteTable

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let failure as CatalogFailure {
            return try failure.response(from: request, context: context)
        } catch let error as HTTPError {
            if error.status == .notFound {
                let allowed = routes.methods(for: request.uri.path)
                if !allowed.isEmpty {
                    var response =
                        (CatalogFailure(
                            status: 405, code: .methodNotAllowed,
                            message: "This endpoint answers \(allowed.joined(separator: ", ")) only.")).jsonResponse
                    response.headers[.allow] = allowed.joined(separator: ", ")
                    return response
                }
            }
            return (Self.failure(for: error.status)).jsonResponse
        } catch {
            context.logger.error("internal error", metadata: ["type": "\(type(of: error))"])
            return
                (CatalogFailure(
                    status: 500, code: .internalError, message: "Something went wrong on the server: try again."))
                .jsonResponse
        }
    }

    static func failure(for status: HTTPResponse.Status) -> CatalogFailure {
        switch status {
        case .notFound: .notFound("No such endpoint.")
        case .contentTooLarge:
            CatalogFailure(status: 413, code: .payloadTooLarge, message: "The request body is too large.")
        case .methodNotAllowed:
            CatalogFailure(status: 405, code: .methodNotAllowed, message: "Method not allowed on this endpoint.")
        case .unauthorized: .unauthorized
        default: CatalogFailure(status: status.code, code: .badRequest, message: "The request could not be handled.")
        }
    }
}
