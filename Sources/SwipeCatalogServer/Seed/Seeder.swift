public import Foundation
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

    let store: any CatalogStore
    let hasher: PasswordHasher

    /// Creates a seeder.
    public init(store: any CatalogStore, hasher: PasswordHasher = PasswordHasher()) {
        self.store = store
        self.hasher = hasher
    }

    /// Loads `seed`; relative image paths resolve against `baseDirectory`.
    public func load(_ seed: SeedFile, baseDirectory: URL? = nil, mode: Mode = .replace) async throws {
        // An entry that exists: its columns replaced, or left as they are.
        func upsert(_ columns: [String]) -> String {
            guard mode == .replace else { return "ON CONFLICT (id) DO NOTHING" }
            return "ON CONFLICT (id) DO UPDATE SET "
                + columns.filter { $0 != "id" }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        }
        func insert(_ table: String, _ columns: [String]) -> String {
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ("
                + columns.map { _ in "?" }.joined(separator: ", ") + ") " + upsert(columns)
        }
        let districtSQL = insert("districts", ["id", "name"])
        let schoolSQL = insert(
            "schools",
            ["id", "district_id", "name", "fee_flat_cents", "fee_basis_points", "max_charge_cents", "max_item_cents"])
        let productSQL = insert(
            "products",
            [
                "id", "school_id", "name", "price_cents", "minimum_cents", "maximum_cents", "starts_at", "ends_at",
                "requires_student_id", "swipe_allowed", "over_the_counter_only", "image",
            ])
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
        let hasher = hasher
        let (productImages, passwordHashes) = (images, hashes)
        try await store.write { tx in
            for district in seed.districts {
                try tx.execute(districtSQL, district.id, district.name)
                for school in district.schools {
                    try tx.execute(
                        schoolSQL, school.id, district.id, school.name, school.feeFlatCents ?? 0,
                        school.feeBasisPoints ?? 0, school.maxChargeCents ?? 100_000, school.maxItemCents ?? 50_000)
                    for product in school.products {
                        try tx.execute(
                            productSQL, product.id, school.id, product.name, product.priceCents, product.minimumCents,
                            product.maximumCents, product.startsAt?.timeIntervalSince1970 ?? 0,
                            product.endsAt?.timeIntervalSince1970 ?? 32_503_680_000, product.requiresStudentID ?? false,
                            product.swipeAllowed ?? true, product.overTheCounterOnly ?? false, productImages[product.id]
                        )
                    }
                }
                for account in district.accounts {
                    try Self.load(
                        account, district: district.id, hash: passwordHashes[district.id + "/" + account.username]!,
                        mode: mode, hasher: hasher, tx: tx)
                }
            }
        }
    }

    /// Writes one account; a change of password, role or schools revokes its sessions.
    private static func load(
        _ account: SeedFile.AccountSeed, district: String, hash: String, mode: Mode, hasher: PasswordHasher,
        tx: any SQLTransaction
    ) throws {
        let id = district + "/" + account.username.lowercased()
        let existing = try tx.row("SELECT password_hash, role FROM accounts WHERE id = ?", id)
        if existing != nil && mode == .addMissing { return }
        let schools = Set(
            try tx.rows("SELECT school_id FROM account_schools WHERE account_id = ?", id).map {
                try $0.string("school_id")
            })
        var storedHash = hash
        var changed = existing != nil
        if let existing {
            let oldHash = try existing.string("password_hash")
            let samePassword = hasher.verify(account.password, against: oldHash)
            if samePassword { storedHash = oldHash }
            changed =
                try !samePassword || existing.string("role") != account.role || schools != Set(account.schools)
        }
        try tx.execute(
            """
            INSERT INTO accounts (id, district_id, username, password_hash, role) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role
            """, id, district, account.username, storedHash, account.role)
        try tx.execute("DELETE FROM account_schools WHERE account_id = ?", id)
        for school in account.schools {
            try tx.execute("INSERT INTO account_schools (account_id, school_id) VALUES (?, ?)", id, school)
        }
        if changed {
            // Its tokens carried the old powers: they end now (a running server notices within seconds).
            try tx.execute("DELETE FROM sessions WHERE account_id = ?", id)
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
