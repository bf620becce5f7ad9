import Foundation
import SwipeCatalogAPI
import SwipeCatalogClient

/// Settling: sales whose outcome is unknown voided by key, the journal kept in step with voids
/// made elsewhere, and the console's Void.
extension SaleController {
    /// Settles every pending sale not in flight by voiding its key: a charge that
    /// was made is voided (`not_completed`, the volunteer was told to swipe again),
    /// one never made never will be (`not_completed`), a declined one is `declined`.
    /// Returns how many were settled; sales stay pending while the catalog does not answer.
    @discardableResult
    public func settlePending() async -> Int {
        guard let all = try? await journal.pending() else { return 0 }
        let pending = all.filter { !inFlight.contains($0.key) }
        guard !pending.isEmpty else {
            await updatePendingGauge()
            return 0
        }
        guard let session = await connection.ready() else { return 0 }
        var settled = 0
        for sale in pending where !inFlight.contains(sale.key) {
            do {
                let answer = try await session.client.voidByKey(sale.key)
                let receipt = answer.receipt
                if receipt?.status == .declined {
                    await settle(
                        sale.key, .declined, receipt: receipt?.id, totalCents: receipt?.totalCents, message: nil)
                } else {
                    let message =
                        receipt == nil
                        ? "The charge was never made (settled after a restart or a lost answer): swipe again."
                        : "The charge was cancelled (its outcome was unknown): no money was taken; swipe again."
                    await settle(sale.key, .notCompleted, receipt: receipt?.id, message: message)
                }
                logger.notice("settled pending sale \(sale.key) by its key")
                settled += 1
            } catch let error as CatalogClientError where error.code == .voidWindowClosed {
                await settle(
                    sale.key, .approved,
                    message: "Charged before midnight Eastern and settled: it could not be voided; see the catalog.")
                settled += 1
            } catch {
                logger.warning("pending sale \(sale.key) not settled yet: \(error)")
                if case .transport(let reason) = error as? CatalogClientError { await connection.lost(reason) }
                break
            }
        }
        return settled
    }

    /// Brings the journal's sales of `day` (`YYYY-MM-DD`, Eastern) in step with the catalog's
    /// charges: a charge voided elsewhere (with the CLI, at the catalog) is marked voided here.
    /// Returns how many sales changed; none while the catalog does not answer.
    @discardableResult
    public func syncVoids(day: String) async -> Int {
        guard let session = await connection.ready(),
            let list = try? await session.client.charges(school: session.school.id, date: day),
            let sales = try? await journal.sales(day: day)
        else { return 0 }
        let voided = Set(list.charges.filter { $0.status == .voided }.map(\.id))
        var changed = 0
        for sale in sales where sale.status == .approved {
            guard let receipt = sale.receipt, voided.contains(receipt) else { continue }
            await settle(sale.key, .voided, message: "Voided at the school-payments server.")
            logger.notice("sale \(sale.key) was voided elsewhere: journal updated")
            changed += 1
        }
        return changed
    }

    /// Voids an approved sale of this station (before midnight Eastern of its day).
    public func void(key: String) async throws(SaleRefusal) -> JournalSale {
        let found: JournalSale?
        do { found = try await journal.sale(key: key) } catch {
            logger.error("void of \(key): \(error)")
            throw SaleRefusal(VolunteerWords.journalUnreadable)
        }
        guard let sale = found, sale.status == .approved, let receipt = sale.receipt else {
            throw SaleRefusal("Only an approved sale of this station can be voided.")
        }
        guard let session = await connection.ready() else {
            throw SaleRefusal(await connection.problem() ?? "The catalog cannot be reached.")
        }
        do {
            let voided = try await session.client.void(chargeID: receipt)
            if voided.status == .voided { metrics.voided() }
            await settle(key, voided.status == .voided ? .voided : .approved, message: "Voided.")
            return (try? await journal.sale(key: key)) ?? sale
        } catch {
            logger.warning("void of \(key) (receipt \(receipt)) failed: \(error)")
            throw SaleRefusal(VolunteerWords.voidFailed(error as? CatalogClientError))
        }
    }
}
