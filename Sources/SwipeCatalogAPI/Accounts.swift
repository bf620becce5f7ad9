public import Foundation

/// A school district to pick at login.
public struct District: Codable, Sendable, Equatable {
    /// Stable identifier.
    public var id: String
    /// Name shown at login.
    public var name: String

    /// Creates a district.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// `GET /v1/districts`.
public struct DistrictList: Codable, Sendable {
    /// The districts.
    public var districts: [District]

    /// Creates the list.
    public init(districts: [District]) { self.districts = districts }
}

/// The two kinds of account.
public enum Role: String, Codable, Sendable {
    /// The school's bookkeeper: sees and voids every charge of the school.
    case bookkeeper
    /// The account volunteers share: sells, and voids its own charges.
    case generic
}

/// `POST /v1/login` body.
public struct LoginRequest: Codable, Sendable {
    /// District id or name.
    public var district: String
    /// Username.
    public var username: String
    /// Password.
    public var password: String

    /// Creates a request.
    public init(district: String, username: String, password: String) {
        self.district = district
        self.username = username
        self.password = password
    }
}

/// A school an account may sell for.
public struct School: Codable, Sendable, Equatable {
    /// Stable identifier.
    public var id: String
    /// Name.
    public var name: String

    /// Creates a school.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// `POST /v1/login` answer.
public struct LoginResponse: Codable, Sendable {
    /// Bearer token for the `Authorization` header.
    public var token: String
    /// When the token stops working.
    public var expiresAt: Date
    /// The account's role.
    public var role: Role
    /// The account's username.
    public var username: String
    /// The schools the account may sell for.
    public var schools: [School]

    /// Creates an answer.
    public init(token: String, expiresAt: Date, role: Role, username: String, schools: [School]) {
        self.token = token
        self.expiresAt = expiresAt
        self.role = role
        self.username = username
        self.schools = schools
    }
}
