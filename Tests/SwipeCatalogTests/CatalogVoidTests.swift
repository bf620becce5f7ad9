import Foundation
import SwipeCatalogAPI
import SwipeCatalogClient
import SwipeCatalogServer
import Testing

/// A moment in New York time.
func eastern(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Double = 0) -> Date {
    let whole = EasternCalendar.calendar.date(
        from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: Int(second)))!
    return whole.addingTimeInterval(second - Double(Int(second)))
}

@Suite("Catalog: voids, void window, reports")
struct CatalogVoidTests {
    func ticket(_ client: CatalogClient, key: String = UUID().uuidString, number: String = "4242424242424242")
        async throws -> Receipt
    {
        try await client.charge(
            school: "demo-high", items: [ChargeItem(product: "high-game-ticket", quantity: 1)], entry: .swipe,
            card: swipedCard(number), idempotencyKey: key)
    }

    @Test(
        "a charge can be voided until midnight Eastern at the end of its day, daylight saving included",
        arguments: [
            // (charged at, New York), the deadline in UTC, hours the day had
            (eastern(2026, 11, 27, 23, 59, 59), "2026-11-28T05:00:00Z"),  // EST
            (eastern(2026, 7, 4, 0, 0, 1), "2026-07-05T04:00:00Z"),  // EDT
            (eastern(2026, 3, 8, 0, 30), "2026-03-09T04:00:00Z"),  // spring forward: a 23-hour day
            (eastern(2026, 11, 1, 23, 30), "2026-11-02T05:00:00Z"),  // fall back: a 25-hour day
            (eastern(2026, 11, 1, 0, 30), "2026-11-02T05:00:00Z"),
        ])
    func voidWindow(chargedAt: Date, deadline: String) async throws {
        for backend in CatalogBackend.all { try await voidWindow(backend, chargedAt: chargedAt, deadline: deadline) }
    }

    private func voidWindow(_ backend: CatalogBackend, chargedAt: Date, deadline: String) async throws {
        let catalog = try await TestCatalog.start(backend, now: chargedAt)
        let client = try await catalog.signIn()
        let receipt = try await ticket(client)
        let expected = try Date(deadline, strategy: .iso8601)
        #expect(receipt.voidableUntil == expected)
        // One millisecond before midnight: still voidable.
        let second = try await ticket(client)
        catalog.clock.now = expected.addingTimeInterval(-0.001)
        let later = try await catalog.signIn()  // sessions last 12 hours; the day may be longer
        #expect(try await later.void(chargeID: receipt.id).status == .voided)
        // At midnight: settled, a refund is needed.
        catalog.clock.now = expected
        do {
            _ = try await later.void(chargeID: second.id)
            Issue.record("voided after midnight")
        } catch let error as CatalogClientError {
            #expect(error.code == .voidWindowClosed)
            #expect(error.description.contains("refund"))
        }
        try await catalog.stop()
    }

    @Test("voids are idempotent; declined charges have nothing to void", arguments: CatalogBackend.all)
    func voidRules(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = try await catalog.signIn()
        let receipt = try await ticket(client)
        let first = try await client.void(chargeID: receipt.id)
        let again = try await client.void(chargeID: receipt.id)
        #expect(first.status == .voided && again.status == .voided && first.voidedAt == again.voidedAt)
        let declined = try await ticket(client, number: "4000000000000002")
        do {
            _ = try await client.void(chargeID: declined.id)
            Issue.record("voided a declined charge")
        } catch let error as CatalogClientError {
            #expect(error.code == .notVoidable)
        }
        try await catalog.stop()
    }

    @Test("a volunteer voids only their own charges; the bookkeeper any of the school", arguments: CatalogBackend.all)
    func voidPermissions(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let volunteer = try await catalog.signIn("volunteer")
        let bookkeeper = try await catalog.signIn("bookkeeper")
        let bookkeepersCharge = try await ticket(bookkeeper)
        do {
            _ = try await volunteer.void(chargeID: bookkeepersCharge.id)
            Issue.record("a volunteer voided someone else's charge")
        } catch let error as CatalogClientError {
            #expect(error.code == .forbidden)
        }
        let volunteersCharge = try await ticket(volunteer)
        #expect(try await bookkeeper.void(chargeID: volunteersCharge.id).status == .voided)
        do {
            _ = try await volunteer.void(chargeID: "ch_missing")
            Issue.record("a charge that does not exist was voided")
        } catch let error as CatalogClientError {
            #expect(error.code == .notFound)
        }
        try await catalog.stop()
    }

    @Test(
        "void-by-key cancels what a key created, and a key that created nothing never will",
        arguments: CatalogBackend.all)
    func voidByKey(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = try await catalog.signIn()
        let receipt = try await ticket(client, key: "device-key-1")
        let voided = try await client.voidByKey("device-key-1")
        #expect(voided.receipt?.id == receipt.id)
        #expect(voided.receipt?.status == .voided)
        let nothing = try await client.voidByKey("device-key-2")
        #expect(nothing.receipt == nil)
        do {
            _ = try await ticket(client, key: "device-key-2")
            Issue.record("a voided key made a charge")
        } catch let error as CatalogClientError {
            #expect(error.code == .idempotencyKeyVoided)
        }
        // Voiding by key twice is harmless.
        #expect(try await client.voidByKey("device-key-1").receipt?.status == .voided)
        try await catalog.stop()
    }

    @Test("the day's charges and the daily report, by product and status", arguments: CatalogBackend.all)
    func reports(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend, now: eastern(2026, 11, 27, 10, 0))
        let volunteer = try await catalog.signIn("volunteer")
        let bookkeeper = try await catalog.signIn("bookkeeper")
        let one = try await ticket(volunteer)
        _ = try await ticket(volunteer)
        _ = try await ticket(volunteer, number: "4000000000000002")
        _ = try await bookkeeper.charge(
            school: "demo-high", items: [ChargeItem(product: "high-test-cent", quantity: 1)], entry: .keyed,
            card: CardPayload(pan: .init(utf8: "5555555555554444"), expiry: "3012"))
        _ = try await volunteer.void(chargeID: one.id)
        let all = try await bookkeeper.charges(school: "demo-high", date: "2026-11-27")
        #expect(all.charges.count == 4)
        #expect(try await volunteer.charges(school: "demo-high", date: "2026-11-27").charges.count == 3)
        #expect(try await bookkeeper.charges(school: "demo-high", date: "2026-11-26").charges.isEmpty)
        let report = try await bookkeeper.dailyReport(school: "demo-high", date: "2026-11-27")
        let lines = Dictionary(
            uniqueKeysWithValues: report.lines.map { ("\($0.product)/\($0.status.rawValue)", $0.quantity) })
        #expect(
            lines == [
                "high-game-ticket/approved": 1, "high-game-ticket/voided": 1, "high-game-ticket/declined": 1,
                "high-test-cent/approved": 1,
            ])
        let approved = try #require(report.totals.first { $0.status == .approved })
        #expect(approved.count == 2)
        #expect(approved.amountCents == 501)
        #expect(approved.feeCents == 25 + 15 + 25 + 0)
        do {
            _ = try await volunteer.dailyReport(school: "demo-high", date: nil)
            Issue.record("a volunteer read the daily report")
        } catch let error as CatalogClientError {
            #expect(error.code == .forbidden)
        }
        try await catalog.stop()
    }
}
