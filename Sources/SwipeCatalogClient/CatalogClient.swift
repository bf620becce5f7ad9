public import AsyncHTTPClient
import CardSealing
public import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import SwipeCatalogAPI

/// The device's client for the catalog API.
///
/// Charges are safe to retry: the idempotency key and the sealed body are made
/// once, before the first attempt, and every retry (after a network error, a
/// timeout or a 5xx) sends exactly the same request. When no attempt gets an
/// answer the outcome is unknown: the client then voids by key, so a charge the
/// server may have made is cancelled and the volunteer can swipe again.
public struct CatalogClient: Sendable {
    /// The catalog servers: one, or several sharing one database (``CatalogServers``).
    public let servers: CatalogServers
    /// The base URL of the server asked now, e.g. `http://127.0.0.1:8080`.
    public var baseURL: String { servers.urls[servers.current] }
    /// Bearer token from ``login(district:username:password:)``.
    public var token: String?
    /// The signed-in account's username, as the login answer spells it: sealed cards
    /// are bound to it (``ChargeBinding``).
    public var account: String?
    /// Retry behaviour.
    public var retry: RetryPolicy
    /// The time a card is sealed at (the device's clock; tests set their own).
    public var now: @Sendable () -> Date = { Date() }
    let httpClient: HTTPClient
    let logger: Logger

    /// The HTTP client catalog clients share unless given another: it follows no redirect.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Creates a client of the server at `baseURL`, or of several separated by commas.
    /// `httpClient` should not follow redirects (``sharedHTTPClient``).
    public init(
        baseURL: String, token: String? = nil, account: String? = nil, httpClient: HTTPClient = sharedHTTPClient,
        retry: RetryPolicy = RetryPolicy(), logger: Logger
    ) {
        servers = CatalogServers(baseURL)
        self.token = token
        self.account = account
        self.httpClient = httpClient
        self.retry = retry
        self.logger = logger
    }

    // MARK: Endpoints

    /// Districts to pick from at login.
    public func districts() async throws -> [District] {
        try await send(.GET, "/v1/districts", as: DistrictList.self).districts
    }

    /// Signs in; the answer holds the token and the account's schools.
    public func login(district: String, username: String, password: String) async throws -> LoginResponse {
        let body = try APICoding.encoder().encode(
            LoginRequest(district: district, username: username, password: password))
        return try await send(.POST, "/v1/login", body: Array(body), as: LoginResponse.self, retryable: false)
    }

    /// Ends this client's session at the catalog (every server sharing its database).
    public func logout() async throws {
        _ = try await send(.POST, "/v1/logout", body: [], as: EmptyAnswer.self)
    }

    /// Products the school sells by swipe now.
    public func products(school: String) async throws -> ProductList {
        try await send(.GET, "/v1/schools/\(escaped(school))/products", as: ProductList.self)
    }

    /// A product's JPEG image, from the `imageURL` the product list gives (a path on
    /// the catalog). At most 1 MB, and it must be a JPEG.
    public func image(path: String) async throws -> Data {
        guard path.hasPrefix("/"), !path.contains(".."), !path.contains("//") else {
            throw CatalogClientError.invalidResponse("the image address \(path) is not a path on the catalog")
        }
        var request = HTTPClientRequest(url: baseURL + path)
        request.headers.add(name: "Accept", value: "image/jpeg")
        let (status, _, bytes) = try await exchange(request, limit: 1 << 20, deadline: .now + retry.timeout)
        let data = Data(bytes.readableBytesView)
        guard status == 200, data.starts(with: [0xFF, 0xD8, 0xFF]) else {
            throw CatalogClientError.invalidResponse("\(path) is not a JPEG image (HTTP \(status))")
        }
        return data
    }

    /// Whether the catalog answers its health check (`GET /health`) within `timeout`: a cheap
    /// question asked every few seconds, so a catalog that stopped is noticed before a charge is.
    public func health(timeout: Duration) async throws {
        let index = servers.current
        do {
            let request = HTTPClientRequest(url: servers.urls[index] + "/health")
            let (status, _, _) = try await exchange(request, limit: 1_024, deadline: .now + timeout)
            guard status == 200 else { throw CatalogClientError.transport("the health check answered \(status)") }
        } catch {
            // The next check (and the next request) asks the next server, if there is one.
            servers.failed(index)
            throw error
        }
    }

    /// The catalog's public key for sealing card data.
    public func cardKey() async throws -> CardKey {
        try await send(.GET, "/v1/card-key", as: CardKey.self)
    }

