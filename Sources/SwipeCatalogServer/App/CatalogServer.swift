public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
public import NIOSSL
import SwipeServerKit

/// Builds the catalog's HTTP(S) server.
public enum CatalogServer {
    /// Where and how to listen.
    public struct Listen: Sendable {
        /// Host name or address.
        public var host: String
        /// Port; 0 picks a free one.
        public var port: Int
        /// PEM certificate chain and private key files, for HTTPS.
        public var tls: (certificate: String, key: String)?
        /// A connection that sends no complete request head (or nothing at all) for
        /// this long is closed: slow clients cannot hold connections.
        public var idleTimeout: Duration = .seconds(10)
        /// Connections served at once; more wait to be accepted. Keep it under the
        /// process's open-file limit (1024 by default; the systemd unit raises it).
        public var maxConnections = 512

        /// Creates a listening setup.
        public init(host: String = "127.0.0.1", port: Int = 8080, tls: (certificate: String, key: String)? = nil) {
            self.host = host
            self.port = port
            self.tls = tls
        }
    }

    /// TLS for the card-payment endpoint: ``ServerTLS/configuration(certificate:key:)``.
    public static func tlsConfiguration(certificate: String, key: String) throws -> TLSConfiguration {
        try ServerTLS.configuration(certificate: certificate, key: key)
    }

    /// Every route the server answers, as `(method, path)` with `:name` for path
    /// parameters: what docs/openapi.yaml must describe.
    public static func routes(of service: CatalogService) -> [(method: String, path: String)] {
        let router = Router(context: CatalogContext.self)
        register(service, on: router)
        return router.routes.map { (method: $0.method.rawValue, path: $0.path.description) }
    }

    /// Every feature's routes: sign-in, the card key and images without a token,
    /// the rest behind ``AuthenticationMiddleware``.
    static func register(_ service: CatalogService, on router: Router<CatalogContext>) {
        let v1 = router.group("v1")
        service.logins.routes(on: v1)
        service.products.publicRoutes(on: v1)
        let signedIn = v1.group().add(middleware: AuthenticationMiddleware(sessions: service.sessions))
        service.logins.signedInRoutes(on: signedIn)
        service.products.routes(on: signedIn)
        service.charging.routes(on: signedIn)
        service.voiding.routes(on: signedIn)
        service.reporting.routes(on: signedIn)
        service.stations.routes(on: signedIn)
        router.get("health") { _, _ in Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "ok\n")))
        }
    }

    /// The application; `onRunning` gets the bound port.
    public static func application(
        service: CatalogService, listen: Listen, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let router = Router(context: CatalogContext.self)
        let table = RouteTable()
        router.add(middleware: APIErrorMiddleware(routes: table))
        router.add(middleware: RequestLimitsMiddleware(bodyLimit: RequestBodyReader.limit))
        router.add(middleware: LogRequestsMiddleware(.debug))
        register(service, on: router)
        table.fill(router.routes.map { (method: $0.method.rawValue, path: $0.path.description) })
        let idle = TimeAmount.nanoseconds(
            Int64(listen.idleTimeout.components.seconds) * 1_000_000_000
                + listen.idleTimeout.components.attoseconds / 1_000_000_000)
        var server: HTTPServerBuilder = .http1(configuration: .init(idleTimeout: idle))
        if let tls = listen.tls {
            server = try .tls(
                .http1(configuration: .init(idleTimeout: idle)),
                tlsConfiguration: tlsConfiguration(certificate: tls.certificate, key: tls.key))
        }
        return Application(
            router: router, server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(listen.host, port: listen.port), serverName: "swipe-catalog",
                availableConnectionsDelegate: MaximumAvailableConnections(listen.maxConnections, logger: logger)),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? listen.port) },
            logger: logger)
    }
}
