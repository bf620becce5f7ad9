import Foundation
import SwipeCatalogAPI
import SwipeCatalogClient
import SwipeInput

/// Selling while the catalog cannot be reached: a sale kept (sealed to the catalog's key,
/// signed by the station, journaled before the volunteer hears "kept"), and kept sales
/// forwarded in the order they were taken once the catalog answers again.
extension SaleController {
    /// Keeps a sale for `card` while the catalog does not answer, within the offline limits.
    /// The swipe's card data is wiped by the caller; the payload made here is wiped here.
    func keep(_ heard: HeardSwipe, card: SwipedCard, for sale: ArmedSale, at now: Date) async -> SaleOutcome {
        func refused(_ reason: String, _ message: String) async -> SaleOutcome {
            await refuse(
                reason: reason, message: message, card: card.label, sale: sale, brand: card.brand, last4: card.last4,
                source: heard.source, at: now)
        }
        guard let session = await connection.offlineSession(), let sealer = session.sealer,
            let account = session.client.account, let stationKey = connection.offline?.key
        else {
            logger.warning("sale refused: the catalog cannot be reached and the station cannot keep sales yet")
            return await refused("offline_not_ready", VolunteerWords.offlineNotReady)
        }
        guard let waiting = try? await journal.waiting() else {
            return await refused("journal_unwritable", VolunteerWords.journalUnwritable)
        }
        let cardWaiting = keptCards.values.filter { $0 == card.fingerprint }.count
        let total = sale.quote?.totalCents
        if let breach = OfflineLimits(offline).breach(
            totalCents: total, waitingCents: waiting.cents, cardWaiting: cardWaiting)
        {
            return await refused("offline_limit", VolunteerWords.offlineRefusal(breach))
        }
        let key: String
        let request: Data
        do {
            key = try keys.next()
            let charge = try KeptSale.request(
                school: session.school.id, items: sale.items, entry: heard.readerKind == .usb ? .usb : .swipe,
                card: CardPayload(tracks: heard.tracks), account: account, idempotencyKey: key, swipedAt: now,
                sealer: sealer, station: stationKey.privateKey)
            request = try APICoding.encoder().encode(charge)
        } catch {
            logger.critical("sale refused: it could not be sealed to keep (\(type(of: error)))")
            return await refused("no_randomness", VolunteerWords.noSecureKey)
        }
        let entry = JournalSale(
            key: key, status: .stored, product: sale.product, quantity: sale.quantity, priceCents: sale.priceCents,
            brand: card.brand, last4: card.last4, source: heard.source, message: VolunteerWords.stored, at: now,
            day: EasternCalendar.dayString(now), items: sale.items, offline: true, totalCents: total)
        do { try await journal.keep(entry, request: request) } catch {
            logger.error("sale refused before keeping it: \(error)")
            return await refused("journal_unwritable", VolunteerWords.journalUnwritable)
        }
        keptCards[key] = card.fingerprint
        metrics.offlineStored()
        await updatePendingGauge()
        let outcome = SaleOutcome(
            kind: .stored, message: VolunteerWords.stored, card: card.label, key: key, totalCents: total, at: now)
        duplicates.charged(
            card: card.fingerprint, sale: sale.id, at: clock.now, summary: VolunteerWords.sameCardAgain(outcome))
        if mode == .console { armed = nil }
        return finish(outcome)
    }

    /// Forwards kept sales, oldest first, one at a time, while the catalog answers: each under
    /// its own key, exactly as journaled, so a forward cut short (a lost answer, a crash) is
    /// sent again and the catalog answers it with the first answer. Returns how many settled.
    @discardableResult
    public func forwardKept() async -> Int {
        guard let session = await connection.ready(), let kept = try? await journal.kept(), !kept.isEmpty else {
            return 0
        }
        var forwarded = 0
        for (sale, request) in kept {
            inFlight.insert(sale.key)
            defer { inFlight.remove(sale.key) }
            let settled: Bool
            do {
                let receipt = try await session.client.forward(request: request, idempotencyKey: sale.key)
                settled = await settleForwarded(sale, receipt: receipt, session: session)
            } catch let error as CatalogClientError {
                settled = await settleRefused(sale, error)
            } catch {
                settled = false
            }
            guard settled else { break }
            forwarded += 1
        }
        await updatePendingGauge()
        return forwarded
    }

    /// Journals the catalog's receipt for a forwarded sale (a receipt that is not the sale's is
    /// voided by key and the sale refused).
    private func settleForwarded(
        _ sale: JournalSale, receipt: Receipt, session: CatalogConnection.Session
    ) async -> Bool {
        let items =
            sale.items ?? [ChargeItem(product: sale.product, quantity: sale.quantity, priceCents: sale.priceCents)]
        let expected = ReceiptCheck.Expected(
            school: session.school.id, items: items, products: session.products, brand: sale.brand ?? "",
            last4: sale.last4 ?? "")
        let mismatches = ReceiptCheck.mismatches(receipt, expected: expected)
        if !mismatches.isEmpty {
            logger.error(
                "the catalog's receipt for kept sale \(sale.key) does not match it (\(mismatches.joined(separator: ", "))): voiding it by key"
            )
            guard (try? await session.client.voidByKey(sale.key)) != nil else { return false }
            return await recordForwarded(sale, .refused, outcome: "refused", message: VolunteerWords.keptRefused)
        }
        let status: JournalSale.Status = receipt.status == .declined ? .declined : .approved
        let message =
            status == .approved
            ? "Kept offline, then charged when the school-payments server was back."
            : "Kept offline, then declined when forwarded: \(receipt.declineReason ?? "declined"). Collect the payment another way."
        return await recordForwarded(
            sale, status, outcome: status.rawValue, receipt: receipt.id, totalCents: receipt.totalCents,
            message: message)
    }

    /// A forward the catalog refused for good (too old, a revoked station, …) is journaled; a
    /// lost answer or a session to renew leaves the sale kept, for the next round.
    private func settleRefused(_ sale: JournalSale, _ error: CatalogClientError) async -> Bool {
        switch error {
        case .api(let status, let code, _) where status != 401 && status < 500:
            logger.warning("kept sale \(sale.key) refused by the catalog when forwarded: \(error)")
            if code == .offlineSaleExpired {
                return await recordForwarded(sale, .expired, outcome: "expired", message: VolunteerWords.keptExpired)
            }
            return await recordForwarded(sale, .refused, outcome: "refused", message: VolunteerWords.keptRefused)
        case .api(401, _, _):
            await connection.signedOut()
        case .transport(let reason):
            await connection.lost(reason)
        default:
            logger.error("kept sale \(sale.key) not forwarded: \(error)")
        }
        return false
    }

    private func recordForwarded(
        _ sale: JournalSale, _ status: JournalSale.Status, outcome: String, receipt: String? = nil,
        totalCents: Int? = nil, message: String
    ) async -> Bool {
        do {
            try await journal.settle(
                key: sale.key, status: status, receipt: receipt, totalCents: totalCents, message: message)
        } catch {
            // Still kept in the journal: forwarded again next round, answered with the same receipt.
            logger.error("\(error): kept sale \(sale.key) will be forwarded again")
            return false
        }
        keptCards[sale.key] = nil
        metrics.offlineForwarded(outcome: outcome)
        logger.notice("kept sale \(sale.key) forwarded: \(status.rawValue)")
        return true
    }
}