    /// Charges `card` for `items`. The card data is sealed to the catalog's key
    /// before anything leaves the device; `card` is wiped before returning.
    /// `idempotencyKey` is minted from the system's generator when not given.
    public func charge(
        school: String, items: [ChargeItem], entry: EntryMode, card: CardPayload,
        idempotencyKey givenKey: String? = nil
    ) async throws -> Receipt {
        let sealed: SealedCard
        let idempotencyKey: String
        do {
            defer { card.wipe() }
            if let givenKey {
                idempotencyKey = givenKey
            } else {
                do throws(RandomnessUnavailable) { idempotencyKey = try IdempotencyKeys.shared.next() } catch {
                    throw CatalogClientError.noRandomness(error.description)
                }
            }
            guard let account else { throw CatalogClientError.invalidResponse("sign in before charging") }
            let key = try await cardKey()
            guard key.ciphersuite == CardSealing.ciphersuiteName, let publicKey = Data(base64Encoded: key.publicKey)
            else {
                throw CatalogClientError.invalidResponse("unsupported card key")
            }
            // Whole seconds, as the JSON date carries them.
            let sealedAt = Date(timeIntervalSince1970: now().timeIntervalSince1970.rounded(.down))
            let binding = ChargeBinding(
                idempotencyKey: idempotencyKey, school: school, account: account, items: items, sealedAt: sealedAt)
            sealed = try CardSealer(publicKeyX963: publicKey).seal(card, for: binding)
        }
        let body = Array(
            try APICoding.encoder().encode(ChargeRequest(school: school, items: items, entry: entry, card: sealed)))
        do {
            return try await send(
                .POST, "/v1/charges", body: body, headers: [("Idempotency-Key", idempotencyKey)], as: Receipt.self)
        } catch let error as CatalogClientError {
            guard case .transport = error else { throw error }
            logger.warning("charge outcome unknown; voiding by key", metadata: ["key": "\(idempotencyKey)"])
            do {
                _ = try await voidByKey(idempotencyKey)
                throw CatalogClientError.outcomeUnknown(voided: true)
            } catch let voidError as CatalogClientError {
                if case .outcomeUnknown = voidError { throw voidError }
                throw CatalogClientError.outcomeUnknown(voided: false)
            }
        }
    }

    /// Forwards a sale kept offline: its sealed, signed request (``KeptSale``) exactly as it was
    /// journaled, under its own key. Safe to send again after a crash: the catalog answers a key
    /// it has seen with its first answer. A lost answer is not voided (unlike ``charge``): the
    /// sale stays kept and is forwarded again later.
    public func forward(request body: Data, idempotencyKey: String) async throws -> Receipt {
        try await send(
            .POST, "/v1/charges", body: Array(body), headers: [("Idempotency-Key", idempotencyKey)], as: Receipt.self)
    }

    /// Enrolls (or renews) the station's signing key, so its kept sales can be forwarded.
    public func enroll(_ request: StationEnrollmentRequest) async throws -> StationEnrollment {
        let body = try APICoding.encoder().encode(request)
        return try await send(.POST, "/v1/stations", body: Array(body), as: StationEnrollment.self)
    }

    /// The district's enrolled stations (bookkeeper).
    public func stations() async throws -> StationList {
        try await send(.GET, "/v1/stations", as: StationList.self)
    }

    /// Revokes a station (bookkeeper): the sales it kept are refused from now on.
    public func revokeStation(_ id: String) async throws -> StationEnrollment {
        try await send(.POST, "/v1/stations/\(escaped(id))/revoke", body: [], as: StationEnrollment.self)
    }

    /// Voids a charge (until midnight Eastern of its day).
    public func void(chargeID: String) async throws -> Receipt {
        try await send(.POST, "/v1/charges/\(escaped(chargeID))/void", body: [], as: Receipt.self)
    }

    /// Voids whatever `idempotencyKey` created, and makes sure it creates nothing later.
    public func voidByKey(_ idempotencyKey: String) async throws -> VoidByKeyResponse {
        let body = try APICoding.encoder().encode(VoidByKeyRequest(idempotencyKey: idempotencyKey))
        return try await send(.POST, "/v1/charges/void-by-key", body: Array(body), as: VoidByKeyResponse.self)
    }

    /// The day's charges (`YYYY-MM-DD`, today in New York when `nil`).
    public func charges(school: String, date: String?) async throws -> ChargeList {
        try await send(.GET, "/v1/schools/\(escaped(school))/charges" + query(date), as: ChargeList.self)
    }

