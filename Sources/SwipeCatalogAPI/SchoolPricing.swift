/// What a school adds to a sale and how much one charge may be: its fee (a flat part and a
/// share of the amount) and its limits per item and per charge. The catalog sends it with
/// the products, so the station can show the total before the swipe and refuse a sale over
/// a limit before the customer swipes; the catalog applies the same rules to the charge.
public struct SchoolPricing: Codable, Sendable, Equatable {
    /// The flat part of the fee, per charge.
    public var feeFlatCents: Int
    /// The share of the amount added as fee, in hundredths of a percent (290 is 2.9%).
    public var feeBasisPoints: Int
    /// The most one charge may come to, before the fee.
    public var maxChargeCents: Int
    /// The most one item (one unit of a product) may cost.
    public var maxItemCents: Int

    /// Creates a school's pricing.
    public init(feeFlatCents: Int, feeBasisPoints: Int, maxChargeCents: Int, maxItemCents: Int) {
        self.feeFlatCents = feeFlatCents
        self.feeBasisPoints = feeBasisPoints
        self.maxChargeCents = maxChargeCents
        self.maxItemCents = maxItemCents
    }

    /// The fee on a charge of `amountCents`: the flat part plus the share, rounded to the nearest cent.
    public func fee(onAmount amountCents: Int) -> Int {
        feeFlatCents + (amountCents * feeBasisPoints + 5_000) / 10_000
    }

    /// What a sale of lines (unit price and quantity, each) comes to, or which limit it breaks.
    public func quote(_ lines: [(unitCents: Int, quantity: Int)]) -> Result<SaleQuote, LimitBreach> {
        if let line = lines.first(where: { $0.unitCents > maxItemCents }) {
            return .failure(.item(unitCents: line.unitCents, limitCents: maxItemCents))
        }
        let amount = lines.reduce(0) { $0 + $1.unitCents * $1.quantity }
        guard amount <= maxChargeCents else {
            return .failure(.charge(amountCents: amount, limitCents: maxChargeCents))
        }
        let fee = fee(onAmount: amount)
        return .success(SaleQuote(amountCents: amount, feeCents: fee, totalCents: amount + fee))
    }

    /// A limit a sale breaks.
    public enum LimitBreach: Error, Sendable, Equatable {
        /// One item costs more than the school allows per item.
        case item(unitCents: Int, limitCents: Int)
        /// The sale comes to more than the school allows per charge.
        case charge(amountCents: Int, limitCents: Int)
    }
}

/// What a sale comes to: the amount, the school's fee, and what the card pays.
public struct SaleQuote: Codable, Sendable, Equatable {
    /// The items' prices times their quantities.
    public var amountCents: Int
    /// The school's fee.
    public var feeCents: Int
    /// What the card pays.
    public var totalCents: Int

    /// Creates a quote.
    public init(amountCents: Int, feeCents: Int, totalCents: Int) {
        self.amountCents = amountCents
        self.feeCents = feeCents
        self.totalCents = totalCents
    }
}
