public import Foundation

/// One row of a query, by column name (as the query names it, case-insensitive).
///
/// Reading a column as the wrong type, or a column the query does not have, throws
/// ``StoreError``: a stored value the code does not expect is an error, never a default.
public struct SQLRow: Sendable {
    private let values: [String: SQLValue]

    /// A row of `columns` (name and value).
    public init(_ columns: [(String, SQLValue)]) {
        values = Dictionary(columns.map { ($0.0.lowercased(), $0.1) }, uniquingKeysWith: { first, _ in first })
    }

    /// The raw value of `column`.
    public func value(_ column: String) throws(StoreError) -> SQLValue {
        guard let value = values[column.lowercased()] else {
            throw StoreError("the query has no column \(column)")
        }
        return value
    }

    /// `column` as text.
    public func string(_ column: String) throws(StoreError) -> String {
        guard let value = try optionalString(column) else { throw StoreError("\(column) is NULL") }
        return value
    }

    /// `column` as text, or `nil` for NULL.
    public func optionalString(_ column: String) throws(StoreError) -> String? {
        switch try value(column) {
        case .null: return nil
        case .text(let text): return text
        default: throw StoreError("\(column) is not text")
        }
    }

    /// `column` as an integer.
    public func int(_ column: String) throws(StoreError) -> Int {
        guard let value = try optionalInt(column) else { throw StoreError("\(column) is NULL") }
        return value
    }

    /// `column` as an integer, or `nil` for NULL.
    public func optionalInt(_ column: String) throws(StoreError) -> Int? {
        switch try value(column) {
        case .null: return nil
        case .integer(let number): return Int(number)
        case .real(let number) where number == number.rounded(): return Int(number)
        default: throw StoreError("\(column) is not an integer")
        }
    }

    /// `column` as a double.
    public func double(_ column: String) throws(StoreError) -> Double {
        guard let value = try optionalDouble(column) else { throw StoreError("\(column) is NULL") }
        return value
    }

    /// `column` as a double, or `nil` for NULL.
    public func optionalDouble(_ column: String) throws(StoreError) -> Double? {
        switch try value(column) {
        case .null: return nil
        case .real(let number): return number
        case .integer(let number): return Double(number)
        default: throw StoreError("\(column) is not a number")
        }
    }

    /// `column` as a boolean (stored 0 or 1).
    public func bool(_ column: String) throws(StoreError) -> Bool {
        try int(column) != 0
    }

    /// `column` as bytes, or `nil` for NULL.
    public func optionalData(_ column: String) throws(StoreError) -> Data? {
        switch try value(column) {
        case .null: return nil
        case .blob(let data): return data
        default: throw StoreError("\(column) is not bytes")
        }
    }

    /// `column` as bytes.
    public func data(_ column: String) throws(StoreError) -> Data {
        guard let value = try optionalData(column) else { throw StoreError("\(column) is NULL") }
        return value
    }
}

/// The store could not be used, or held something the catalog does not expect.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in words (never a stored secret or card data).
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
