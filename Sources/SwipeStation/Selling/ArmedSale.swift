public import Foundation
public import SwipeCatalogAPI

/// What the next accepted swipe pays for: one to 20 lines (a product, how many and, for a
/// variable-price product, the unit price), and what the card will pay.
public struct ArmedSale: Sendable, Equatable, Codable {
    /// Tells one armed sale from the next: the same card twice for the same armed sale is one sale.
    public var id: UUID
    /// What it sells, in the order chosen.
    public var items: [ChargeItem]
    /// The lines in words, for the volunteer: `Game ticket × 2, Donation`.
    public var title: String
    /// What the card will pay, the school's fee included (absent when the catalog sent no pricing).
    public var quote: SaleQuote?
    /// The bookkeeper's test charge: voided as soon as it is approved.
    public var isTest = false

    /// Creates an armed sale.
    public init(id: UUID = UUID(), items: [ChargeItem], title: String, quote: SaleQuote? = nil) {
        self.id = id
        self.items = items
        self.title = title
        self.quote = quote
    }

    /// A sale of one product.
    public init(product: String, quantity: Int, priceCents: Int?) {
        self.init(
            items: [ChargeItem(product: product, quantity: quantity, priceCents: priceCents)],
            title: quantity > 1 ? "\(product) × \(quantity)" : product)
    }

    /// The first line's product: event mode's one product.
    public var product: String { items[0].product }
    /// The first line's quantity.
    public var quantity: Int { items[0].quantity }
    /// The first line's unit price, for a variable-price product.
    public var priceCents: Int? { items[0].priceCents }
}
