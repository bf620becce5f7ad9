/// A product that may be sold by swipe right now.
public struct Product: Codable, Sendable, Equatable {
    /// Stable identifier.
    public var id: String
    /// Name shown to the volunteer.
    public var name: String
    /// Price in cents, or `nil` for a variable price between `minimumCents` and `maximumCents`.
    public var priceCents: Int?
    /// Lowest price of a variable-price product.
    public var minimumCents: Int?
    /// Highest price of a variable-price product.
    public var maximumCents: Int?
    /// Hidden from the online store, sold at the event only.
    public var overTheCounterOnly: Bool
    /// Where the product's JPEG image is served, if it has one.
    public var imageURL: String?

    /// Creates a product.
    public init(
        id: String, name: String, priceCents: Int?, minimumCents: Int? = nil, maximumCents: Int? = nil,
        overTheCounterOnly: Bool = false, imageURL: String? = nil
    ) {
        self.id = id
        self.name = name
        self.priceCents = priceCents
        self.minimumCents = minimumCents
        self.maximumCents = maximumCents
        self.overTheCounterOnly = overTheCounterOnly
        self.imageURL = imageURL
    }
}

/// `GET /v1/schools/{school}/products`.
public struct ProductList: Codable, Sendable {
    /// The school.
    public var school: School
    /// What may be sold by swipe now.
    public var products: [Product]
    /// The school's fee and limits (absent from a catalog older than this field).
    public var pricing: SchoolPricing?

    /// Creates the list.
    public init(school: School, products: [Product], pricing: SchoolPricing? = nil) {
        self.school = school
        self.products = products
        self.pricing = pricing
    }
}
