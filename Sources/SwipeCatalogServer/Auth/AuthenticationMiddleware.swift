import HTTPTypes
import Hummingbird

/// Puts the account behind the bearer token into the context; no token, or one
/// that is unknown, expired or revoked, is a 401.
struct AuthenticationMiddleware: RouterMiddleware {
    let sessions: Sessions

    func handle(
        _ request: Request, context: CatalogContext, next: (Request, CatalogContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw CatalogFailure.unauthorized
        }
        var context = context
        context.account = try await sessions.account(forToken: String(header.dropFirst(7)))
        return try await next(request, context)
    }
}
