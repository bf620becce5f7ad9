import Foundation
public import SwipeCatalogAPI

/// Arming: the sale the next accepted swipe pays for (console mode), checked against what the
/// school sells now and its limits; event mode; quotes while a sale is set up.
extension SaleController {
    /// Arms a sale of one product: the next accepted swipe pays for it.
    public func arm(product: String, quantity: Int, priceCents: Int?) async throws(SaleRefusal) -> ArmedSale {
        try await arm(items: [ChargeItem(product: product, quantity: quantity, priceCents: priceCents)])
    }

    /// Arms a sale of one to 20 lines (a cart): the next accepted swipe pays for it. Each
    /// product must be on sale at the school now, with a price where its price is variable,
    /// and the sale within the school's limits.
    public func arm(items: [ChargeItem]) async throws(SaleRefusal) -> ArmedSale {
        guard mode == .console else {
            throw SaleRefusal(
                "The station is in event mode: every swipe buys \(armed?.title ?? "one product"). Turn event mode off first."
            )
        }
        let sale = try await checked(items)
        armed = sale
        return sale
    }

    /// The armed sale with its products' names and its total, once the catalog has said them:
    /// event mode's configured sale is armed at start, before the catalog answers.
    public func armedSale() async -> ArmedSale? {
        guard let sale = armed, sale.quote == nil, await connection.ready()?.pricing != nil,
            var checked = try? await checked(sale.items)
        else { return armed }
        checked.id = sale.id
        checked.isTest = sale.isTest
        if armed?.id == sale.id { armed = checked }
        return checked
    }

    /// What a sale of `items` would come to, checked as arming checks it, without arming it:
    /// the console shows the total and the fee, or what is wrong, while the sale is set up.
    public func quote(items: [ChargeItem]) async throws(SaleRefusal) -> ArmedSale {
        try await checked(items)
    }

    /// Arms the bookkeeper's test charge: the school's one-cent product. Once approved
    /// it is voided at once, so one swipe checks reader, card and catalog end to end.
    public func armTestCharge() async throws(SaleRefusal) -> ArmedSale {
        guard mode == .console else { throw SaleRefusal("Turn event mode off to make a test charge.") }
        guard let session = await connection.ready() else {
            throw SaleRefusal(await connection.problem() ?? "The catalog cannot be reached.")
        }
        guard let product = Self.testProduct(in: session.products) else {
            throw SaleRefusal("\(session.school.name) has no one-cent test product on sale by swipe.")
        }
        var sale = try await checked([ChargeItem(product: product.id, quantity: 1)])
        sale.isTest = true
        armed = sale
        return sale
    }

    /// The school's one-cent test product, if it sells one by swipe.
    public static func testProduct(in products: [Product]) -> Product? {
        products.first { $0.priceCents == 1 }
    }

    /// Disarms the console sale (event mode keeps its sale).
    public func disarm() {
        if mode == .console { armed = nil }
    }

    /// Turns event mode on (every accepted swipe buys `product`), checked like an
    /// armed sale. Lasts until switched off or the station restarts with its settings.
    public func startEventMode(product: String, quantity: Int, priceCents: Int?) async throws(SaleRefusal)
        -> ArmedSale
    {
        let sale = try await checked([ChargeItem(product: product, quantity: quantity, priceCents: priceCents)])
        mode = .event
        armed = sale
        logger.notice("event mode on: every swipe buys \(sale.title)")
        return sale
    }

    /// Turns event mode off: sales are armed one at a time again.
    public func stopEventMode() {
        guard mode == .event else { return }
        mode = .console
        armed = nil
        logger.notice("event mode off")
    }

    /// The sale of `items`, checked against what the school sells now and its limits, with
    /// what the card will pay.
    private func checked(_ items: [ChargeItem]) async throws(SaleRefusal) -> ArmedSale {
        guard (1...20).contains(items.count) else { throw SaleRefusal("A sale holds 1 to 20 products.") }
        guard items.allSatisfy({ (1...100).contains($0.quantity) }) else {
            throw SaleRefusal("The quantity must be 1 to 100: split a bigger order into several sales.")
        }
        // Offline selling on: what was on sale when the catalog last answered.
        let lastKnown = offline.enabled ? await connection.lastSession() : nil
        guard let session = await connection.ready() ?? lastKnown else {
            throw SaleRefusal(await connection.problem() ?? "The catalog cannot be reached.")
        }
        var lines: [(item: ChargeItem, product: Product)] = []
        for item in items {
            guard let product = session.products.first(where: { $0.id == item.product }) else {
                logger.notice("arming refused: \(item.product) is not on sale by swipe now")
                throw SaleRefusal(VolunteerWords.productNotOnSale)
            }
            if product.priceCents == nil {
                guard let price = item.priceCents, price >= (product.minimumCents ?? 1),
                    price <= (product.maximumCents ?? .max)
                else {
                    throw SaleRefusal(
                        "\(product.name) needs a price from \(Money.text(product.minimumCents ?? 1)) to "
                            + "\(Money.text(product.maximumCents ?? 0)).")
                }
            }
            let line = ChargeItem(
                product: item.product, quantity: item.quantity,
                priceCents: product.priceCents == nil ? item.priceCents : nil)
            lines.append((line, product))
        }
        let title = lines.map { $0.item.quantity > 1 ? "\($0.product.name) × \($0.item.quantity)" : $0.product.name }
            .joined(separator: ", ")
        var quote: SaleQuote?
        if let pricing = session.pricing {
            let units = lines.map {
                (unitCents: $0.item.priceCents ?? $0.product.priceCents ?? 0, quantity: $0.item.quantity)
            }
            switch pricing.quote(units) {
            case .success(let found): quote = found
            case .failure(let breach): throw SaleRefusal(VolunteerWords.overLimit(breach))
            }
        }
        return ArmedSale(items: lines.map(\.item), title: title, quote: quote)
    }
}
