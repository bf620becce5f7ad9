import ArgumentParser
import Foundation
import SwipeCatalogAPI
import SwipeStation

/// `swipe journal`: the day's sales on this device.
struct JournalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "List a day's sales from the station's journal (safe while swipe run is running).",
        discussion: """
            With --json, one object per line: key, status (pending, approved, declined, voided, not_completed, \
            refused, stored, expired), offline (true for a sale kept while the catalog could not be reached), \
            receipt, product, quantity, priceCents, items, totalCents, brand, last4, source, message, at.
            """)

    @Option(help: "The station's configuration file: its journal.path is read.")
    var config: String

    @Option(help: "Day, YYYY-MM-DD (today in New York by default).")
    var date: String?

    @Flag(help: "One JSON object per sale, one line each.")
    var json = false

    func validate() throws {
        if let date, !EasternCalendar.isDay(date) { throw ValidationError("--date must be YYYY-MM-DD.") }
    }

    func run() async throws {
        let path: String
        do { path = try await StationConfigurationLoader.journalPath(file: config) } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        let day = date ?? EasternCalendar.dayString(Date())
        let sales: [JournalSale]
        do { sales = try await SaleJournal.reading(path: path).sales(day: day) } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for sale in sales { print(String(decoding: try encoder.encode(JournalLine(sale)), as: UTF8.self)) }
            return
        }
        print("\(path), \(day): \(sales.count) sale(s)")
        for sale in sales {
            let status = sale.status.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
            let card = sale.brand.map { "\($0) ••••\(sale.last4 ?? "????")" } ?? ""
            let total = sale.totalCents.map(Money.text) ?? "-"
            let lines = (sale.items ?? [ChargeItem(product: sale.product, quantity: sale.quantity)])
                .map { "\($0.quantity) x \($0.product)" }.joined(separator: ", ")
            print(
                "  \(Eastern.time(sale.at))  \(status) \(lines)  \(total)  \(card)"
                    + (sale.receipt.map { "  receipt \($0)" } ?? "") + (sale.message.map { "  — \($0)" } ?? ""))
        }
    }
}

/// One journal line as `--json` prints it: every key always present (null when unknown).
struct JournalLine: Encodable {
    let sale: JournalSale

    init(_ sale: JournalSale) { self.sale = sale }

    enum Keys: String, CodingKey {
        case key, status, offline, receipt, product, quantity, priceCents, items, totalCents, brand, last4, source,
            message
        case at
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(sale.key, forKey: .key)
        try container.encode(sale.status.rawValue, forKey: .status)
        try container.encode(sale.offline == true, forKey: .offline)
        try container.encode(sale.receipt, forKey: .receipt)
        try container.encode(sale.product, forKey: .product)
        try container.encode(sale.quantity, forKey: .quantity)
        try container.encode(sale.priceCents, forKey: .priceCents)
        try container.encode(
            sale.items ?? [ChargeItem(product: sale.product, quantity: sale.quantity, priceCents: sale.priceCents)],
            forKey: .items)
        try container.encode(sale.totalCents, forKey: .totalCents)
        try container.encode(sale.brand, forKey: .brand)
        try container.encode(sale.last4, forKey: .last4)
        try container.encode(sale.source, forKey: .source)
        try container.encode(sale.message, forKey: .message)
        try container.encode(sale.at, forKey: .at)
    }
}
