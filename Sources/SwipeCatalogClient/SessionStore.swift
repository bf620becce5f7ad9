public import Foundation
public import SwipeCatalogAPI

/// A login kept between commands, in a file only its owner can read.
public struct StoredSession: Codable, Sendable {
    /// Server base URL.
    public var server: String
    /// Bearer token.
    public var token: String
    /// When it expires.
    public var expiresAt: Date
    /// District as given at login.
    public var district: String
    /// Username.
    public var username: String
    /// Role.
    public var role: Role
    /// The school picked at login.
    public var school: School
    /// The account's schools.
    public var schools: [School]

    /// Creates a session.
    public init(
        server: String, token: String, expiresAt: Date, district: String, username: String, role: Role, school: School,
        schools: [School]
    ) {
        self.server = server
        self.token = token
        self.expiresAt = expiresAt
        self.district = district
        self.username = username
        self.role = role
        self.school = school
        self.schools = schools
    }
}

/// Reads and writes ``StoredSession``s (mode 0600, in a 0700 folder).
public struct SessionStore: Sendable {
    /// The session file.
    public let path: String

    /// `$SWIPE_SESSION`, else `$XDG_CONFIG_HOME/swipe/session.json`, else
    /// `$HOME/.config/swipe/session.json` (the account's home when `HOME` is unset).
    public static var defaultPath: String { defaultPath(environment: ProcessInfo.processInfo.environment) }

    /// The session file `environment` names.
    public static func defaultPath(environment: [String: String]) -> String {
        func nonEmpty(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let path = nonEmpty("SWIPE_SESSION") { return path }
        let base = nonEmpty("XDG_CONFIG_HOME") ?? ((nonEmpty("HOME") ?? NSHomeDirectory()) + "/.config")
        return base + "/swipe/session.json"
    }

    /// Creates a store.
    public init(path: String = SessionStore.defaultPath) {
        self.path = path
    }

    /// Saves `session`, readable by its owner only.
    public func save(_ session: StoredSession) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let data = try APICoding.encoder().encode(session)
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw CocoaError(.fileWriteNoPermission)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        try handle.write(contentsOf: data)
        try handle.close()
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary)
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    }

    /// The saved session, or `nil`.
    public func load() -> StoredSession? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? APICoding.decoder().decode(StoredSession.self, from: data)
    }

    /// Removes the session.
    public func clear() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
