import Foundation
import SwipeCards
import SwipeCatalogAPI
import SwipeCatalogClient
import SwipeTestSupport
import Testing

/// `swipe catalog migrate`: a school's catalog moved from its SQLite file to PostgreSQL.
@Suite("Catalog: moving to PostgreSQL")
struct CatalogMigrateTests {
    @Test("the demo data and a day of charges and voids move whole: same charges, same reports, same passwords")
    func migrate() async throws {
        let sqlite = try await TestCatalog.start(.sqlite)
        let volunteer = try await sqlite.signIn()
        let items = [
            ChargeItem(product: "high-game-ticket", quantity: 2), ChargeItem(product: "high-tshirt", quantity: 1),
        ]
        var receipts: [Receipt] = []
        for number in [
            WellKnownTestCard.visa, WellKnownTestCard.mastercard, WellKnownTestCard.visaDeclined,
            WellKnownTestCard.visa2,
        ] {
            receipts.append(
                try await volunteer.charge(
                    school: "demo-high", items: number == WellKnownTestCard.visa2 ? [items[0]] : items, entry: .swipe,
                    card: swipedCard(number)))
        }
        _ = try await volunteer.void(chargeID: receipts[1].id)
        let bookkeeper = try await sqlite.signIn("bookkeeper")
        let charges = try await bookkeeper.charges(school: "demo-high", date: nil).charges
        let report = try await bookkeeper.dailyReport(school: "demo-high", date: nil)
        try await sqlite.stop()

        let target = try ThrowawayPostgres.shared.get().database(
            named: "moved_\(UUID().uuidString.prefix(8).lowercased())")
        let moved = try await offPool {
            try SwipeBinary.run(["catalog", "migrate", "--from", sqlite.location, "--to", target])
        }
        #expect(moved.status == 0, "\(moved.err)")
        #expect(moved.out.contains("charges: 4") && moved.out.contains("1 daily report(s) equal"), "\(moved.out)")
        // Into a database that holds a catalog now: refused, nothing written.
        let again = try await offPool {
            try SwipeBinary.run(["catalog", "migrate", "--from", sqlite.location, "--to", target])
        }
        #expect(again.status == 1 && again.err.contains("already holds a catalog"), "\(again.err)")

        // The PostgreSQL catalog, with the same secrets folder: the same sign-in, charges and report.
        let postgres = try await TestCatalog.start(.postgres, locatedAt: target, secretsOf: sqlite)
        let movedBookkeeper = try await postgres.signIn("bookkeeper")
        #expect(try await movedBookkeeper.charges(school: "demo-high", date: nil).charges == charges)
        #expect(try await movedBookkeeper.dailyReport(school: "demo-high", date: nil).totals == report.totals)
        #expect(try await movedBookkeeper.dailyReport(school: "demo-high", date: nil).lines == report.lines)
        try await postgres.stop()
    }
}
