import Foundation
import HTTPTypes
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
public import SwipeServerKit

/// The station's HTTP endpoint on `http.listen`: the operator console (pages,
/// assets, product images), its API under `/api`, and `GET /metrics`
/// (Prometheus). Everything but the sign-in page and the assets needs a console
/// session (``ConsoleGuard``); `/metrics` too when `http.openMetrics` is off.
/// HTTPS with `http.tlsCert` and `http.tlsKey`. It carries no card data.
public enum StationHTTP {
    /// The application; `onRunning` gets the bound port. `limiter` admits its connections.
    public static func application(
        station: StationParts, settings: StationConfiguration.HTTP, limiter: ConnectionLimiter, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let router = Router(context: StationRequestContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: StationErrorMiddleware())
        router.add(middleware: BodyDeadlineMiddleware(limit: settings.bodyLimit, timeout: settings.bodyTimeout))
        router.add(middleware: ConsoleGuard(sessions: station.sessions, openMetrics: settings.openMetrics))
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: station.metrics.exposition())))
        }
        ConsolePages(station: station, secureCookie: settings.tls != nil).routes(on: router)
        LocalAPI(station: station).routes(on: router.group("api"))
        let tls = try settings.tls.map { try ServerTLS.configuration(certificate: $0.certificate, key: $0.key) }
        let server = LimitedHTTPServer.builder(idleTimeout: settings.idleTimeout, limiter: limiter, tls: tls)
        return Application(
            router: router, server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(settings.host, port: settings.port), serverName: "swipe-station"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? settings.port) },
            logger: logger)
    }

    /// `value` as JSON, as both servers write it (``JSONResponse``).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        try JSONResponse.ok(value, status: status)
    }
}

/// Headers on every answer: nothing from elsewhere runs in the console, it is never
/// framed, and no page is cached (assets and images say otherwise themselves).
struct SecurityHeaders: RouterMiddleware {
    typealias Context = StationRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do { response = try await next(request, context) } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"  // with no-referrer, browsers send `Origin: null`
        response.headers[.xFrameOptions] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
