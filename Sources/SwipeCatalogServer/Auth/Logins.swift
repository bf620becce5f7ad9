import Foundation
import Hummingbird
import Logging
import SwipeCatalogAPI

/// Districts and sign-in: `GET /v1/districts`, `POST /v1/login`.
struct Logins: Sendable {
    let store: any CatalogStore
    let sessions: Sessions
    let hasher: PasswordHasher
    let throttle: LoginAttempts
    let hashing: HashingPool
    let body: RequestBodyReader
    let logger: Logger

    func routes(on v1: RouterGroup<CatalogContext>) {
        v1.get("districts") { _, _ in try await districts() }
        v1.post("login") { request, _ in try await login(try await body.decode(LoginRequest.self, from: request)) }
    }

    /// `POST /v1/logout`: ends the bearer token's session (on every server of the store).
    func signedInRoutes(on v1: RouterGroup<CatalogContext>) {
        v1.post("logout") { request, context in
            let account = try context.requireAccount()
            if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
                try await sessions.revoke(token: String(header.dropFirst(7)))
            }
            logger.info("logout", metadata: ["account": "\(account.username)"])
            return Response(status: .noContent)
        }
    }

    func districts() async throws -> DistrictList {
        try await store.read { tx in
            DistrictList(
                districts: try tx.rows("SELECT id, name FROM districts ORDER BY name").map {
                    District(id: try $0.string("id"), name: try $0.string("name"))
                })
        }
    }

    /// Signs in: the account is resolved first, so every spelling of it (district by
    /// id or name, username in any case) counts against one throttle.
    func login(_ request: LoginRequest) async throws -> LoginResponse {
        let found = try await store.read { tx in
            try tx.row(
                """
                SELECT accounts.* FROM accounts JOIN districts ON districts.id = accounts.district_id
                WHERE (districts.id = ? OR lower(districts.name) = lower(?)) AND lower(accounts.username) = lower(?)
                """, request.district, request.district, request.username
            ).map(AccountRecord.init)
        }
        let key = found?.id ?? "unknown:" + request.district.lowercased() + "/" + request.username.lowercased()
        // An unknown name is not logged: it may be a password typed into the wrong field.
        let shown = found?.username ?? "(unknown)"
        guard try await throttle.begin(key) else {
            logger.warning("login refused: account locked", metadata: ["account": "\(shown)"])
            throw CatalogFailure(
                status: 429, code: .tooManyAttempts,
                message: "Too many failed sign-ins for this account: wait 15 minutes or ask the bookkeeper.")
        }
        // Verify even when the account is unknown, so timing does not tell which names exist.
        let storedHash = found?.passwordHash ?? "scrypt$\(hasher.rounds)$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA"
        let hasher = hasher
        let password = request.password
        let verified = (try? await hashing.run { hasher.verify(password, against: storedHash) }) ?? false
        guard verified, let accountID = found?.id else {
            let (delay, locked) = try await throttle.failed(key)
            logger.warning(
                locked ? "login failed; account now locked for 15 minutes" : "login failed",
                metadata: ["account": "\(shown)"])
            try? await Task.sleep(for: delay)
            throw CatalogFailure(
                status: 401, code: .invalidCredentials, message: "District, username or password is wrong.")
        }
        try await throttle.succeeded(key)
        let (token, expires, account) = try await sessions.issue(for: accountID)
        logger.info("login", metadata: ["account": "\(account.username)", "role": "\(account.role.rawValue)"])
        return LoginResponse(
            token: token, expiresAt: expires, role: account.role, username: account.username, schools: account.schools)
    }
}
