import Crypto
public import Foundation

/// One signed-in console: a browser holding the session cookie.
public struct ConsoleSession: Sendable {
    /// The token the page sends back in `X-CSRF-Token` with every change.
    public var csrfToken: String
    /// When the session ends unless used.
    var expiresAt: Date
}

/// The console's sign-in: one password for the station (the operator gives it to the
/// volunteers at the table), sessions kept in memory (a restart signs everyone out),
/// a CSRF token per session.
public actor ConsoleSessions {
    /// The session cookie's name.
    public static let cookieName = "swipe_console"
    /// A session unused this long ends.
    public static let idleLifetime: TimeInterval = 12 * 3600
    private static let maximumSessions = 64

    private let comparisonKey: SymmetricKey
    private var sessions: [String: ConsoleSession] = [:]
    private let now: @Sendable () -> Date

    /// Creates the sessions; a `nil` password keeps the console closed.
    public init(password: String?, now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
        let key = SymmetricKey(size: .bits256)
        comparisonKey = key
        storedPassword = password.map { Self.digest($0, key: key) }
    }

    private let storedPassword: Data?

    /// Whether a console password is set.
    public nonisolated var isOpen: Bool { storedPassword != nil }

    /// Whether `password` is the console password, compared in constant time.
    public func check(_ password: String) -> Bool {
        guard let storedPassword else { return false }
        let given = Self.digest(password, key: comparisonKey)
        // Both are HMACs under a key of this process: comparing them leaks nothing about the password.
        return given.withUnsafeBytes { a in storedPassword.withUnsafeBytes { b in safeCompare(a, b) } }
    }

    /// Starts a session; returns its cookie value and CSRF token.
    public func start() -> (token: String, session: ConsoleSession) {
        prune()
        if sessions.count >= Self.maximumSessions,
            let oldest = sessions.min(by: { $0.value.expiresAt < $1.value.expiresAt })?.key
        {
            sessions.removeValue(forKey: oldest)
        }
        let token = Self.randomToken()
        let session = ConsoleSession(csrfToken: Self.randomToken(), expiresAt: now() + Self.idleLifetime)
        sessions[token] = session
        return (token, session)
    }

    /// The live session `token` names, its lifetime renewed; `nil` when unknown or ended.
    public func session(_ token: String) -> ConsoleSession? {
        guard var session = sessions[token] else { return nil }
        guard session.expiresAt > now() else {
            sessions.removeValue(forKey: token)
            return nil
        }
        session.expiresAt = now() + Self.idleLifetime
        sessions[token] = session
        return session
    }

    /// Ends the session `token` names.
    public func end(_ token: String) {
        sessions.removeValue(forKey: token)
    }

    private func prune() {
        let now = now()
        sessions = sessions.filter { $0.value.expiresAt > now }
    }

    private static func digest(_ text: String, key: SymmetricKey) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key))
    }

    /// 32 random bytes, base64url: a cookie value and a header value without escaping.
    static func randomToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

/// Constant-time comparison of two byte buffers.
private func safeCompare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in 0..<a.count { difference |= a[index] ^ b[index] }
    return difference == 0
}
