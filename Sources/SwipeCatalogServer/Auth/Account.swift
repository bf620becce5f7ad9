import GRDB
import SwipeCatalogAPI

/// A row of `accounts`: who may sign in, in which district, with which powers.
struct AccountRecord: Codable, FetchableRecord, TableRecord {
    static let databaseTableName = "accounts"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

    var id: String
    var districtId: String
    var username: String
    var passwordHash: String
    /// An unknown stored role fails decoding: it is an error, never a default.
    var role: Role
}

/// The account behind a bearer token, with the schools it may sell for.
struct Account: Sendable {
    var id: String
    var username: String
    var role: Role
    var schools: [School]

    func mayUse(school: String) -> Bool {
        schools.contains { $0.id == school }
    }

    static func load(id: String, db: Database) throws -> Account? {
        guard let record = try AccountRecord.fetchOne(db, key: id) else { return nil }
        let schools = try Row.fetchAll(
            db,
            sql: """
                SELECT schools.id, schools.name FROM schools JOIN account_schools ON account_schools.school_id = schools.id
                WHERE account_schools.account_id = ? ORDER BY schools.name
                """, arguments: [id]
        ).map { School(id: $0["id"], name: $0["name"]) }
        return Account(id: id, username: record.username, role: record.role, schools: schools)
    }
}
