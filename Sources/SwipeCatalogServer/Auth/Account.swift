import SwipeCatalogAPI

/// A row of `accounts`: who may sign in, in which district, with which powers.
struct AccountRecord: Sendable {
    var id: String
    var districtId: String
    var username: String
    var passwordHash: String
    /// An unknown stored role is an error, never a default.
    var role: Role

    init(_ row: SQLRow) throws {
        id = try row.string("id")
        districtId = try row.string("district_id")
        username = try row.string("username")
        passwordHash = try row.string("password_hash")
        guard let role = Role(rawValue: try row.string("role")) else {
            throw StoreError("account \(id) has an unknown role")
        }
        self.role = role
    }
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

    static func load(id: String, tx: any SQLTransaction) throws -> Account? {
        guard let row = try tx.row("SELECT * FROM accounts WHERE id = ?", id) else { return nil }
        let record = try AccountRecord(row)
        let schools = try tx.rows(
            """
            SELECT schools.id, schools.name FROM schools JOIN account_schools ON account_schools.school_id = schools.id
            WHERE account_schools.account_id = ? ORDER BY schools.name
            """, id
        ).map { School(id: try $0.string("id"), name: try $0.string("name")) }
        return Account(id: id, username: record.username, role: record.role, schools: schools)
    }
}
