import Foundation
import SwipeCards
import SwipeCatalogAPI
import Testing

@testable import SwipeStation

/// The journal against SIGKILL: the station killed at random moments while it
/// charges, restarted on the same journal each time.
@Suite("swipe run killed while charging", .serialized)
struct StationCrashTests {
    @Test("20 SIGKILLs in a row: nothing left pending, every approved charge journaled or voided, no key twice")
    func killedWhileCharging() async throws {
        let scratch = try Scratch("crash")
        defer { scratch.remove() }
        let catalog = try await StationCatalog.start(in: scratch)
        defer { catalog.stop() }
        let proxy = try await CatalogProxy.start(to: catalog.url)
        defer { proxy.stop() }
        proxy.set(.slowCharges(.milliseconds(250)))  // each charge takes a while: kills land inside charges
        let cards = [
            WellKnownTestCard.visa, WellKnownTestCard.visa2, WellKnownTestCard.mastercard,
            WellKnownTestCard.mastercard2,
        ]
        try TestSwipes.raw(cards + cards).write(to: URL(fileURLWithPath: scratch.path("swipes.raw")))
        try Data(count: 88_200).write(to: URL(fileURLWithPath: scratch.path("quiet.raw")))
        let station = try StationProcess(scratch: scratch, catalogURL: proxy.url, audioFile: scratch.path("swipes.raw"))
        var killedWithPending = 0
        for _ in 1...20 {
            try station.start()
            try await Task.sleep(for: .milliseconds(Int.random(in: 300...2_000)))
            await station.stop(SIGKILL)
            if let pending = try? await SaleJournal.reading(path: station.journal).pending(), !pending.isEmpty {
                killedWithPending += 1
            }
        }
        // One last start on the same journal, with nothing to swipe: it settles what the kills left.
        proxy.set(.pass)
        try station.setAudio(scratch.path("quiet.raw"))
        try station.start()
        let settled = try await eventually(60) {
            (try? await SaleJournal.reading(path: station.journal).pending().isEmpty) == true
        }
        #expect(settled, "\(station.log)")
        #expect(await station.stop(SIGTERM) == 0)

        let journal = try await SaleJournal.reading(path: station.journal).sales(day: EasternCalendar.dayString(Date()))
        let charges = try await catalog.charges()
        let journaled = Dictionary(
            journal.compactMap { sale in sale.receipt.map { ($0, sale) } }, uniquingKeysWith: { first, _ in first })
        #expect(Set(journal.map(\.key)).count == journal.count, "no key twice")
        #expect(!journal.contains { $0.status == .pending })
        for charge in charges where charge.status == .approved {
            #expect(journaled[charge.id]?.status == .approved, "approved charge \(charge.id) not journaled approved")
        }
        let approved = charges.filter { $0.status == .approved }.count
        let voided = charges.filter { $0.status == .voided }.count
        print(
            "SIGKILL rounds: 20, killed with a sale pending: \(killedWithPending), charges approved: \(approved), "
                + "voided by key after a kill: \(voided), journal rows: \(journal.count), pending left: 0")
        #expect(approved > 0)
    }
}
