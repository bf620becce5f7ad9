import Foundation
public import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// The catalog in a PostgreSQL database that several catalog servers share (postgres-nio).
///
/// A transaction runs on a connection leased from the client's pool, its body on a thread
/// of its own (each statement waits for its answer there, never on Swift's cooperative
/// threads). Transactions are READ COMMITTED; rows another server may change at the same
/// moment are locked (`SELECT … FOR UPDATE`), and a unique key taken meanwhile, a
/// serialization failure or a deadlock runs the whole transaction again, up to 5 times.
public final class PostgresCatalogStore: CatalogStore {
    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let threads: NIOThreadPool
    private let logger: Logger

    /// Connects to `url` (``PostgresURL``) and migrates the schema (one server at a time, under
    /// an advisory lock). Throws ``StoreError`` with the reason when it cannot.
    public init(url: String, logger: Logger, connections: Int = 16) async throws {
        let location = try PostgresURL(url)
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: location.tls)
        configuration.options.maximumConnections = connections
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let client = client
        running = Task { await client.run() }
        threads = NIOThreadPool(numberOfThreads: connections)
        threads.start()
        self.logger = logger
        do {
            try await write { tx in try PostgresSchema.migrate(tx) }
        } catch {
            try? await close()
            throw StoreError(
                "cannot use the PostgreSQL database at \(location.safeDescription): \(Self.describe(error))")
        }
    }

    /// Runs `body` in a read-only transaction.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN READ ONLY", body)
    }

    /// Runs `body` in a read-write transaction, again when it conflicts with another's.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await transaction(begin: "BEGIN", body)
            } catch let error as PSQLError where attempt < 5 && Self.isConflict(error) {
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 * attempt))))
            }
        }
    }

    /// Stops the pool and the threads.
    public func close() async throws {
        running.cancel()
        _ = await running.value
        try await threads.shutdownGracefully()
    }

    private func transaction<T: Sendable>(
        begin: String, _ body: @escaping @Sendable (any SQLTransaction) throws -> T
    ) async throws -> T {
        let logger = logger
        let threads = threads
        return try await client.withConnection { connection in
            try await threads.runIfActive {
                let tx = PostgresTransaction(connection: connection, logger: logger)
                try tx.execute(begin, [])
                do {
                    let result = try body(tx)
                    try tx.execute("COMMIT", [])
                    return result
                } catch {
                    try? tx.execute("ROLLBACK", [])
                    throw error
                }
            }
        }
    }

    /// A unique key taken by another transaction meanwhile, a serialization failure, a deadlock.
    private static func isConflict(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return ["23505", "40001", "40P01"].contains(state)
    }

    /// The server's words for an error (its message), or the error's kind.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            return error.serverInfo?[.message] ?? "\(error.code)"
        }
        if let error = error as? StoreError { return error.description }
        return "\(type(of: error))"
    }
}

/// One PostgreSQL transaction: `?` placeholders become `$1`, `$2`…; each statement waits for
/// its answer on the calling thread (one of the store's, never an event loop).
struct PostgresTransaction: SQLTransaction {
    let connection: PostgresConnection
    let logger: Logger

    var forUpdate: String { " FOR UPDATE" }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        _ = try run(sql, arguments)
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        try run(sql, arguments).map { row in
            try SQLRow(row.map { cell in (cell.columnName, try Self.value(of: cell)) })
        }
    }

    private func run(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .null: binds.appendNull()
            case .integer(let number): binds.append(number)
            case .real(let number): binds.append(number)
            case .text(let text): binds.append(text)
            case .blob(let data): binds.append(ByteBuffer(bytes: data))
            }
        }
        let query = PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds)
        return try connection.query(query, logger: logger).wait()
    }

    /// `?` placeholders numbered as PostgreSQL wants them (none of the catalog's SQL holds a `?`
    /// inside a quoted string, but quotes are skipped all the same).
    static func numbered(_ sql: String) -> String {
        var result = ""
        var count = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                count += 1
                result += "$\(count)"
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func value(of cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea: return .blob(try cell.decode(Data.self))
        case .text, .varchar, .name, .bpchar: return .text(try cell.decode(String.self))
        default: throw StoreError("column \(cell.columnName) has a type the catalog does not read (\(cell.dataType))")
        }
    }
}
