import Foundation
public import Hummingbird
public import Logging
import NIOCore
import SwipeCatalogAPI

/// The station's HTTP endpoint on `http.listen`: `GET /metrics` (Prometheus), and
/// the small local API the operator console uses: status, products, arming a sale,
/// the day's sales, voiding one. Loopback by default; it carries no card data.
public enum StationHTTP {
    /// The application; `onRunning` gets the bound port.
    public static func application(
        station: StationParts, host: String, port: Int, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: StationErrorMiddleware())
        routes(station, on: router)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "swipe-station"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    static func routes(_ station: StationParts, on router: Router<BasicRequestContext>) {
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: station.metrics.exposition())))
        }
        let api = router.group("api")
        api.get("status") { _, _ in
            let session = await station.connection.ready()
            let status = StationStatus(
                mode: station.mode.rawValue, catalogReachable: session != nil,
                catalogProblem: await station.connection.problem(), school: session?.school.name,
                armed: await station.controller.armed, pendingSales: (try? await station.journal.pending().count) ?? 0,
                recent: await station.controller.recentOutcomes)
            return try json(status)
        }
        api.get("products") { _, _ in
            guard let session = await station.connection.ready() else {
                throw StationHTTPError(.serviceUnavailable, await station.connection.problem() ?? "catalog unreachable")
            }
            return try json(ProductList(school: session.school, products: session.products))
        }
        api.put("sale") { request, context in
            let body = try await request.decode(as: ArmRequest.self, context: context)
            do {
                return try json(
                    try await station.controller.arm(
                        product: body.product, quantity: body.quantity ?? 1, priceCents: body.priceCents))
            } catch { throw StationHTTPError(.conflict, "\(error)") }
        }
        api.delete("sale") { _, _ in
            await station.controller.disarm()
            return Response(status: .noContent)
        }
        api.get("sales") { request, _ in
            let day = request.uri.queryParameters.get("date") ?? EasternCalendar.dayString(Date())
            guard EasternCalendar.isDay(day) else { throw StationHTTPError(.badRequest, "date must be YYYY-MM-DD") }
            do { return try json(SalesList(date: day, sales: try await station.journal.sales(day: day))) } catch let
                error
                as JournalError
            {
                throw StationHTTPError(.internalServerError, "\(error)")
            }
        }
        api.post("sales/:key/void") { _, context in
            let key = try context.parameters.require("key")
            do { return try json(try await station.controller.void(key: key)) } catch {
                throw StationHTTPError(.conflict, "\(error)")
            }
        }
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// `PUT /api/sale` body.
struct ArmRequest: Decodable {
    var product: String
    var quantity: Int?
    var priceCents: Int?
}

/// `GET /api/status`.
struct StationStatus: Encodable {
    var mode: String
    var catalogReachable: Bool
    var catalogProblem: String?
    var school: String?
    var armed: ArmedSale?
    var pendingSales: Int
    var recent: [SaleOutcome]
}

/// `GET /api/sales`.
struct SalesList: Encodable {
    var date: String
    var sales: [JournalSale]
}
