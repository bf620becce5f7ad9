public import Foundation
public import GRDB
public import SwipeCatalogAPI

/// One sale as the journal keeps it: never card data, brand and last 4 at most.
public struct JournalSale: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// Where a sale stands.
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Written before the charge left the device; its outcome is not known yet.
        case pending
        /// The catalog approved the charge; ``receipt`` names it.
        case approved
        /// The catalog declined the card.
        case declined
        /// Approved, then voided from this station.
        case voided
        /// The charge's outcome was not known and it was cancelled by its key: no money was
        /// taken; the volunteer was told to swipe again.
        case notCompleted = "not_completed"
        /// Refused before any charge was sent (the card, the catalog unreachable, the journal
        /// unwritable, a product the catalog does not sell now), or, for a kept sale, refused
        /// by the catalog when forwarded (see ``message``).
        case refused
        /// Kept while the catalog could not be reached: the card sealed to the catalog's key,
        /// the charge signed by the station, waiting to be forwarded.
        case stored
        /// A kept sale the catalog refused as too old (`offline.maxAgeHours`): not charged.
        case expired
    }

    /// The journal's table.
    public static let databaseTableName = "sales"

    /// The charge's idempotency key, chosen before the first attempt.
    public var key: String
    /// Where the sale stands.
    public var status: Status
    /// The catalog's receipt (charge) id, once known.
    public var receipt: String?
    /// The product sold.
    public var product: String
    /// How many.
    public var quantity: Int
    /// Unit price asked, for a variable-price product.
    public var priceCents: Int?
    /// What the card paid, fee included, once known.
    public var totalCents: Int?
    /// The card's brand (`visa`, `mastercard`), when read.
    public var brand: String?
    /// The card's last four digits, when read.
    public var last4: String?
    /// The reader the swipe came from.
    public var source: String
    /// What the volunteer was told (never card data).
    public var message: String?
    /// When the swipe was heard.
    public var at: Date
    /// The day in New York (`YYYY-MM-DD`) the sale belongs to.
    public var day: String
    /// When the row last changed.
    public var updatedAt: Date
    /// Every line of the sale (a cart); `product`, `quantity` and `priceCents` are its first.
    /// Absent from rows written before carts.
    public var items: [ChargeItem]?
    /// `true` for a sale kept while the catalog could not be reached (forwarded or not yet).
    public var offline: Bool?

    /// Creates a row.
    public init(
        key: String, status: Status, product: String, quantity: Int, priceCents: Int?, brand: String?,
        last4: String?, source: String, message: String?, at: Date, day: String, items: [ChargeItem]? = nil,
        offline: Bool? = nil, totalCents: Int? = nil
    ) {
        self.items = items
        self.offline = offline
        self.totalCents = totalCents
        self.key = key
        self.status = status
        self.product = product
        self.quantity = quantity
        self.priceCents = priceCents
        self.brand = brand
        self.last4 = last4
        self.source = source
        self.message = message
        self.at = at
        self.day = day
        updatedAt = at
    }
}