    /// The day's totals by product and status (bookkeeper).
    public func dailyReport(school: String, date: String?) async throws -> DailyReport {
        try await send(.GET, "/v1/schools/\(escaped(school))/reports/daily" + query(date), as: DailyReport.self)
    }

    // MARK: Transport

    private func query(_ date: String?) -> String {
        date.map { "?date=\(escaped($0))" } ?? ""
    }

    private func escaped(_ component: String) -> String {
        component.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.")))
            ?? component
    }

    /// Sends a request, retrying network errors and 5xx answers with backoff, all within one
    /// deadline (``RetryPolicy/timeout``) that covers connecting, the headers and the whole body:
    /// a server that answers a byte at a time cannot hold the request past it.
    func send<T: Decodable>(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, headers: [(String, String)] = [], as type: T.Type,
        retryable: Bool = true
    ) async throws -> T {
        let deadline = ContinuousClock.now + retry.timeout
        var lastError = CatalogClientError.transport("no attempt made")
        // Each server gets a try at least (a request that is not retried on one server may go to
        // the next when the first does not answer); with several, one that hangs may hold an
        // attempt for its share of the deadline only.
        let count = servers.urls.count
        let attempts = retryable ? max(retry.attempts, count) : count
        let share = count > 1 ? retry.timeout / count : retry.timeout
        for attempt in 1...attempts {
            let delay = count > 1 && attempt <= count ? .zero : retry.delay(before: attempt)
            guard ContinuousClock.now + delay < deadline else { break }
            try await Task.sleep(for: delay)
            let index = servers.current
            let request = Self.request(
                method, servers.urls[index] + path, token: token, headers: headers, body: body)
            let status: Int
            let location: String?
            let bytes: ByteBuffer
            do {
                (status, location, bytes) = try await exchange(
                    request, limit: 4 << 20, deadline: min(deadline, .now + share))
            } catch let error as CatalogClientError {
                lastError = error
                servers.failed(index)
                logger.debug("request failed", metadata: ["path": "\(path)", "attempt": "\(attempt)"])
                continue
            }
            if status < 500 { servers.answered(index) }
            let data = Data(bytes.readableBytesView)
            if (200..<300).contains(status) {
                if T.self == EmptyAnswer.self, let empty = EmptyAnswer() as? T { return empty }
                do {
                    return try APICoding.decoder().decode(T.self, from: data)
                } catch {
                    throw CatalogClientError.invalidResponse("\(path) answered with a body that does not match the API")
                }
            }
            if (300..<400).contains(status) { throw CatalogClientError.redirected(status: status, location: location) }
            let apiError = try? APICoding.decoder().decode(APIErrorBody.self, from: data)
            let failure = CatalogClientError.api(
                status: status, code: apiError?.error.code,
                message: SafeText.clean(apiError?.error.message ?? "HTTP \(status)"))
            if status >= 500 {
                lastError = .transport("the server answered \(status)")
                servers.failed(index)
                continue
            }
            throw failure
        }
        throw lastError
    }

    /// A request to `url` with the API's headers.
    private static func request(
        _ method: HTTPMethod, _ url: String, token: String?, headers: [(String, String)], body: [UInt8]?
    ) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return request
    }

    /// One request and its whole answer (status, `Location`, body up to `limit` bytes),
    /// or a ``CatalogClientError/transport(_:)`` error when `deadline` passes first.
    private func exchange(
        _ request: HTTPClientRequest, limit: Int, deadline: ContinuousClock.Instant
    ) async throws -> (status: Int, location: String?, body: ByteBuffer) {
        let httpClient = httpClient
        return try await withThrowingTaskGroup(of: (Int, String?, ByteBuffer)?.self) { group in
            group.addTask {
                do {
                    let remaining = deadline - .now
                    let response = try await httpClient.execute(
                        request, timeout: .nanoseconds(Self.nanoseconds(remaining)))
                    let bytes = try await response.body.collect(upTo: limit)
                    return (Int(response.status.code), response.headers.first(name: "Location"), bytes)
                } catch {
                    throw CatalogClientError.transport(Self.describe(error))
                }
            }
            group.addTask {
                try? await Task.sleep(until: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let answer = first else {
                throw CatalogClientError.transport("no whole answer within \(retry.timeout)")
            }
            return answer
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1_000_000, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return String(describing: error) }
        return String(describing: type(of: error))
    }
}

/// The answer of an endpoint that answers 204 No Content.
struct EmptyAnswer: Decodable {}
