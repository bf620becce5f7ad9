import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SwipeCards
import SwipeCatalogAPI
import Testing

@testable import SwipeStation

/// Console mode through the station's local API on loopback: arm a sale, swipe,
/// list the day, void; and the errors a console must be able to show.
@Suite("The station's local API", .serialized)
struct LocalAPITests {
    func request(
        _ method: HTTPMethod, _ url: String, body: String? = nil
    ) async throws -> (status: Int, json: [String: Any]) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any]
        return (Int(response.status.code), json ?? [:])
    }

    @Test("arm, swipe, list, void; wrong products, prices and bodies get a JSON error")
    func consoleSale() async throws {
        let bench = try await SaleControllerTests.Bench.start(mode: .console)
        defer { bench.stop() }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = StationHTTP.application(
            station: bench.parts, host: "127.0.0.1", port: 0,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, onRunning: { continuation.yield($0) })
        let server = Task { try await app.run() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let base = "http://127.0.0.1:\(try #require(await iterator.next()))"

        // A swipe before any sale is armed charges nothing.
        let early = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa))
        #expect(early.kind == .refused && early.message.contains("No sale is armed"))

        let armed = try await request(.PUT, base + "/api/sale", body: #"{"product":"high-game-ticket","quantity":2}"#)
        #expect(armed.status == 200 && armed.json["quantity"] as? Int == 2)
        #expect(try await request(.GET, base + "/api/status").json["armed"] is [String: Any])
        let paid = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.mastercard))
        #expect(paid.kind == .approved && paid.totalCents == 1_055)  // 2 x $5.00 + 25 cents + 3%
        #expect(await bench.controller.armed == nil, "an approved sale disarms the console")
        let again = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.mastercard))
        #expect(again.kind == .duplicate)

        let sales = try await request(.GET, base + "/api/sales")
        let list = try #require(sales.json["sales"] as? [[String: Any]])
        try #require(list.count == 1, "\(list)")
        #expect(list[0]["status"] as? String == "approved")
        let key = try #require(list[0]["key"] as? String)
        let voided = try await request(.POST, base + "/api/sales/\(key)/void")
        #expect(voided.status == 200 && voided.json["status"] as? String == "voided")
        #expect(try await bench.catalog.charges().map(\.status) == [.voided])

        let unknown = try await request(.PUT, base + "/api/sale", body: #"{"product":"high-prom"}"#)
        #expect(unknown.status == 409 && (unknown.json["error"] as? [String: Any])?["message"] is String)
        let noPrice = try await request(.PUT, base + "/api/sale", body: #"{"product":"high-donation"}"#)
        #expect(noPrice.status == 409)
        let priced = try await request(
            .PUT, base + "/api/sale", body: #"{"product":"high-donation","priceCents":2000}"#)
        #expect(priced.status == 200)
        #expect(try await request(.PUT, base + "/api/sale", body: "{not json").status == 400)
        #expect(try await request(.GET, base + "/api/sales?date=yesterday").status == 400)
        #expect(try await request(.DELETE, base + "/api/sale").status == 204)
        #expect(try await request(.GET, base + "/metrics").status == 200)
        #expect(try await request(.GET, base + "/nothing").status == 404)
    }
}
