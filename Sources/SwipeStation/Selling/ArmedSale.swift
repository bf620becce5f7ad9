public import Foundation

/// What the next accepted swipe pays for: a product, a quantity and, for a
/// variable-price product, the unit price.
public struct ArmedSale: Sendable, Equatable, Codable {
    /// Tells one armed sale from the next: the same card twice for the same armed sale is one sale.
    public var id: UUID
    /// Product id.
    public var product: String
    /// How many.
    public var quantity: Int
    /// Unit price in cents, for a variable-price product.
    public var priceCents: Int?
    /// The bookkeeper's test charge: voided as soon as it is approved.
    public var isTest = false

    /// Creates an armed sale.
    public init(id: UUID = UUID(), product: String, quantity: Int, priceCents: Int?) {
        self.id = id
        self.product = product
        self.quantity = quantity
        self.priceCents = priceCents
    }
}
