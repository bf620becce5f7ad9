public import Logging

/// Opening the store `swipe catalog serve --database` names.
public enum CatalogStores {
    /// A PostgreSQL database for `postgres://…` (``PostgresCatalogStore``), else the SQLite file
    /// at `location` (created when missing). Migrates either.
    public static func open(_ location: String, logger: Logger) async throws -> any CatalogStore {
        if PostgresURL.isPostgres(location) { return try await PostgresCatalogStore(url: location, logger: logger) }
        return try SQLiteCatalogStore(path: location)
    }

    /// Whether `location` names a PostgreSQL database.
    public static func isPostgres(_ location: String) -> Bool { PostgresURL.isPostgres(location) }
}
