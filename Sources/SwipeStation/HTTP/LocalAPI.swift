import Foundation
import Hummingbird
import NIOCore
import SwipeCatalogAPI
import SwipeServerKit

/// The console's API under `/api` (a signed-in session, and its CSRF token for
/// changes): status, products, arming and cancelling a sale, the test charge,
/// event mode, the day's sales and voids, and the live events stream.
struct LocalAPI {
    let station: StationParts

    func routes(on api: RouterGroup<StationRequestContext>) {
        let station = station
        api.get("status") { _, _ in try StationHTTP.json(await station.status()) }
        api.get("setup") { _, _ in try StationHTTP.json(station.setup.snapshot) }
        api.get("products") { _, _ in
            guard let session = await station.connection.sellingSession() else {
                throw StationHTTPError(.serviceUnavailable, await station.connection.problem() ?? "catalog unreachable")
            }
            return try StationHTTP.json(ProductList(school: session.school, products: session.products))
        }
        api.put("sale") { request, context in
            let body = try await request.decode(as: ArmRequest.self, context: context)
            return try await changed { try await station.controller.arm(items: try body.lines()) }
        }
        api.post("quote") { request, context in
            let body = try await request.decode(as: ArmRequest.self, context: context)
            do { return try StationHTTP.json(try await station.controller.quote(items: try body.lines())) } catch let
                refusal as SaleRefusal
            {
                throw StationHTTPError(.conflict, refusal.description)
            }
        }
        api.post("sale/test") { _, _ in
            try await changed { try await station.controller.armTestCharge() }
        }
        api.delete("sale") { _, _ in
            await station.controller.disarm()
            station.events.publish(.changed)
            return Response(status: .noContent)
        }
        api.put("event-mode") { request, context in
            let body = try await request.decode(as: ArmRequest.self, context: context)
            guard let product = body.product else { throw StationHTTPError(.badRequest, "Choose the product.") }
            return try await changed {
                try await station.controller.startEventMode(
                    product: product, quantity: body.quantity ?? 1, priceCents: body.priceCents)
            }
        }
        api.delete("event-mode") { _, _ in
            await station.controller.stopEventMode()
            station.events.publish(.changed)
            return Response(status: .noContent)
        }
        api.get("sales") { request, _ in
            let day = request.uri.queryParameters.get("date") ?? EasternCalendar.dayString(Date())
            guard EasternCalendar.isDay(day) else { throw StationHTTPError(.badRequest, "date must be YYYY-MM-DD") }
            // Charges voided elsewhere since (the CLI, the catalog) show voided here too.
            await station.controller.syncVoids(day: day)
            let sales: [JournalSale]
            let followUp: [JournalSale]
            do {
                sales = try await station.journal.sales(day: day)
                followUp = try await station.journal.followUp(limit: 50)
            } catch {
                throw StationHTTPError(.internalServerError, "\(error)")
            }
            let names = Dictionary(
                (await station.connection.lastSession()?.products ?? []).map { ($0.id, $0.name) },
                uniquingKeysWith: { a, _ in a }
            )
            let today = EasternCalendar.dayString(Date())
            return try StationHTTP.json(
                SalesList(
                    date: day, today: today, sales: sales.map { TodaySale($0, names: names, today: today) },
                    followUp: followUp.map { TodaySale($0, names: names, today: today) }))
        }
        api.post("sales/:key/void") { _, context in
            let key = try context.parameters.require("key")
            return try await changed { try await station.controller.void(key: key) }
        }
        api.get("events") { _, _ in
            let stream = station.events.subscribe()
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                body: ResponseBody { writer in
                    try await Self.stream(stream, of: station, to: &writer)
                })
        }
    }

    /// Runs a change, tells the live channel, answers with its result or the refusal (409).
    private func changed(_ change: () async throws -> some Encodable) async throws -> Response {
        do {
            let result = try await change()
            station.events.publish(.changed)
            return try StationHTTP.json(result)
        } catch let refusal as SaleRefusal { throw StationHTTPError(.conflict, refusal.description) }
    }

    /// Server-Sent Events: `status` at once and whenever it changes, `progress` as a swipe's charge
    /// starts, `outcome` as each swipe ends, a
    /// comment every 15 quiet seconds (so a closed page is noticed). Ends when the station shuts down.
    private static func stream(
        _ events: AsyncStream<StationEvent>, of station: StationParts, to writer: inout any ResponseBodyWriter
    ) async throws {
        let encoder = JSONResponse.encoder()
        func message(_ name: String, _ data: Data) -> ByteBuffer {
            ByteBuffer(string: "event: \(name)\ndata: \(String(decoding: data, as: UTF8.self))\n\n")
        }
        var last = try encoder.encode(await station.status())
        try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
        try await writer.write(message("status", last))
        var quiet = 0
        for await event in events {
            switch event {
            case .progress(let progress): try await writer.write(message("progress", try encoder.encode(progress)))
            case .outcome(let outcome):
                try await writer.write(message("outcome", try encoder.encode(LiveOutcome(outcome: outcome))))
            case .setup:
                try await writer.write(message("setup", try encoder.encode(station.setup.snapshot)))
                continue
            case .changed, .tick: break
            }
            let now = try encoder.encode(await station.status())
            if now != last {
                try await writer.write(message("status", now))
                last = now
                quiet = 0
            } else {
                quiet += 1
                if quiet >= 15 {
                    try await writer.write(ByteBuffer(string: ": still here\n\n"))
                    quiet = 0
                }
            }
        }
        try await writer.finish(nil)
    }
}

