import Foundation
import SwipeCatalogAPI
import Testing

@testable import SwipeStation

/// A receipt is checked against the sale that was sent before it counts as approved.
@Suite("Receipt check")
struct ReceiptCheckTests {
    let products = [
        Product(
            id: "ticket", name: "Ticket", priceCents: 500, minimumCents: nil, maximumCents: nil,
            overTheCounterOnly: false, imageURL: nil)
    ]

    func receipt(
        amount: Int = 1_000, fee: Int = 80, total: Int = 1_080, unit: Int = 500, quantity: Int = 2,
        brand: String = "visa", last4: String = "4242", school: String = "demo-high"
    ) -> Receipt {
        Receipt(
            id: "ch_1", school: school, status: .approved, declineReason: nil, amountCents: amount, feeCents: fee,
            totalCents: total, brand: brand, last4: last4, authorizationCode: "A", entry: .swipe,
            items: [ReceiptItem(product: "ticket", name: "Ticket", quantity: quantity, unitCents: unit)],
            createdBy: "volunteer", createdAt: Date(), voidableUntil: Date(), voidedAt: nil)
    }

    var expected: ReceiptCheck.Expected {
        .init(
            school: "demo-high", items: [ChargeItem(product: "ticket", quantity: 2, priceCents: nil)],
            products: products, brand: "visa", last4: "4242")
    }

    @Test("the right receipt passes")
    func right() {
        #expect(ReceiptCheck.mismatches(receipt(), expected: expected).isEmpty)
    }

    @Test("another card, another school, other items, another price, totals that do not add up, negatives")
    func wrong() {
        let cases: [(Receipt, String)] = [
            (receipt(last4: "1111"), "another card"), (receipt(brand: "mastercard"), "another card"),
            (receipt(school: "other"), "another school"), (receipt(quantity: 3), "other items"),
            (receipt(amount: 1_200, total: 1_280, unit: 600), "not $5.00"),
            (receipt(total: 999), "do not add up"), (receipt(amount: -1_000, total: -920, unit: -500), "negative"),
            (receipt(amount: .max, fee: .max, total: .min, unit: .max), "do not add up"),
        ]
        for (receipt, words) in cases {
            let found = ReceiptCheck.mismatches(receipt, expected: expected)
            #expect(found.contains { $0.contains(words) }, "\(words): \(found)")
        }
    }
}
