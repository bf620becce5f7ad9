import GRDB
import SwipeCatalogAPI

/// The account behind a bearer token.
struct Account: Sendable {
    var id: String
    var username: String
    var role: Role
    var schools: [School]

    func mayUse(school: String) -> Bool {
        schools.contains { $0.id == school }
    }

    static func load(id: String, db: Database) throws -> Account? {
        guard let row = try Row.fetchOne(db, sql: "SELECT username, role FROM accounts WHERE id = ?", arguments: [id])
        else { return nil }
        let schools = try Row.fetchAll(
            db,
            sql: """
                SELECT schools.id, schools.name FROM schools JOIN account_schools ON account_schools.school_id = schools.id
                WHERE account_schools.account_id = ? ORDER BY schools.name
                """, arguments: [id]
        ).map { School(id: $0["id"], name: $0["name"]) }
        return Account(
            id: id, username: row["username"], role: Role(rawValue: row["role"]) ?? .generic, schools: schools)
    }
}
