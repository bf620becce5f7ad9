/// The catalog's tables on PostgreSQL: the same tables, columns and keys as on SQLite
/// (``SQLiteCatalogStore``), with versioned migrations recorded in `schema_migrations`.
enum PostgresSchema {
    /// Each migration, in order: its version and its statements.
    static let migrations: [(version: Int, name: String, statements: [String])] = [
        (
            1, "catalog",
            [
                "CREATE TABLE districts (id TEXT PRIMARY KEY, name TEXT NOT NULL)",
                "CREATE UNIQUE INDEX districts_by_name ON districts (lower(name))",
                """
                CREATE TABLE schools (
                    id TEXT PRIMARY KEY, district_id TEXT NOT NULL REFERENCES districts(id), name TEXT NOT NULL,
                    fee_flat_cents BIGINT NOT NULL DEFAULT 0, fee_basis_points BIGINT NOT NULL DEFAULT 0,
                    max_charge_cents BIGINT NOT NULL DEFAULT 100000, max_item_cents BIGINT NOT NULL DEFAULT 50000)
                """,
                """
                CREATE TABLE accounts (
                    id TEXT PRIMARY KEY, district_id TEXT NOT NULL REFERENCES districts(id), username TEXT NOT NULL,
                    password_hash TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('bookkeeper', 'generic')))
                """,
                "CREATE UNIQUE INDEX accounts_by_name ON accounts (district_id, lower(username))",
                """
                CREATE TABLE account_schools (
                    account_id TEXT NOT NULL REFERENCES accounts(id), school_id TEXT NOT NULL REFERENCES schools(id),
                    PRIMARY KEY (account_id, school_id))
                """,
                """
                CREATE TABLE sessions (
                    token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
                    expires_at DOUBLE PRECISION NOT NULL)
                """,
                """
                CREATE TABLE products (
                    id TEXT PRIMARY KEY, school_id TEXT NOT NULL REFERENCES schools(id), name TEXT NOT NULL,
                    price_cents BIGINT, minimum_cents BIGINT, maximum_cents BIGINT,
                    starts_at DOUBLE PRECISION NOT NULL, ends_at DOUBLE PRECISION NOT NULL,
                    requires_student_id BIGINT NOT NULL DEFAULT 0, swipe_allowed BIGINT NOT NULL DEFAULT 1,
                    over_the_counter_only BIGINT NOT NULL DEFAULT 0, image BYTEA)
                """,
                """
                CREATE TABLE charges (
                    id TEXT PRIMARY KEY, school_id TEXT NOT NULL REFERENCES schools(id),
                    account_id TEXT NOT NULL REFERENCES accounts(id), status TEXT NOT NULL, decline_reason TEXT,
                    amount_cents BIGINT NOT NULL, fee_cents BIGINT NOT NULL, total_cents BIGINT NOT NULL,
                    brand TEXT NOT NULL, last4 TEXT NOT NULL, fingerprint TEXT NOT NULL, authorization_code TEXT,
                    entry TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL,
                    voidable_until DOUBLE PRECISION NOT NULL, voided_at DOUBLE PRECISION, day TEXT NOT NULL,
                    offline BIGINT NOT NULL DEFAULT 0, received_at DOUBLE PRECISION)
                """,
                "CREATE INDEX charges_by_day ON charges (school_id, day)",
                """
                CREATE TABLE charge_items (
                    charge_id TEXT NOT NULL REFERENCES charges(id), line BIGINT NOT NULL, product_id TEXT NOT NULL,
                    name TEXT NOT NULL, quantity BIGINT NOT NULL, unit_cents BIGINT NOT NULL,
                    PRIMARY KEY (charge_id, line))
                """,
                """
                CREATE TABLE idempotency_keys (
                    account_id TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
                    status_code BIGINT NOT NULL, body BYTEA NOT NULL, charge_id TEXT,
                    voided BIGINT NOT NULL DEFAULT 0, created_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (account_id, key))
                """,
                """
                CREATE TABLE opened_cards (
                    digest TEXT PRIMARY KEY, opened_at DOUBLE PRECISION NOT NULL,
                    keep_until DOUBLE PRECISION NOT NULL)
                """,
                "CREATE INDEX opened_cards_by_age ON opened_cards (keep_until)",
                """
                CREATE TABLE stations (
                    id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id), name TEXT NOT NULL,
                    public_key BYTEA NOT NULL, max_age_hours DOUBLE PRECISION NOT NULL,
                    enrolled_at DOUBLE PRECISION NOT NULL, revoked_at DOUBLE PRECISION)
                """,
            ]
        ),
        (
            2, "login attempts in the database",
            [
                """
                CREATE TABLE login_attempts (
                    account TEXT PRIMARY KEY, failures BIGINT NOT NULL, in_flight BIGINT NOT NULL,
                    first_failure DOUBLE PRECISION, updated_at DOUBLE PRECISION NOT NULL)
                """
            ]
        ),
        (3, "login attempts pruned by age", ["CREATE INDEX login_attempts_by_age ON login_attempts (updated_at)"]),
    ]

    /// Applies the migrations not applied yet, under an advisory lock, so servers starting
    /// together migrate once.
    static func migrate(_ tx: any SQLTransaction) throws {
        // Held until the transaction ends: a second server waits here, then finds the work done.
        try tx.execute("SELECT pg_advisory_xact_lock(7391)")
        try tx.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
            """)
        let applied = Set(try tx.rows("SELECT version FROM schema_migrations").map { try $0.int("version") })
        for migration in migrations where !applied.contains(migration.version) {
            for statement in migration.statements { try tx.execute(statement) }
            try tx.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", migration.version, migration.name)
        }
    }
}
