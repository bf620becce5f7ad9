public import Foundation
import GRDB
import SwipeCatalogAPI

/// Why a seed was refused.
public struct SeedError: Error, CustomStringConvertible {
    /// What is wrong, naming the entry.
    public var description: String
}

/// Loads a ``SeedFile`` into a catalog database.
public struct Seeder: Sendable {
    /// What to do with entries that exist already.
    public enum Mode: Sendable {
        /// Replace them (`swipe catalog seed`). An account whose password, role or
        /// schools change loses its sessions.
        case replace
        /// Keep them, add only what is missing (`swipe catalog serve --demo-data` on
        /// an existing database: changed passwords stay changed).
        case addMissing
    }

    let database: CatalogDatabase
    let hasher: PasswordHasher

    /// Creates a seeder.
    public init(database: CatalogDatabase, hasher: PasswordHasher = PasswordHasher()) {
        self.database = database
        self.hasher = hasher
    }

    /// Loads `seed`; relative image paths resolve against `baseDirectory`.
    public func load(_ seed: SeedFile, baseDirectory: URL? = nil, mode: Mode = .replace) throws {
        let insert = mode == .replace ? "INSERT OR REPLACE" : "INSERT OR IGNORE"
        // Check and read everything before writing anything.
        var images: [String: Data] = [:]
        var hashes: [String: String] = [:]
        for district in seed.districts {
            for school in district.schools {
                for product in school.products {
                    if let image = try Self.image(of: product, baseDirectory: baseDirectory) {
                        images[product.id] = image
                    }
                    if product.priceCents == nil, product.minimumCents == nil || product.maximumCents == nil {
                        throw SeedError(
                            description: "product \(product.id): a variable price needs minimumCents and maximumCents")
                    }
                }
            }
            for account in district.accounts {
                guard Role(rawValue: account.role) != nil else {
                    throw SeedError(description: "account \(account.username): role must be bookkeeper or generic")
                }
                hashes[district.id + "/" + account.username] = try hasher.hash(account.password)
            }
        }
        try database.pool.write { db in
            for district in seed.districts {
                try db.execute(
                    sql: "\(insert) INTO districts (id, name) VALUES (?, ?)",
                    arguments: [district.id, district.name])
                for school in district.schools {
                    try db.execute(
                        sql: """
                            \(insert) INTO schools (id, district_id, name, fee_flat_cents, fee_basis_points,
                            max_charge_cents, max_item_cents)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            school.id, district.id, school.name, school.feeFlatCents ?? 0, school.feeBasisPoints ?? 0,
                            school.maxChargeCents ?? 100_000, school.maxItemCents ?? 50_000,
                        ])
                    for product in school.products {
                        try db.execute(
                            sql: """
                                \(insert) INTO products (id, school_id, name, price_cents, minimum_cents, maximum_cents,
                                starts_at, ends_at, requires_student_id, swipe_allowed, over_the_counter_only, image)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                                """,
                            arguments: [
                                product.id, school.id, product.name, product.priceCents, product.minimumCents,
                                product.maximumCents, product.startsAt?.timeIntervalSince1970 ?? 0,
                                product.endsAt?.timeIntervalSince1970 ?? 32_503_680_000,
                                product.requiresStudentID ?? false,
                                product.swipeAllowed ?? true, product.overTheCounterOnly ?? false, images[product.id],
                            ])
                    }
                }
                for account in district.accounts {
                    try load(
                        account, district: district.id, hash: hashes[district.id + "/" + account.username]!,
                        mode: mode, db: db)
                }
            }
        }
    }

    /// Writes one account; a change of password, role or schools revokes its sessions.
    private func load(
        _ account: SeedFile.AccountSeed, district: String, hash: String, mode: Mode, db: Database
    ) throws {
        let id = district + "/" + account.username.lowercased()
        let existing = try Row.fetchOne(
            db, sql: "SELECT password_hash, role FROM accounts WHERE id = ?", arguments: [id])
        if existing != nil && mode == .addMissing { return }
        let schools = Set(
            try String.fetchAll(db, sql: "SELECT school_id FROM account_schools WHERE account_id = ?", arguments: [id]))
        var storedHash = hash
        var changed = existing != nil
        if let existing {
            let oldHash: String = existing["password_hash"]
            let samePassword = hasher.verify(account.password, against: oldHash)
            if samePassword { storedHash = oldHash }
            changed = !samePassword || existing["role"] != account.role || schools != Set(account.schools)
        }
        try db.execute(
            sql: """
                INSERT INTO accounts (id, district_id, username, password_hash, role) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role
                """,
            arguments: [id, district, account.username, storedHash, account.role])
        try db.execute(sql: "DELETE FROM account_schools WHERE account_id = ?", arguments: [id])
        for school in account.schools {
            try db.execute(
                sql: "INSERT INTO account_schools (account_id, school_id) VALUES (?, ?)", arguments: [id, school])
        }
        if changed {
            // Its tokens carried the old powers: they end now (a running server notices within seconds).
            try db.execute(sql: "DELETE FROM sessions WHERE account_id = ?", arguments: [id])
        }
    }

    /// The product's image, checked to be a JPEG.
    static func image(of product: SeedFile.ProductSeed, baseDirectory: URL?) throws -> Data? {
        let data: Data
        if let path = product.image {
            let url = baseDirectory.map { URL(fileURLWithPath: path, relativeTo: $0) } ?? URL(fileURLWithPath: path)
            guard let contents = FileManager.default.contents(atPath: url.path) else {
                throw SeedError(description: "product \(product.id): cannot read image \(path)")
            }
            data = contents
        } else if let base64 = product.imageBase64 {
            guard let decoded = Data(base64Encoded: base64) else {
                throw SeedError(description: "product \(product.id): imageBase64 is not base64")
            }
            data = decoded
        } else {
            return nil
        }
        guard isJPEG(data) else {
            throw SeedError(
                description: "product \(product.id): the image is not a JPEG file (only JPEG images are accepted)")
        }
        return data
    }

    /// JPEG files start with the SOI marker and an APPn or DQT segment, and end with EOI.
    static func isJPEG(_ data: Data) -> Bool {
        let bytes = [UInt8](data)
        return bytes.count > 4 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF
            && bytes[bytes.count - 2] == 0xFF && bytes[bytes.count - 1] == 0xD9
    }
}
