import AsyncHTTPClient
import CardSealing
import Foundation
import Hummingbird
import Logging
import NIOCore
import SwipeCatalogAPI

/// The sealer of a catalog's card key, for tests that build raw requests.
func sealer(for key: CardKey) throws -> CardSealer {
    try CardSealer(publicKeyX963: Data(base64Encoded: key.publicKey)!)
}

/// A proxy that forwards everything to the real catalog but, for one path, throws
/// the answer away and reports 503: the request arrived, the device never hears back.
actor FlakyProxy {
    struct Seen: Sendable {
        var path: String
        var idempotencyKey: String?
        var body: [UInt8]
    }

    private(set) var requests: [Seen] = []
    let url: String
    private let task: Task<Void, any Error>

    private init(url: String, task: Task<Void, any Error>) {
        self.url = url
        self.task = task
    }

    func record(_ seen: Seen) { requests.append(seen) }

    func stop() {
        task.cancel()
    }

    static func start(upstream: String, failingPath: String) async throws -> FlakyProxy {
        let recorder = Recorder()
        let router = Router(context: BasicRequestContext.self)
        let forward: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            var request = request
            let body = Array(try await request.collectBody(upTo: 1 << 20).readableBytesView)
            let path = request.uri.path
            await recorder.proxy?.record(
                Seen(path: path, idempotencyKey: request.headers[.init("Idempotency-Key")!], body: body))
            var upstreamRequest = HTTPClientRequest(url: upstream + request.uri.description)
            upstreamRequest.method = .init(rawValue: request.method.rawValue)
            for field in request.headers where field.name.canonicalName != "host" {
                upstreamRequest.headers.add(name: field.name.rawName, value: field.value)
            }
            upstreamRequest.body = .bytes(ByteBuffer(bytes: body))
            let answer = try await HTTPClient.shared.execute(upstreamRequest, timeout: .seconds(10))
            let answerBody = try await answer.body.collect(upTo: 1 << 20)
            if path == failingPath {
                return Response(status: .serviceUnavailable)
            }
            return Response(
                status: .init(code: Int(answer.status.code)), headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: answerBody))
        }
        router.get("**", use: forward)
        router.post("**", use: forward)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "test.proxy"))
        let task = Task { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        let proxy = FlakyProxy(url: "http://127.0.0.1:\(port)", task: task)
        await recorder.set(proxy)
        return proxy
    }

    /// Lets the route handlers find the proxy actor once it exists.
    actor Recorder {
        var proxy: FlakyProxy?
        func set(_ proxy: FlakyProxy) { self.proxy = proxy }
    }
}
