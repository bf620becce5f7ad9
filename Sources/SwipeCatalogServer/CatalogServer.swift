public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOSSL

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

        /// Creates a listening setup.
        public init(host: String = "127.0.0.1", port: Int = 8080, tls: (certificate: String, key: String)? = nil) {
            self.host = host
            self.port = port
            self.tls = tls
        }
    }

    /// The application; `onRunning` gets the bound port.
    public static func application(
        service: CatalogService, listen: Listen, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        router.add(middleware: LogRequestsMiddleware(.debug))
        CatalogRoutes(service: service).register(on: router)
        var server: HTTPServerBuilder = .http1()
        if let tls = listen.tls {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificate).map {
                NIOSSLCertificateSource.certificate($0)
            }
            let key = try NIOSSLPrivateKey(file: tls.key, format: .pem)
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain, privateKey: .privateKey(key))
            server = try .tls(.http1(), tlsConfiguration: configuration)
        }
        return Application(
            router: router, server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(listen.host, port: listen.port), serverName: "swipe-catalog"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? listen.port) },
            logger: logger)
    }
}