/// `PUT /api/sale`, `POST /api/quote` and `PUT /api/event-mode` body: a cart's `items`, or one
/// `product` with its `quantity` and, for a variable price, `priceCents`.
struct ArmRequest: Decodable {
    var items: [ChargeItem]?
    var product: String?
    var quantity: Int?
    var priceCents: Int?

    /// The sale's lines.
    func lines() throws -> [ChargeItem] {
        if let items { return items }
        guard let product else { throw StationHTTPError(.badRequest, "Choose a product.") }
        return [ChargeItem(product: product, quantity: quantity ?? 1, priceCents: priceCents)]
    }
}

/// `GET /api/sales`.
struct SalesList: Encodable {
    var date: String
    /// The day in New York now: the only day whose sales can be voided.
    var today: String
    var sales: [TodaySale]
    /// Sales kept offline that the catalog did not charge when forwarded (any day, newest
    /// first): the bookkeeper collects them another way.
    var followUp: [TodaySale]
}

/// One sale in the console's Sales list: the journal's row, its lines in words, and
/// whether it can still be voided here.
struct TodaySale: Encodable {
    var sale: JournalSale
    /// What was sold: `Game ticket × 2, Donation`.
    var title: String
    /// Approved, and its day in New York is today: voidable until midnight Eastern.
    var voidable: Bool
    /// What to do instead, when an approved sale can no longer be voided here.
    var note: String?

    init(_ sale: JournalSale, names: [String: String], today: String) {
        self.sale = sale
        title = (sale.items ?? [ChargeItem(product: sale.product, quantity: sale.quantity)]).map { line in
            let name = names[line.product] ?? line.product
            return line.quantity > 1 ? "\(name) × \(line.quantity)" : name
        }.joined(separator: ", ")
        voidable = sale.status == .approved && sale.day == today && sale.receipt != nil
        note =
            sale.status == .approved && !voidable
            ? "Past midnight Eastern of its day: a refund is needed in the school-payments admin." : nil
    }
}

/// An outcome as the live channel sends it: its fields, and its tone's name and notes for the
/// phone showing the console to play.
struct LiveOutcome: Encodable {
    let outcome: SaleOutcome

    enum Keys: String, CodingKey { case tone, notes }

    func encode(to encoder: any Encoder) throws {
        try outcome.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encodeIfPresent(outcome.tone?.rawValue, forKey: .tone)
        try container.encodeIfPresent(outcome.tone?.notes, forKey: .notes)
    }
}
