import AsyncHTTPClient
import Foundation
import GRDB
import Logging
import NIOCore
import NIOHTTP1
import SwipeCards
import SwipeCatalogAPI
import Testing

@testable import SwipeStation

/// Console mode through the station's API on loopback, signed in as the console
/// is: arm a sale, swipe, list the day, void; the test charge; event mode; the live
/// events; and the errors a console must be able to show.
@Suite("The station's console API", .serialized)
struct LocalAPITests {
    @Test("arm, swipe, list, void; wrong products, prices and bodies get a JSON error")
    func consoleSale() async throws {
        let setup = try await ConsoleBench.start()
        defer { setup.stop() }
        let bench = setup.bench
        let console = try await setup.signedIn()

        // A swipe before any sale is armed charges nothing.
        let early = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa))
        #expect(early.kind == .refused && early.message.contains("No sale is armed"))

        let armed = try await console.send(.PUT, "/api/sale", body: #"{"product":"high-game-ticket","quantity":2}"#)
        let lines = try #require(armed.json["items"] as? [[String: Any]])
        #expect(armed.status == 200 && lines.count == 1 && lines[0]["quantity"] as? Int == 2)
        // The total with the school's fee, known before the swipe: 2 x $5.00 + 25 cents + 3%.
        #expect((armed.json["quote"] as? [String: Any])?["totalCents"] as? Int == 1_055)
        let status = try await console.send(.GET, "/api/status").json
        let statusSale = try #require(status["armed"] as? [String: Any])
        #expect(statusSale["title"] as? String == "Football game ticket × 2")
        #expect((status["pricing"] as? [String: Any])?["maxChargeCents"] as? Int == 100_000)
        #expect(status["testProduct"] as? String == "high-test-cent")
        let paid = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.mastercard))
        #expect(paid.kind == .approved && paid.totalCents == 1_055)  // 2 x $5.00 + 25 cents + 3%
        #expect(await bench.controller.armed == nil, "an approved sale disarms the console")
        let again = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.mastercard))
        #expect(again.kind == .duplicate)

        let list = try #require(try await console.send(.GET, "/api/sales").json["sales"] as? [[String: Any]])
        try #require(list.count == 1, "\(list)")
        let sale = try #require(list[0]["sale"] as? [String: Any])
        #expect(sale["status"] as? String == "approved" && list[0]["voidable"] as? Bool == true)
        #expect(list[0]["title"] as? String == "Football game ticket × 2")
        let key = try #require(sale["key"] as? String)
        let voided = try await console.send(.POST, "/api/sales/\(key)/void")
        #expect(voided.status == 200 && voided.json["status"] as? String == "voided")
        #expect(try await bench.catalog.charges().map(\.status) == [.voided])
        let twice = try await console.send(.POST, "/api/sales/\(key)/void")
        #expect(twice.status == 409 && twice.error?.contains("Only an approved sale") == true)

        let unknown = try await console.send(.PUT, "/api/sale", body: #"{"product":"high-prom"}"#)
        #expect(unknown.status == 409 && unknown.error?.contains("not on sale") == true)
        let noPrice = try await console.send(.PUT, "/api/sale", body: #"{"product":"high-donation"}"#)
        #expect(noPrice.status == 409 && noPrice.error?.contains("$1.00 to $500.00") == true)
        let priced = try await console.send(.PUT, "/api/sale", body: #"{"product":"high-donation","priceCents":2000}"#)
        #expect(priced.status == 200)
        let cart = try await console.send(
            .POST, "/api/quote",
            body: #"{"items":[{"product":"high-game-ticket","quantity":2},{"product":"high-tshirt","quantity":1}]}"#)
        #expect((cart.json["quote"] as? [String: Any])?["totalCents"] as? Int == 2_600)
        #expect(cart.json["title"] as? String == "Football game ticket × 2, Spirit T-shirt")
        let over = try await console.send(.PUT, "/api/sale", body: #"{"product":"high-tshirt","quantity":67}"#)
        #expect(over.status == 409 && over.error?.contains("over the school's limit of $1,000.00") == true)
        let tooMany = try await console.send(.PUT, "/api/sale", body: #"{"product":"high-game-ticket","quantity":250}"#)
        #expect(tooMany.status == 409 && tooMany.error?.contains("1 to 100") == true)
        #expect(try await console.send(.PUT, "/api/sale", body: "{not json").status == 400)
        #expect(try await console.send(.GET, "/api/sales?date=yesterday").status == 400)
        #expect(try await console.send(.DELETE, "/api/sale").status == 204)
        #expect(await bench.controller.armed == nil)
        #expect(try await console.send(.GET, "/nothing").status == 404)
    }

    @Test("the test charge: one cent plus fee, approved and voided in one swipe")
    func testCharge() async throws {
        let setup = try await ConsoleBench.start()
        defer { setup.stop() }
        let bench = setup.bench
        let console = try await setup.signedIn()

        let armed = try await console.send(.POST, "/api/sale/test")
        let lines = try #require(armed.json["items"] as? [[String: Any]])
        #expect(armed.status == 200 && lines.first?["product"] as? String == "high-test-cent")
        #expect(armed.json["isTest"] as? Bool == true)
        let outcome = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa))
        #expect(outcome.kind == .voided && outcome.totalCents == 26, "\(outcome)")  // 1 cent + 25 cents + 3% (0)
        #expect(outcome.message.contains("approved and voided"))
        #expect(try await bench.catalog.charges().map(\.status) == [.voided])
        #expect(try await bench.today().map(\.status) == [.voided])
    }

    @Test("event mode switched from the console: every swipe buys the product, until switched off")
    func eventMode() async throws {
        let setup = try await ConsoleBench.start()
        defer { setup.stop() }
        let bench = setup.bench
        let console = try await setup.signedIn()

        let bad = try await console.send(.PUT, "/api/event-mode", body: #"{"product":"high-parking"}"#)
        let modeAfterBad = await bench.controller.mode
        #expect(bad.status == 409 && modeAfterBad == .console)
        let on = try await console.send(.PUT, "/api/event-mode", body: #"{"product":"high-game-ticket","quantity":1}"#)
        #expect(on.status == 200)
        #expect(try await console.send(.GET, "/api/status").json["mode"] as? String == "event")
        let refused = try await console.send(.PUT, "/api/sale", body: #"{"product":"high-donation","priceCents":100}"#)
        #expect(refused.status == 409 && refused.error?.contains("event mode") == true)
        #expect(await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa)).kind == .approved)
        #expect(await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa2)).kind == .approved)
        #expect(try await console.send(.DELETE, "/api/event-mode").status == 204)
        let after = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.mastercard))
        #expect(after.kind == .refused && after.message.contains("No sale is armed"))
        #expect(try await bench.catalog.charges().count == 2)
    }

    @Test("live events: the status at once, then each charge's start and its outcome as they happen")
    func liveEvents() async throws {
        let setup = try await ConsoleBench.start(mode: .event)
        defer { setup.stop() }
        let bench = setup.bench
        let server = setup.server
        let console = try await setup.signedIn()

        var request = HTTPClientRequest(url: server.base + "/api/events")
        request.headers.add(name: "Cookie", value: "\(ConsoleSessions.cookieName)=\(try #require(console.cookie))")
        let response = try await console.http.execute(request, timeout: .seconds(30))
        #expect(response.headers["Content-Type"].first == "text/event-stream")
        var received = ""
        var swiped = false
        for try await chunk in response.body {
            received += String(buffer: chunk)
            if !swiped, received.contains("event: status") {
                swiped = true
                _ = await bench.controller.handle(try TestSwipes.heard(WellKnownTestCard.visa))
            }
            if received.contains("event: outcome") && received.components(separatedBy: "event: status").count > 2 {
                break
            }
        }
        #expect(received.contains(#""kind":"approved""#) && received.contains("Visa ••••4242"))
        let progress = try #require(received.range(of: "event: progress"), "the charge's start is announced")
        #expect(received.range(of: "event: outcome").map { progress.lowerBound < $0.lowerBound } == true)
        #expect(received.contains(#""stage":"charging""#) && received.contains(#""amountCents":540"#))
        #expect(!received.contains(WellKnownTestCard.visa), "no card number on the live channel")
    }

    @Test("Today: a sale of an earlier day cannot be voided here and says what to do")
    func earlierDay() async throws {
        let setup = try await ConsoleBench.start()
        defer { setup.stop() }
        let bench = setup.bench
        let console = try await setup.signedIn()

        let yesterday = Date().addingTimeInterval(-86_400)
        let day = EasternCalendar.dayString(yesterday)
        var sale = JournalSale(
            key: UUID().uuidString, status: .pending, product: "high-game-ticket", quantity: 1, priceCents: nil,
            brand: "visa", last4: "4242", source: "test", message: nil, at: yesterday, day: day)
        try await bench.journal.record(sale)
        try await bench.journal.settle(
            key: sale.key, status: .approved, receipt: "ch_test", totalCents: 540, message: nil)
        sale.status = .approved
        let list = try #require(
            try await console.send(.GET, "/api/sales?date=\(day)").json["sales"] as? [[String: Any]])
        #expect(list.count == 1 && list[0]["voidable"] as? Bool == false)
        #expect((list[0]["note"] as? String)?.contains("refund is needed in the school-payments admin") == true)
    }
}
