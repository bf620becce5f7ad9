import Foundation
import SwipeCatalogAPI

/// `GET /api/status` and the console's status bar: never card data beyond brand and last 4.
struct StationStatus: Encodable, Equatable {
    /// `console` or `event`.
    var mode: String
    var catalogReachable: Bool
    var catalogProblem: String?
    var school: String?
    var readers: ReaderStatus.Snapshot
    /// The sale armed (in event mode, the one every swipe buys): its lines, title and total.
    var armed: ArmedSale?
    /// The school's fee and limits, shown while a sale is set up.
    var pricing: SchoolPricing?
    var pendingSales: Int
    /// Selling while the catalog cannot be reached.
    var offline: OfflineStatus
    /// The day in New York, `YYYY-MM-DD`: the day voids belong to.
    var today: String
    /// The one-cent test product, when the school sells one by swipe.
    var testProduct: String?
    var recent: [SaleOutcome]
}

/// The offline part of the status: whether sales are being kept now, and what waits.
struct OfflineStatus: Encodable, Equatable {
    /// `offline.enabled`.
    var enabled: Bool
    /// The catalog does not answer and the station can keep sales (it has the catalog's key
    /// and its own key is enrolled).
    var keeping: Bool
    /// Kept sales waiting to be forwarded, and what they come to.
    var waiting: Int
    var waitingCents: Int
    /// The most one kept sale may come to.
    var maxSaleCents: Int
}

extension StationParts {
    /// The station's status now.
    func status() async -> StationStatus {
        let session = await connection.ready()
        // While sales are kept offline: what was on sale when the catalog last answered.
        let keeping = await connection.offlineSession()
        let selling = session ?? keeping
        let armed = await controller.armedSale()
        return StationStatus(
            mode: await controller.mode.rawValue, catalogReachable: session != nil,
            catalogProblem: await connection.problem(), school: selling?.school.name, readers: readers.snapshot,
            armed: armed, pricing: selling?.pricing,
            pendingSales: (try? await journal.pending().count) ?? 0, offline: await offlineStatus(),
            today: EasternCalendar.dayString(Date()),
            testProduct: session.flatMap { SaleController.testProduct(in: $0.products)?.id },
            recent: await controller.recentOutcomes)
    }

    private func offlineStatus() async -> OfflineStatus {
        let settings = connection.offline?.settings ?? StationConfiguration.Offline()
        let waiting = (try? await journal.waiting()) ?? (count: 0, cents: 0)
        return OfflineStatus(
            enabled: settings.enabled, keeping: await connection.offlineSession() != nil, waiting: waiting.count,
            waitingCents: waiting.cents, maxSaleCents: settings.maxSaleCents)
    }
}
