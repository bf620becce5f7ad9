public import AsyncHTTPClient
public import CardSealing
import Foundation
public import Logging
public import SwipeCatalogAPI
public import SwipeCatalogClient

/// The station's link to the catalog: signs in (district, user, school), keeps the
/// school's products, and knows whether the catalog answers.
///
/// A catalog that cannot be reached is never fatal: ``run()`` keeps trying and says
/// when it is back. Sales ask ``ready()`` and are refused while it is `nil`.
public actor CatalogConnection {
    /// A signed-in session, ready to charge.
    public struct Session: Sendable {
        /// The client, signed in.
        public var client: CatalogClient
        /// The school sold for.
        public var school: School
        /// What the school sells by swipe now.
        public var products: [Product]
        /// The school's fee and limits, when the catalog sends them.
        public var pricing: SchoolPricing?
        /// When the token stops working.
        var expiresAt: Date
        /// Seals cards to the catalog's key (fetched while online): what a kept sale needs.
        public var sealer: CardSealer?
        /// The station's id, once its key is enrolled with the catalog (offline selling on).
        public var station: String?
    }

    /// What the station needs to keep sales offline: its settings and its signing key.
    public struct OfflineSetup: Sendable {
        /// The settings.
        public var settings: StationConfiguration.Offline
        /// The station's key, enrolled at every sign-in.
        public var key: StationKey
        /// The station's name at the catalog (the host name).
        public var name: String

        /// Creates a setup.
        public init(settings: StationConfiguration.Offline, key: StationKey, name: String) {
            self.settings = settings
            self.key = key
            self.name = name
        }
    }

    private let settings: StationConfiguration.Catalog
    /// Offline selling: its settings and the station's key; `nil` when off.
    nonisolated let offline: OfflineSetup?
    private let httpClient: HTTPClient
    private let metrics: StationMetrics
    private let logger: Logger
    private var session: Session?
    private var reachable = false
    private var lastProblem: String?
    private var wasEverReachable = false
    /// Time between attempts while the catalog does not answer, and between checks while it does.
    let retryInterval: Duration
    let checkInterval: Duration
    /// The most a health check may take: a catalog slower than this to say "ok" is not answering.
    let healthTimeout: Duration
    /// Time between refreshes of the products on sale.
    let productsInterval: Duration
    private var productsLoadedAt = ContinuousClock.now

    /// Creates a connection; nothing is sent before ``run()``. While signed in it asks the
    /// catalog's health every `checkInterval` (answered within `healthTimeout`), so a catalog
    /// that stops is noticed within about 5 s and one that is back within `retryInterval` of it.
    public init(
        settings: StationConfiguration.Catalog, offline: OfflineSetup? = nil, httpClient: HTTPClient,
        metrics: StationMetrics, logger: Logger, retryInterval: Duration = .seconds(2),
        checkInterval: Duration = .seconds(1), healthTimeout: Duration = .seconds(2),
        productsInterval: Duration = .seconds(30)
    ) {
        self.settings = settings
        self.offline = offline
        self.httpClient = httpClient
        self.metrics = metrics
        self.logger = logger
        self.retryInterval = retryInterval
        self.checkInterval = checkInterval
        self.healthTimeout = healthTimeout
        self.productsInterval = productsInterval
    }

    /// The signed-in session while the catalog answers, else `nil`.
    public func ready() -> Session? { reachable ? session : nil }

    /// The signed-in session kept while the catalog does not answer, when it holds what a kept sale
    /// needs (the catalog's card key, the station enrolled); `nil` otherwise.
    public func offlineSession() -> Session? {
        guard offline?.settings.enabled == true, !reachable, let session, session.sealer != nil,
            session.station != nil
        else { return nil }
        return session
    }

    /// What the station sells from now: the session while the catalog answers, else the one
    /// sales are kept offline with (``offlineSession()``), else `nil`.
    public func sellingSession() -> Session? { ready() ?? offlineSession() }

    /// The signed-in session, reachable or not: what was on sale when the catalog last answered.
    public func lastSession() -> Session? { session }

    /// Why the catalog is not ready, in words for the person at the table (what to do, no
    /// address or error name); `nil` when it is ready.
    public func problem() -> String? {
        if reachable, session != nil { return nil }
        return lastWords ?? "The station is connecting to the school-payments server."
    }

    /// Why the catalog is not ready, with the details an operator needs (for the log).
    public func problemDetail() -> String? {
        if reachable, session != nil { return nil }
        return lastProblem ?? "the station has not reached the catalog yet"
    }

    /// What ``problem()`` says when the catalog does not answer.
    static let unreachableWords = "The school-payments server cannot be reached: check the Wi-Fi."
    private var lastWords: String?

    /// Whether the first attempt to sign in has ended, one way or the other.
    public private(set) var attempted = false
    /// Signalled when the first attempt to sign in ends.
    private let firstAttemptEnded = OnceSignal()

    /// Returns once the first attempt to sign in has ended (at once if it has), or after `timeout`.
    public func firstAttempt(timeout: Duration) async {
        await firstAttemptEnded.wait(timeout: timeout)
    }

    /// Whether the catalog answered last time it was asked.
    public var isReachable: Bool { reachable && session != nil }

    /// A request just failed for want of an answer: sales are refused until the catalog answers again.
    public func lost(_ reason: String) {
        setReachable(
            false, problem: "the catalog at \(SafeText.url(settings.url)) cannot be reached (\(reason))",
            words: Self.unreachableWords)
    }

    /// The server said the token is no good: sign in again at the next attempt.
    public func signedOut() {
        session = nil
        setReachable(
            false, problem: "the catalog ended the session; signing in again",
            words: "The station is signing in to the school-payments server again.")
    }

    /// Signs in, then asks the catalog's health every ``checkInterval`` and refreshes the
    /// products on sale every ``productsInterval``, signing in again before the token
    /// expires. Returns when the calling task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            let wait = await step()
            if !attempted {
                attempted = true
                await firstAttemptEnded.signal()
            }
            try? await Task.sleep(for: wait)
        }
    }

    /// One attempt: sign in or check; returns the time to wait before the next.
    func step() async -> Duration {
        do {
            if let current = session, current.expiresAt.timeIntervalSinceNow > 120 {
                try await current.client.health(timeout: healthTimeout)
                // The products (which also prove the session good) after a break, and now and then.
                if !reachable || ContinuousClock.now - productsLoadedAt >= productsInterval {
                    let list = try await current.client.products(school: current.school.id)
                    session?.products = list.products
                    session?.pricing = list.pricing
                    session?.sealer = try await sealer(current.client)
                    if session?.station == nil { session?.station = await enroll(current.client) }
                    productsLoadedAt = .now
                }
            } else {
                session = try await signIn()
                productsLoadedAt = .now
            }
            setReachable(true, problem: nil)
            return checkInterval
        } catch let error as CatalogClientError {
            switch error {
            case .api(_, .unauthorized?, _):
                signedOut()
                return .zero
            case .api(_, .invalidCredentials?, _), .api(_, .tooManyAttempts?, _):
                session = nil
                setReachable(
                    false,
                    problem: "the catalog refused catalog.user '\(settings.user)' and its password (\(error)); "
                        + "trying again in a minute",
                    words: "The station cannot sign in to the school-payments server: tell the operator.")
                return .seconds(60)
            case .api, .invalidResponse, .outcomeUnknown, .redirected, .noRandomness:
                setReachable(
                    false, problem: "the catalog answered but cannot be used: \(error)",
                    words: "The school-payments server gives answers the station cannot use: tell the operator.")
                return retryInterval * 5
            case .transport(let reason):
                if Task.isCancelled { return .zero }
                lost(reason)
                return retryInterval
            }
        } catch {
            if Task.isCancelled { return .zero }  // shutting down: nothing to report
            setReachable(false, problem: "\(error)", words: Self.unreachableWords)
            return retryInterval
        }
    }

    private func signIn() async throws -> Session {
        var retry = RetryPolicy(attempts: 1, timeout: .seconds(settings.timeoutSeconds))
        retry.initialDelay = .milliseconds(200)
        var client = CatalogClient(baseURL: settings.url, httpClient: httpClient, retry: retry, logger: logger)
        let login = try await client.login(
            district: settings.district, username: settings.user, password: settings.password)
        guard
            let school = login.schools.first(where: {
                $0.id == settings.school || $0.name.lowercased() == settings.school.lowercased()
            })
        else {
            throw CatalogClientError.invalidResponse(
                "catalog.school '\(settings.school)' is not one of this account's schools: "
                    + login.schools.map(\.name).joined(separator: ", "))
        }
        client.token = login.token
        client.account = login.username
        client.retry = RetryPolicy(timeout: .seconds(settings.timeoutSeconds))
        let list = try await client.products(school: school.id)
        return Session(
            client: client, school: school, products: list.products, pricing: list.pricing, expiresAt: login.expiresAt,
            sealer: try await sealer(client), station: await enroll(client))
    }

    /// The catalog's card key, to seal kept sales with.
    private func sealer(_ client: CatalogClient) async throws -> CardSealer {
        let key = try await client.cardKey()
        guard key.ciphersuite == CardSealing.ciphersuiteName, let raw = Data(base64Encoded: key.publicKey),
            let sealer = try? CardSealer(publicKeyX963: raw)
        else { throw CatalogClientError.invalidResponse("the catalog's card key is not a P-256 HPKE key") }
        return sealer
    }

    /// Enrolls the station's key, when offline selling is on; its id, or `nil` when the
    /// catalog refused (the reason is logged: sales are then refused while offline).
    private func enroll(_ client: CatalogClient) async -> String? {
        guard let offline, offline.settings.enabled else { return nil }
        do {
            let enrollment = try await client.enroll(
                StationEnrollmentRequest(
                    publicKey: offline.key.privateKey.publicKey.rawRepresentation.base64EncodedString(),
                    name: offline.name, maxAgeHours: offline.settings.maxAgeHours))
            return enrollment.id
        } catch {
            logger.error("the catalog did not enroll this station's key: sales cannot be kept offline (\(error))")
            return nil
        }
    }

    private func setReachable(_ value: Bool, problem: String?, words: String? = nil) {
        let changed = value != reachable || (problem != nil && problem != lastProblem)
        reachable = value
        lastProblem = problem
        lastWords = words
        metrics.catalogReachable(value && session != nil)
        guard changed else { return }
        if value, let session {
            let what = wasEverReachable ? "the catalog is back" : "signed in to the catalog"
            logger.notice(
                "\(what): \(session.school.name), \(session.products.count) products on sale",
                metadata: ["catalog": "\(SafeText.url(settings.url))"])
            wasEverReachable = true
        } else if let problem {
            logger.warning("sales are refused until the catalog answers: \(problem)")
        }
    }
}
