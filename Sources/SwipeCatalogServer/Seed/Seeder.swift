public import Foundation
import GRDB
import SwipeCatalogAPI

/// Why a seed was refused.
public struct SeedError: Error, CustomStringConvertible {
    /// What is wrong, naming the entry.
    public var description: String
}

/// Loads a ``SeedFile`` into a catalog database, replacing entries with the same ids.
public struct Seeder: Sendable {
    let database: CatalogDatabase
    let hasher: PasswordHasher

    /// Creates a seeder.
    public init(database: CatalogDatabase, hasher: PasswordHasher = PasswordHasher()) {
        self.database = database
        self.hasher = hasher
    }

    /// Loads `seed`; relative image paths resolve against `baseDirectory`.
    public func load(_ seed: SeedFile, baseDirectory: URL? = nil) throws {
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
                    sql: "INSERT OR REPLACE INTO districts (id, name) VALUES (?, ?)",
                    arguments: [district.id, district.name])
                for school in district.schools {
                    try db.execute(
                        sql: """
                            INSERT OR REPLACE INTO schools (id, district_id, name, fee_flat_cents, fee_basis_points)
                            VALUES (?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            school.id, district.id, school.name, school.feeFlatCents ?? 0, school.feeBasisPoints ?? 0,
                        ])
                    for product in school.products {
                        try db.execute(
                            sql: """
                                INSERT OR REPLACE INTO products (id, school_id, name, price_cents, minimum_cents, maximum_cents,
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
                    let id = district.id + "/" + account.username.lowercased()
                    try db.execute(
                        sql: """
                            INSERT INTO accounts (id, district_id, username, password_hash, role) VALUES (?, ?, ?, ?, ?)
                            ON CONFLICT(id) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role
                            """,
                        arguments: [
                            id, district.id, account.username, hashes[district.id + "/" + account.username],
                            account.role,
                        ])
                    try db.execute(sql: "DELETE FROM account_schools WHERE account_id = ?", arguments: [id])
                    for school in account.schools {
                        try db.execute(
                            sql: "INSERT INTO account_schools (account_id, school_id) VALUES (?, ?)",
                            arguments: [id, school])
                    }
                }
            }
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
