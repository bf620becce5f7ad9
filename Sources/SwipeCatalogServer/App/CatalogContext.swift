import Hummingbird
import SwipeCatalogAPI
import SwipeServerKit

/// The request context of every catalog route: the signed-in account (set by
/// ``AuthenticationMiddleware`` on the routes that need one) and the API's coders.
struct CatalogContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The account behind the bearer token; `nil` before authentication.
    var account: Account?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// JSON as the API writes it (ISO 8601 with milliseconds, sorted keys, `no-store`).
    var responseEncoder: CatalogResponseEncoder { CatalogResponseEncoder() }

    /// The signed-in account, or 401.
    func requireAccount() throws -> Account {
        guard let account else { throw CatalogFailure.unauthorized }
        return account
    }
}

/// Encodes handler results in the API's JSON.
struct CatalogResponseEncoder: ResponseEncoder {
    func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        try JSONResponse.ok(value)
    }
}
