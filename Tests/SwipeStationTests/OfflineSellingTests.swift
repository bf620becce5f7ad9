import CardSealing
import Crypto
import Foundation
import SwipeCards
import SwipeCatalogAPI
import SwipeCatalogClient
import Testing

@testable import SwipeStation

/// `swipe run` when the school-payments server drops: sales kept (sealed, signed, journaled),
/// forwarded exactly once when it is back, SIGKILL or not; too old, declined and revoked
/// sales left for the bookkeeper. Real catalog, real ALSA capture through the file plugin.
@Suite("Selling while the catalog cannot be reached")
struct OfflineSellingTests {
    private static let ticket = "high-game-ticket"  // $5.00 + $0.25 + 3%: $5.40 with the fee

    @Test(
        "ten swipes offline: eight kept, one over maxSaleCents and one over maxPerCard refused; two SIGKILLs while forwarding; eight charges, one per key"
    )
    func keptAndForwardedOnce() async throws {
        try await OfflineStation.run("offline", offline: "  maxSaleCents: 1000\n  maxPerCard: 2\n") { offline in
            let down = try await offline.catalogDown()
            let cards = [
                WellKnownTestCard.visa, WellKnownTestCard.visa2, WellKnownTestCard.mastercard,
                WellKnownTestCard.mastercard2,
            ]
            // Two tickets come to $10.55: over the $10.00 a kept sale may be.
            let overSale = try await offline.sell(Self.ticket, quantity: 2, card: cards[0])
            #expect(overSale["kind"] as? String == "refused")
            #expect((overSale["message"] as? String)?.contains("$10.00") == true, "\(overSale)")
            for card in cards + cards {
                let kept = try await offline.sell(Self.ticket, card: card)
                #expect(kept["kind"] as? String == "stored", "\(kept)")
                #expect(kept["message"] as? String == VolunteerWords.stored)
                #expect(kept["tone"] as? String == nil || kept["tone"] as? String == "kept")
            }
            let thirdForCard = try await offline.sell(Self.ticket, card: cards[0])
            #expect(thirdForCard["kind"] as? String == "refused")
            #expect(thirdForCard["message"] as? String == VolunteerWords.offlineRefusal(.card(2)))

            // Seen by people: the status, /metrics and the journal.
            let status = try #require(try await offline.status()["offline"] as? [String: Any])
            #expect(status["waiting"] as? Int == 8 && status["waitingCents"] as? Int == 8 * 540, "\(status)")
            let metrics = try await offline.metrics()
            #expect(metrics.contains("swipe_offline_stored_total 8"), "\(metrics)")
            #expect(metrics.contains("swipe_offline_waiting 8"))
            let lines = try await offline.station.journalLines()
            #expect(lines.filter { $0["status"] as? String == "stored" && $0["offline"] as? Bool == true }.count == 8)
            #expect(lines.filter { $0["status"] as? String == "refused" }.count == 2)

            // What waits on the Pi is ciphertext the station cannot open, even with its own key.
            let waiting = try await offline.kept()
            #expect(waiting.count == 8)
            let captured = try #require(waiting.first)
            let request = try APICoding.decoder().decode(ChargeRequest.self, from: captured.request)
            let stationKey = try #require(FileManager.default.contents(atPath: offline.scratch.path("station-key")))
            if let asAgreementKey = try? P256.KeyAgreement.PrivateKey(rawRepresentation: stationKey) {
                var binding = ChargeBinding(request: request, idempotencyKey: captured.sale.key, account: "volunteer")
                binding.offline = true
                #expect(throws: (any Error).self) {
                    _ = try CardOpener(privateKey: asAgreementKey).open(
                        encapsulatedKey: Data(base64Encoded: request.card.encapsulatedKey)!,
                        ciphertext: Data(base64Encoded: request.card.ciphertext)!,
                        authenticating: binding.authenticatedData)
                }
            }
            offline.expectNoCardData()

            // The catalog is back, slow to answer charges: two kills land while sales are forwarded.
            let back = try await offline.catalogBack(.slowCharges(.milliseconds(1_500)))
            print("the catalog's silence noticed after \(down), its return after \(back)")
            for target in [2, 5] {
                let reached = try await eventually(90) { try await offline.catalog.charges().count >= target }
                #expect(reached, "\(offline.station.log)")
                await offline.station.stop(SIGKILL)
                try offline.station.start()
            }
            offline.proxy.set(.pass)
            let forwarded = try await eventually(90) { try await offline.kept().isEmpty }
            #expect(forwarded, "\(offline.station.log)")

            let perRun = (1...offline.station.runs).map { run in
                ((try? String(contentsOfFile: offline.scratch.path("station-\(run).log"), encoding: .utf8)) ?? "")
                    .components(separatedBy: "forwarded: approved").count - 1
            }
            print("kept sales journaled as forwarded, per run of the station (two killed, then the last): \(perRun)")
            let charges = try await offline.catalog.charges()
            #expect(charges.count == 8, "exactly eight charges: \(charges.map(\.id))")
            #expect(charges.allSatisfy { $0.status == .approved && $0.offline == true })
            let journal = try await offline.station.journalLines()
            let approved = journal.filter { $0["status"] as? String == "approved" }
            #expect(approved.count == 8 && approved.allSatisfy { $0["offline"] as? Bool == true })
            #expect(Set(approved.compactMap { $0["receipt"] as? String }) == Set(charges.map(\.id)))

            // The kept request replayed by hand: under another key it is refused; under its own, the same receipt.
            let volunteer = try await offline.catalogClient("volunteer")
            await #expect(throws: CatalogClientError.self) {
                _ = try await volunteer.forward(request: captured.request, idempotencyKey: UUID().uuidString)
            }
            let replayed = try await volunteer.forward(request: captured.request, idempotencyKey: captured.sale.key)
            #expect(approved.contains { $0["receipt"] as? String == replayed.id })
            #expect(try await offline.catalog.charges().count == 8)
            #expect(try await offline.metrics().contains("swipe_offline_waiting 0"))
            offline.expectNoCardData()
        }
    }

    @Test("kept longer than maxAgeHours: expired; a declined card: declined; both listed for the bookkeeper")
    func expiredAndDeclined() async throws {
        // 0.005 h = 18 s.
        try await OfflineStation.run("offline-expired", offline: "  maxAgeHours: 0.005\n") { offline in
            try await offline.catalogDown()
            let old = try await offline.sell(Self.ticket, card: WellKnownTestCard.visa)
            #expect(old["kind"] as? String == "stored", "\(old)")
            try await Task.sleep(for: .seconds(19))
            let declining = try await offline.sell(Self.ticket, card: WellKnownTestCard.visaDeclined)
            #expect(declining["kind"] as? String == "stored", "\(declining)")
            try await offline.catalogBack()
            let forwarded = try await eventually(60) { try await offline.kept().isEmpty }
            #expect(forwarded, "\(offline.station.log)")

            let journal = try await offline.station.journalLines()
            #expect(journal.first { $0["key"] as? String == old["key"] as? String }?["status"] as? String == "expired")
            #expect(
                journal.first { $0["key"] as? String == declining["key"] as? String }?["status"] as? String
                    == "declined")
            let charges = try await offline.catalog.charges()
            #expect(charges.map(\.status) == [.declined], "the expired sale was never charged")
            // The bookkeeper's list: brand, last 4, amount and time of each.
            let sales = try await offline.console.send(.GET, "/api/sales").json
            let followUp = try #require(sales["followUp"] as? [[String: Any]])
            let rows = followUp.compactMap { $0["sale"] as? [String: Any] }
            #expect(Set(rows.compactMap { $0["status"] as? String }) == ["expired", "declined"])
            #expect(
                rows.allSatisfy {
                    $0["brand"] as? String == "visa" && $0["totalCents"] as? Int == 540 && $0["at"] != nil
                })
            let metrics = try await offline.metrics()
            #expect(metrics.contains("swipe_offline_declined_total 2"), "\(metrics)")
            #expect(metrics.contains(#"swipe_offline_forwarded_total{outcome="expired"} 1"#))
            offline.expectNoCardData()
        }
    }

    @Test("a revoked station's kept sale is refused when forwarded: nothing charged, left for the bookkeeper")
    func revokedStation() async throws {
        try await OfflineStation.run("offline-revoked", offline: "") { offline in
            try await offline.catalogDown()
            let kept = try await offline.sell(Self.ticket, card: WellKnownTestCard.mastercard)
            #expect(kept["kind"] as? String == "stored", "\(kept)")
            // The Pi is lost: the bookkeeper revokes it at the catalog.
            let bookkeeper = try await offline.catalogClient("bookkeeper")
            let station = try #require(try await bookkeeper.stations().stations.first)
            _ = try await bookkeeper.revokeStation(station.id)
            offline.proxy.set(.pass)
            let settled = try await eventually(60) { try await offline.kept().isEmpty }
            #expect(settled, "\(offline.station.log)")
            let line = try #require(
                try await offline.station.journalLines().first { $0["key"] as? String == kept["key"] as? String })
            #expect(line["status"] as? String == "refused" && line["message"] as? String == VolunteerWords.keptRefused)
            #expect(try await offline.catalog.charges().isEmpty)
            #expect(offline.station.log.contains("station_revoked") || offline.station.log.contains("revoked"))
        }
    }
}
