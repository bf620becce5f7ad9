public import Foundation

/// A value bound to a statement or read from a row: the few types the catalog stores.
public enum SQLValue: Sendable, Equatable {
    /// SQL NULL.
    case null
    /// A 64-bit integer (booleans are stored as 0 and 1).
    case integer(Int64)
    /// A double (times are seconds since 1970).
    case real(Double)
    /// Text.
    case text(String)
    /// Bytes.
    case blob(Data)
}

/// A Swift value that binds as a ``SQLValue``.
public protocol SQLBindable {
    /// The value to bind.
    var sqlValue: SQLValue { get }
}

extension String: SQLBindable {
    /// Text.
    public var sqlValue: SQLValue { .text(self) }
}

extension Int: SQLBindable {
    /// An integer.
    public var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Double: SQLBindable {
    /// A double.
    public var sqlValue: SQLValue { .real(self) }
}

extension Bool: SQLBindable {
    /// 1 or 0.
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
}

extension Data: SQLBindable {
    /// Bytes.
    public var sqlValue: SQLValue { .blob(self) }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    /// The value, or NULL.
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension SQLValue: SQLBindable {
    /// Itself.
    public var sqlValue: SQLValue { self }
}
