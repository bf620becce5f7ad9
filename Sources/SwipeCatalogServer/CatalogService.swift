import CardSealing
public import Logging
import SwipeServerKit

/// The reference catalog: its features over one store (SQLite or PostgreSQL), ready to be served.
///
/// Each feature is a small type with its routes beside it: ``Logins`` (districts,
/// sign-in), ``ProductCatalog`` (products, images, the card key), ``Charging``,
/// ``Voiding``, ``Reporting`` and ``StationEnrollments`` (stations that keep sales offline).
public struct CatalogService: Sendable {
    let clock: CatalogClock
    let sessions: Sessions
    let logins: Logins
    let products: ProductCatalog
    let charging: Charging
    let voiding: Voiding
    let reporting: Reporting
    let stations: StationEnrollments

    /// Creates the catalog over `store` with the keys in `secrets`; request bodies
    /// must arrive within `bodyTimeout`.
    public init(
        store: any CatalogStore, secrets: CatalogSecrets, clock: CatalogClock = .system,
        hasher: PasswordHasher = PasswordHasher(), loginDelay: Duration = .milliseconds(100),
        bodyTimeout: Duration = .seconds(10), logger: Logger
    ) {
        let body = RequestBodyReader(timeout: bodyTimeout)
        let coordinator = IdempotencyCoordinator()
        let opener = CardOpener(privateKey: secrets.cardKey)
        self.clock = clock
        sessions = Sessions(store: store, clock: clock)
        logins = Logins(
            store: store, sessions: sessions, hasher: hasher,
            throttle: LoginAttempts(store: store, now: clock.now, baseDelay: loginDelay), hashing: HashingPool(),
            body: body,
            logger: logger)
        products = ProductCatalog(store: store, clock: clock, opener: opener)
        charging = Charging(
            store: store, clock: clock,
            cards: CardOpening(
                opener: opener, retired: secrets.retiredCardKeys.map { (CardOpener(privateKey: $0.key), $0.retiredAt) },
                fingerprintKey: secrets.fingerprintKey, logger: logger),
            coordinator: coordinator, body: body, logger: logger)
        voiding = Voiding(store: store, clock: clock, coordinator: coordinator, body: body, logger: logger)
        reporting = Reporting(store: store, clock: clock)
        stations = StationEnrollments(store: store, clock: clock, body: body, logger: logger)
    }
}
