import ArgumentParser
import Foundation
import SwipeCards
import SwipeCatalogAPI
import SwipeCatalogClient
import SwipeDecoding
import SwipeReports
import WAVFile

/// `swipe products`.
struct ProductsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "products", abstract: "List what the school sells by swipe now.")

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        let session = try SignedIn.session()
        let list = try await SignedIn.client(session).products(school: session.school.id)
        if json { return try SignedIn.printJSON(list) }
        print("\(list.school.name): \(list.products.count) product(s)")
        for product in list.products {
            let price =
                product.priceCents.map(Money.text)
                ?? "\(Money.text(product.minimumCents ?? 0))-\(Money.text(product.maximumCents ?? 0)), you choose"
            let flags = [product.overTheCounterOnly ? "counter only" : nil, product.imageURL != nil ? "image" : nil]
                .compactMap { $0 }
            print(
                "  \(product.id.padding(toLength: 20, withPad: " ", startingAt: 0)) \(product.name) — \(price)"
                    + (flags.isEmpty ? "" : " [\(flags.joined(separator: ", "))]"))
        }
    }
}

/// `swipe charge`.
struct ChargeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charge", abstract: "Charge a card for a product: from a swipe recording or keyed in.")

    @Option(help: "Product id (see swipe products).")
    var product: String

    @Option(help: "How many.")
    var quantity = 1

    @Option(help: "Unit price in cents, for variable-price products.")
    var price: Int?

    @Option(help: "A WAV recording of the swipe: its first accepted card is charged.")
    var swipe: String?

    @Flag(help: "Type the card number and expiry instead (prompted, not echoed).")
    var keyed = false

    @Flag(help: "Print the receipt as the API's JSON.")
    var json = false

    func validate() throws {
        guard (swipe == nil) != !keyed else { throw ValidationError("Give either --swipe FILE.wav or --keyed.") }
        guard (1...100).contains(quantity) else { throw ValidationError("--quantity must be 1 to 100.") }
    }

    func run() async throws {
        let session = try SignedIn.session()
        let (payload, entry) = try readCard()
        defer { payload.wipe() }  // card data lives only as long as the charge
        let receipt = try await SignedIn.client(session).charge(
            school: session.school.id, items: [ChargeItem(product: product, quantity: quantity, priceCents: price)],
            entry: entry, card: payload)
        if json { return try SignedIn.printJSON(receipt) }
        ReceiptText.print(receipt)
        if receipt.status != .approved { throw ExitCode(1) }
    }

    private func readCard() throws -> (CardPayload, EntryMode) {
        if let swipe {
            let swipes: [DecodedSwipe]
            do { swipes = try RecordingDecoder(today: .current()).decode(contentsOf: swipe).swipes } catch {
                throw CLIError("\(swipe): \(error)")
            }
            defer { for swipe in swipes { swipe.wipe() } }
            guard let accepted = swipes.first(where: \.card.accepted) else {
                let reason =
                    swipes.first?.card.problems.first?.message ?? "No swipe was found in the recording: swipe again."
                throw CLIError(reason)
            }
            let tracks = accepted.tracks.compactMap(\.readout.trackData)
            return (CardPayload(tracks: tracks), .swipe)
        }
        let number = SensitiveBytes(utf8: try Prompt.secret("Card number: ").filter(\.isNumber))
        let expiry = try Prompt.line("Expiry (MM/YY): ").filter(\.isNumber)
        guard expiry.count == 4 else { throw CLIError("Expiry must be MM/YY.") }
        let stripeExpiry = String(expiry.suffix(2) + expiry.prefix(2))
        let check = CardValidator().check(
            keyed: CardNumber(digits: SensitiveBytes(number.bytes)), expiry: YearMonth(stripe: stripeExpiry),
            today: .current())
        defer { check.fields?.wipe() }
        guard check.accepted else {
            number.wipe()
            throw CLIError(check.problems.first?.message ?? "The card was refused.")
        }
        return (CardPayload(pan: number, expiry: stripeExpiry), .keyed)
    }
}

/// `swipe void`.
struct VoidCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "void", abstract: "Void a charge, before midnight Eastern time of its day.")

    @Argument(help: "The receipt (charge) id.")
    var receipt: String

    @Flag(help: "Print the receipt as the API's JSON.")
    var json = false

    func run() async throws {
        let session = try SignedIn.session()
        let voided = try await SignedIn.client(session).void(chargeID: receipt)
        if json { return try SignedIn.printJSON(voided) }
        ReceiptText.print(voided)
    }
}

/// `swipe charges`.
struct ChargesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "charges", abstract: "List a day's charges.")

    @Option(help: "Day, YYYY-MM-DD (today in New York by default).")
    var date: String?

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        let session = try SignedIn.session()
        let list = try await SignedIn.client(session).charges(school: session.school.id, date: date)
        if json { return try SignedIn.printJSON(list) }
        print("\(session.school.name), \(list.date): \(list.charges.count) charge(s)")
        for charge in list.charges {
            print(
                "  \(charge.id)  \(Eastern.time(charge.createdAt))  \(charge.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(Money.text(charge.totalCents))  \(charge.brand) ••••\(charge.last4)  \(charge.createdBy)"
            )
        }
    }
}

/// `swipe report`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "A day's totals by product and status (bookkeeper).")

    @Option(help: "Day, YYYY-MM-DD (today in New York by default).")
    var date: String?

    @Flag(help: "Print CSV.")
    var csv = false

    func run() async throws {
        let session = try SignedIn.session()
        let report = try await SignedIn.client(session).dailyReport(school: session.school.id, date: date)
        if csv {
            print("product,name,status,quantity,amount_cents")
            for line in report.lines {
                print(
                    [
                        line.product, "\"\(line.name.replacingOccurrences(of: "\"", with: "\"\""))\"",
                        line.status.rawValue, String(line.quantity), String(line.amountCents),
                    ].joined(separator: ","))
            }
            return
        }
        print("\(session.school.name), \(report.date)")
        for line in report.lines {
            print(
                "  \(line.name.padding(toLength: 32, withPad: " ", startingAt: 0)) \(line.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) x\(line.quantity)  \(Money.text(line.amountCents))"
            )
        }
        for total in report.totals {
            print(
                "  total \(total.status.rawValue): \(total.count) charge(s), \(Money.text(total.amountCents)) + fees \(Money.text(total.feeCents)) = \(Money.text(total.totalCents))"
            )
        }
    }
}

/// A receipt for a terminal: last 4 digits only.
enum ReceiptText {
    static func print(_ receipt: Receipt) {
        Swift.print(
            "Receipt \(receipt.id): \(receipt.status.rawValue.uppercased())\(receipt.declineReason.map { " — \($0)" } ?? "")"
        )
        for item in receipt.items {
            Swift.print("  \(item.quantity) x \(item.name) @ \(Money.text(item.unitCents))")
        }
        Swift.print(
            "  amount \(Money.text(receipt.amountCents)), fee \(Money.text(receipt.feeCents)), total \(Money.text(receipt.totalCents))"
        )
        Swift.print(
            "  \(receipt.brand) ••••\(receipt.last4)\(receipt.authorizationCode.map { ", authorization \($0)" } ?? "")")
        if receipt.status == .approved {
            Swift.print(
                "  voidable until \(Eastern.dateTime(receipt.voidableUntil)) (midnight Eastern); after that only a refund"
            )
        }
    }
}
