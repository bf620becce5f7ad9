import ArgumentParser
import AsyncHTTPClient
import CardSealing
import Foundation
import Logging
import NIOCore
import SwipeCards
import SwipeCatalogAPI
import SwipeCatalogClient
import SwipeDecoding

/// Load from a second process: sustained charges per second and latency percentiles.
struct ChargeLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charges", abstract: "Drive a running catalog with charges; report charges/s and p50/p99 latency.")

    @Option(help: "Catalog URL (a server started with --demo-data).")
    var server = "http://127.0.0.1:8080"

    @Option(help: "Requests in flight at once.")
    var concurrency = 16

    @Option(help: "Seconds to run (after a 2 s warm-up).")
    var duration = 10.0

    func run() async throws {
        let client = CatalogClient(baseURL: server, logger: Logger(label: "bench"))
        let login = try await client.login(district: "Demo District", username: "volunteer", password: "demo-volunteer")
        let key = try await client.cardKey()
        let sealer = try CardSealer(publicKeyX963: Data(base64Encoded: key.publicKey)!)
        // One sealed test card, reused: every request still has its own idempotency key.
        let plaintext = CardPayload(track2: SensitiveBytes(utf8: ";4242424242424242=3012101123?")).encoded()
        let (encapsulated, ciphertext) = try plaintext.withBytes { try sealer.seal($0) }
        plaintext.wipe()
        let body = Array(
            try APICoding.encoder().encode(
                ChargeRequest(
                    school: "demo-high", items: [ChargeItem(product: "high-game-ticket", quantity: 1)], entry: .swipe,
                    card: SealedCard(
                        keyID: sealer.keyID, encapsulatedKey: encapsulated.base64EncodedString(),
                        ciphertext: ciphertext.base64EncodedString()))))
        let token = login.token
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(
                connectionPool: .init(
                    idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)))

        func oneCharge() async -> (Double, Bool) {
            var request = HTTPClientRequest(url: server + "/v1/charges")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Idempotency-Key", value: UUID().uuidString)
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
            let start = ContinuousClock.now
            do {
                let response = try await http.execute(request, timeout: .seconds(10))
                _ = try await response.body.collect(upTo: 1 << 16)
                let elapsed = ContinuousClock.now - start
                return (
                    Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3,
                    response.status.code == 201
                )
            } catch {
                return (0, false)
            }
        }

        let warmUpEnd = ContinuousClock.now + .seconds(2)
        let end = warmUpEnd + .milliseconds(Int(duration * 1000))
        let results = await withTaskGroup(of: [(Double, Bool)].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var mine: [(Double, Bool)] = []
                    while ContinuousClock.now < end {
                        let result = await oneCharge()
                        if ContinuousClock.now > warmUpEnd { mine.append(result) }
                    }
                    return mine
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        try await http.shutdown()
        let good = results.filter(\.1).map(\.0).sorted()
        func percentile(_ p: Double) -> Double {
            good.isEmpty ? 0 : good[min(good.count - 1, Int(Double(good.count) * p))]
        }
        print("concurrency \(concurrency), \(duration) s measured after 2 s warm-up")
        print(
            "charges: \(good.count) ok, \(results.count - good.count) failed; \(Int(Double(good.count) / duration)) charges/s"
        )
        print(
            String(
                format: "latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f", percentile(0.5), percentile(0.9),
                percentile(0.99), good.last ?? 0))
    }
}
