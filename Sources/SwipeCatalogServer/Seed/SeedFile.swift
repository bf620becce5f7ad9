public import Foundation

/// Districts, schools, accounts and products to load into a catalog: the seed
/// file format of `swipe catalog seed` (JSON).
public struct SeedFile: Codable, Sendable {
    /// A district and everything in it.
    public struct DistrictSeed: Codable, Sendable {
        public var id: String
        public var name: String
        public var schools: [SchoolSeed]
        public var accounts: [AccountSeed]
    }

    /// A school, its processing fee and its products.
    public struct SchoolSeed: Codable, Sendable {
        public var id: String
        public var name: String
        /// Flat fee added to each charge, in cents.
        public var feeFlatCents: Int?
        /// Percentage fee in basis points (300 = 3%).
        public var feeBasisPoints: Int?
        public var products: [ProductSeed]
    }

    /// A product.
    public struct ProductSeed: Codable, Sendable {
        public var id: String
        public var name: String
        /// Fixed price, or `nil` for a variable price within `minimumCents...maximumCents`.
        public var priceCents: Int?
        public var minimumCents: Int?
        public var maximumCents: Int?
        /// Sale window; open-ended when missing.
        public var startsAt: Date?
        public var endsAt: Date?
        public var requiresStudentID: Bool?
        public var swipeAllowed: Bool?
        public var overTheCounterOnly: Bool?
        /// JPEG file, relative to the seed file.
        public var image: String?
        /// JPEG bytes, base64 (instead of `image`).
        public var imageBase64: String?
    }

    /// An account.
    public struct AccountSeed: Codable, Sendable {
        public var username: String
        public var password: String
        /// `bookkeeper` or `generic`.
        public var role: String
        /// School ids it may use.
        public var schools: [String]
    }

    /// The districts.
    public var districts: [DistrictSeed]
}
