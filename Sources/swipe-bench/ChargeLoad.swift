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
import Synchronization

/// Load from a second process: sustained charges per second and latency percentiles.
struct ChargeLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charges", abstract: "Drive a running catalog with charges; report charges/s and p50/p99 latency.")

    @Option(
        help: """
            Catalog URL (a server started with --demo-data), or several sharing one database, separated by commas: \
            charges go to each in turn, and to the next when one does not answer.
            """)
    var server = "http://127.0.0.1:8080"

    @Flag(help: "After the run, count the day's charges at the catalog against the charges the load saw approved.")
    var verify = false

    @Option(help: "Seconds a charge may take before it is sent to the next server (or counted failed).")
    var timeout = 10

    @Option(help: "Requests in flight at once.")
    var concurrency = 16

    @Option(help: "Seconds to run (after a 2 s warm-up).")
    var duration = 10.0

    @Option(help: "Sign-in attempts with wrong passwords kept in flight meanwhile (a flood needing no credentials).")
    var loginFlood = 0

    func run() async throws {
        let servers = server.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let client = CatalogClient(baseURL: server, logger: Logger(label: "bench"))
        let login = try await client.login(district: "Demo District", username: "volunteer", password: "demo-volunteer")
        let key = try await client.cardKey()
        let sealer = try CardSealer(publicKeyX963: Data(base64Encoded: key.publicKey)!)
        let account = login.username
        let items = [ChargeItem(product: "high-game-ticket", quantity: 1)]
        // Each request seals the test card for its own idempotency key (as a device does; a sealed
        // card opens once, for one charge), outside the measured time.
        @Sendable func body(key: String) throws -> [UInt8] {
            let card = CardPayload(track2: SensitiveBytes(utf8: ";\(WellKnownTestCard.visa)=3012101123?"))
            defer { card.wipe() }
            let sealedAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            let binding = ChargeBinding(
                idempotencyKey: key, school: "demo-high", account: account, items: items, sealedAt: sealedAt)
            return Array(
                try APICoding.encoder().encode(
                    ChargeRequest(
                        school: "demo-high", items: items, entry: .swipe, card: try sealer.seal(card, for: binding))))
        }
        let token = login.token
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(
                connectionPool: .init(
                    idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency + loginFlood)))

        // Sealed before the run, so the load generator's sealing does not take the server's CPU.
        let prepared = Int((duration + 2) * 1_600)
        print("sealing \(prepared) charges in advance...")
        var bodies: [(key: String, body: [UInt8])] = []
        bodies.reserveCapacity(prepared)
        for _ in 0..<prepared {
            let key = UUID().uuidString
            bodies.append((key, try body(key: key)))
        }
        let queue = PreparedCharges(bodies)

        let counters = LoadCounters()
        let verify = verify
        let requestTimeout = Int64(timeout)
        // One charge: to the next server in turn; when it does not answer, the same key and body to
        // the next (a device's failover: the key makes the retry safe).
        @Sendable func oneCharge() async -> (Double, Bool) {
            let next = queue.next()
            let key = next?.key ?? UUID().uuidString
            guard let bytes = next?.body ?? (try? body(key: key)) else { return (0, false) }
            let first = counters.turn.withLock { value in
                defer { value += 1 }
                return value
            }
            let start = ContinuousClock.now
            for attempt in 0..<servers.count {
                var request = HTTPClientRequest(url: servers[(first + attempt) % servers.count] + "/v1/charges")
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                request.headers.add(name: "Idempotency-Key", value: key)
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: bytes))
                do {
                    let response = try await http.execute(request, timeout: .seconds(requestTimeout))
                    let answer = try await response.body.collect(upTo: 1 << 16)
                    let elapsed = ContinuousClock.now - start
                    // Counted for --verify from the bytes (the API writes sorted keys without spaces):
                    // decoding every receipt would take the machine's CPU from the server.
                    if verify, response.status.code == 201,
                        answer.readableBytesView.firstRange(of: Array(#""status":"approved""#.utf8)) != nil
                    {
                        counters.approvedKeys.withLock { _ = $0.insert(key) }
                    }
                    return (
                        Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3,
                        response.status.code == 201
                    )
                } catch {
                    counters.failovers.withLock { $0 += 1 }
                }
            }
            return (0, false)
        }

        let warmUpEnd = ContinuousClock.now + .seconds(2)
        let end = warmUpEnd + .milliseconds(Int(duration * 1000))
        let floodBody: @Sendable (Int) -> [UInt8] = { index in
            Array(
                try! APICoding.encoder().encode(
                    LoginRequest(district: "Demo District", username: "flood-\(index)-\(UUID())", password: "guess")))
        }
        let floods = loginFlood
        let target = servers[0]
        let flood = Task {
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<floods {
                    group.addTask {
                        while ContinuousClock.now < end {
                            var request = HTTPClientRequest(url: target + "/v1/login")
                            request.method = .POST
                            request.headers.add(name: "Content-Type", value: "application/json")
                            request.body = .bytes(ByteBuffer(bytes: floodBody(index)))
                            if let response = try? await http.execute(request, timeout: .seconds(30)) {
                                _ = try? await response.body.collect(upTo: 1 << 16)
                            }
                        }
                    }
                }
            }
        }
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
        await flood.value
        try await http.shutdown()
        let good = results.filter(\.1).map(\.0).sorted()
        func percentile(_ p: Double) -> Double {
            good.isEmpty ? 0 : good[min(good.count - 1, Int(Double(good.count) * p))]
        }
        print(
            "concurrency \(concurrency), \(duration) s measured after 2 s warm-up"
                + (loginFlood > 0 ? ", \(loginFlood) wrong sign-ins in flight throughout" : ""))
        print(
            "charges: \(good.count) ok, \(results.count - good.count) failed; \(Int(Double(good.count) / duration)) charges/s"
        )
        print(
            String(
                format: "latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f", percentile(0.5), percentile(0.9),
                percentile(0.99), good.last ?? 0))
        if servers.count > 1 { print("requests sent again to the next server: \(counters.failovers.withLock { $0 })") }
        if verify { try await count(approved: counters.approvedKeys.withLock { $0.count }) }
    }

    /// The day's approved charges at the catalog (the bookkeeper's report) against those the load saw.
    private func count(approved seen: Int) async throws {
        var client = CatalogClient(baseURL: server, logger: Logger(label: "bench"))
        let login = try await client.login(
            district: "Demo District", username: "bookkeeper", password: "demo-bookkeeper")
        client.token = login.token
        let report = try await client.dailyReport(school: "demo-high", date: nil)
        let counted = report.totals.first(where: { $0.status == ChargeStatus.approved }).map(\.count) ?? 0
        print(
            "approved charges: \(counted) at the catalog, \(seen) seen by the load"
                + (counted == seen ? " (none lost, none doubled)" : " (MISMATCH)"))
        if counted != seen { throw ExitCode(1) }
    }
}

/// What the load's tasks count together: whose turn, requests sent again, keys approved.
final class LoadCounters: Sendable {
    let turn = Mutex(0)
    let failovers = Mutex(0)
    let approvedKeys = Mutex(Set<String>())
}

/// Charge bodies sealed before a run, handed out once each.
final class PreparedCharges: Sendable {
    private let bodies: Mutex<[(key: String, body: [UInt8])]>

    init(_ bodies: [(key: String, body: [UInt8])]) {
        self.bodies = Mutex(bodies.reversed())
    }

    func next() -> (key: String, body: [UInt8])? {
        bodies.withLock { $0.popLast() }
    }
}
