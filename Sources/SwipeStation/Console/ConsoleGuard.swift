import Foundation
import HTTPTypes
import Hummingbird

/// Keeps everything but the sign-in page, the console's static assets and (when
/// `http.openMetrics` says so) `/metrics` behind a signed-in session, and every
/// change behind the session's CSRF token.
///
/// A request that changes something (any method but GET and HEAD) must send the
/// session's token in `X-CSRF-Token` and, when the browser names its `Origin`,
/// come from this station's own origin. With the cookie `SameSite=Strict` too, a
/// page elsewhere on the school's network cannot act for a signed-in volunteer.
struct ConsoleGuard: RouterMiddleware {
    typealias Context = StationRequestContext

    let sessions: ConsoleSessions
    let openMetrics: Bool

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        let changes = request.method != .get && request.method != .head
        if changes, !Self.sameOrigin(request) {
            throw StationHTTPError(.forbidden, "this request came from another site")
        }
        if path == "/login" || path.hasPrefix("/assets/") || (openMetrics && path == "/metrics") {
            return try await next(request, context)
        }
        var context = context
        if let token = request.cookies[ConsoleSessions.cookieName]?.value,
            let session = await sessions.session(token)
        {
            context.session = session
            context.sessionToken = token
        }
        guard let session = context.session else {
            if path.hasPrefix("/api/") || path == "/metrics" {
                throw StationHTTPError(.unauthorized, "sign in to the console first")
            }
            return Response(status: .seeOther, headers: [.location: "/login"])
        }
        if changes, request.headers[.csrfToken] != session.csrfToken {
            throw StationHTTPError(.forbidden, "the page is out of date: reload it")
        }
        return try await next(request, context)
    }

    /// Whether the request's `Origin` (when sent) is this station as the browser reached it.
    static func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority,
            let url = URL(string: origin), let originHost = url.host
        else { return false }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        return originAuthority.lowercased() == host.lowercased()
    }
}

extension HTTPField.Name {
    /// The console's CSRF token header.
    static let csrfToken = Self("X-CSRF-Token")!
}
