/// Why a sale cannot be armed or voided, for a person.
public struct SaleRefusal: Error, Sendable, CustomStringConvertible {
    /// One sentence.
    public var description: String

    init(_ description: String) { self.description = description }
}
