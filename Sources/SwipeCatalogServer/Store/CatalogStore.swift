/// Where the catalog keeps its data: one SQLite file (``SQLiteCatalogStore``, the embedded
/// default) or a PostgreSQL database that several catalog servers share.
///
/// Every feature talks to its data through transactions of plain SQL that both databases
/// run the same (`?` placeholders, `ON CONFLICT`, no vendor functions), so a rule cannot
/// hold on one and not on the other. Rules between requests are the database's: primary
/// and unique keys, and rows locked for the transaction (``SQLTransaction/forUpdate``),
/// never one server's memory.
public protocol CatalogStore: Sendable {
    /// Runs `body` in a read-only transaction.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws -> T

    /// Runs `body` in a read-write transaction: all of it or none of it. When another server's
    /// transaction conflicts with it (a unique key taken meanwhile, a serialization failure),
    /// the whole body runs again, up to a few times: it must have no effect outside the store.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws -> T

    /// Closes the store; later calls fail.
    func close() async throws
}

/// One transaction's view of the store: SQL with `?` placeholders, values bound in order.
public protocol SQLTransaction {
    /// Runs a statement that returns no rows.
    func execute(_ sql: String, _ arguments: [SQLValue]) throws

    /// Runs a query and returns its rows.
    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]

    /// ` FOR UPDATE` where the database locks rows for a transaction (PostgreSQL); empty where a
    /// write transaction holds the whole database already (SQLite).
    var forUpdate: String { get }
}

extension SQLTransaction {
    /// Runs a statement with `arguments`.
    public func execute(_ sql: String, _ arguments: any SQLBindable...) throws {
        try execute(sql, arguments.map(\.sqlValue))
    }

    /// The rows of a query with `arguments`.
    public func rows(_ sql: String, _ arguments: any SQLBindable...) throws -> [SQLRow] {
        try rows(sql, arguments.map(\.sqlValue))
    }

    /// The first row of a query with `arguments`, if any.
    public func row(_ sql: String, _ arguments: any SQLBindable...) throws -> SQLRow? {
        try rows(sql, arguments.map(\.sqlValue)).first
    }
}
