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
    /// The day in New York, `YYYY-MM-DD`: the day voids belong to.
    var today: String
    /// The one-cent test product, when the school sells one by swipe.
    var testProduct: String?
    var recent: [SaleOutcome]
}

extension StationParts {
    /// The station's status now.
    func status() async -> StationStatus {
        let session = await connection.ready()
        let armed = await controller.armedSale()
        return StationStatus(
            mode: await controller.mode.rawValue, catalogReachable: session != nil,
            catalogProblem: await connection.problem(), school: session?.school.name, readers: readers.snapshot,
            armed: armed, pricing: session?.pricing,
            pendingSales: (try? await journal.pending().count) ?? 0, today: EasternCalendar.dayString(Date()),
            testProduct: session.flatMap { SaleController.testProduct(in: $0.products)?.id },
            recent: await controller.recentOutcomes)
    }
}
