public import SwipeCatalogAPI

/// Whether a receipt is for the sale that was sent: the same school, the same items
/// at the prices the station knows, a total that adds up, and the card that was
/// swiped (brand and last 4). A receipt that is not is never journaled as approved.
public enum ReceiptCheck {
    /// What the station sent and knows.
    public struct Expected: Sendable {
        /// The school's id.
        public var school: String
        /// The items charged.
        public var items: [ChargeItem]
        /// The school's products as the station last loaded them (their fixed prices).
        public var products: [Product]
        /// The card's brand, as the API spells it (`visa`).
        public var brand: String
        /// The card's last 4 digits.
        public var last4: String

        /// Creates the expectation.
        public init(school: String, items: [ChargeItem], products: [Product], brand: String, last4: String) {
            self.school = school
            self.items = items
            self.products = products
            self.brand = brand
            self.last4 = last4
        }
    }

    /// What does not match, in a few words each (no card data); empty when the receipt is right.
    public static func mismatches(_ receipt: Receipt, expected: Expected) -> [String] {
        var found: [String] = []
        if receipt.school != expected.school { found.append("another school") }
        if receipt.brand.lowercased() != expected.brand.lowercased() || receipt.last4 != expected.last4 {
            found.append("another card")
        }
        if receipt.status != .approved && receipt.status != .declined {
            found.append("status \(receipt.status.rawValue)")
        }
        let sent = expected.items.map { "\($0.product)*\($0.quantity)" }.sorted()
        let charged = receipt.items.map { "\($0.product)*\($0.quantity)" }.sorted()
        if sent != charged { found.append("other items") }
        for item in receipt.items {
            guard let requested = expected.items.first(where: { $0.product == item.product }) else { continue }
            let price = requested.priceCents ?? expected.products.first { $0.id == item.product }?.priceCents
            if let price, item.unitCents != price {
                found.append("\(item.product) at \(Money.text(item.unitCents)), not \(Money.text(price))")
            }
        }
        // Added with overflow checks: the numbers come from outside.
        var itemsTotal: Int? = 0
        for item in receipt.items {
            let (line, lineOverflow) = item.unitCents.multipliedReportingOverflow(by: item.quantity)
            let (sum, sumOverflow) = (itemsTotal ?? 0).addingReportingOverflow(line)
            itemsTotal = lineOverflow || sumOverflow || itemsTotal == nil ? nil : sum
        }
        let (total, totalOverflow) = receipt.amountCents.addingReportingOverflow(receipt.feeCents)
        if receipt.amountCents < 0 || receipt.feeCents < 0 || receipt.items.contains(where: { $0.unitCents < 0 }) {
            found.append("a negative amount")
        }
        if receipt.amountCents != itemsTotal || totalOverflow || receipt.totalCents != total {
            found.append("totals that do not add up")
        }
        return found
    }
}
