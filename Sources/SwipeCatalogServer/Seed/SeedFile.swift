public import Foundation

/// Districts, schools, accounts and products to load into a catalog: the seed
/// file format of `swipe catalog seed` (JSON).
public struct SeedFile: Codable, Sendable {
    /// A district and everything in it.
    public struct DistrictSeed: Codable, Sendable {
        /// Stable identifier.
        public var id: String
        /// Name people see.
        public var name: String
        /// Its schools.
        public var schools: [SchoolSeed]
        /// Its accounts.
        public var accounts: [AccountSeed]
    }

    /// A school, its processing fee and its products.
    public struct SchoolSeed: Codable, Sendable {
        /// Stable identifier.
        public var id: String
        /// Name people see.
        public var name: String
        /// Flat fee added to each charge, in cents.
        public var feeFlatCents: Int?
        /// Percentage fee in basis points (300 = 3%).
        public var feeBasisPoints: Int?
        /// Most one charge may come to before fees, in cents (default 100,000: $1,000).
        public var maxChargeCents: Int?
        /// Most one unit of any product may cost, in cents (default 50,000: $500).
        public var maxItemCents: Int?
        /// Its products.
        public var products: [ProductSeed]
    }

    /// A product.
    public struct ProductSeed: Codable, Sendable {
        /// Stable identifier.
        public var id: String
        /// Name people see.
        public var name: String
        /// Fixed price, or `nil` for a variable price within `minimumCents...maximumCents`.
        public var priceCents: Int?
        /// Lowest price of a variable-price product.
        public var minimumCents: Int?
        /// Highest price of a variable-price product.
        public var maximumCents: Int?
        /// Sale window; open-ended when missing.
        public var startsAt: Date?
        /// End of the sale window.
        public var endsAt: Date?
        /// Sold only with a student ID (never by swipe).
        public var requiresStudentID: Bool?
        /// Whether swipe sales are allowed.
        public var swipeAllowed: Bool?
        /// Hidden from the online store, sold at events.
        public var overTheCounterOnly: Bool?
        /// JPEG file, relative to the seed file.
        public var image: String?
        /// JPEG bytes, base64 (instead of `image`).
        public var imageBase64: String?
    }

    /// An account.
    public struct AccountSeed: Codable, Sendable {
        /// Username.
        public var username: String
        /// Password (stored only as a hash).
        public var password: String
        /// `bookkeeper` or `generic`.
        public var role: String
        /// School ids it may use.
        public var schools: [String]
    }

    /// The districts.
    public var districts: [DistrictSeed]
}
