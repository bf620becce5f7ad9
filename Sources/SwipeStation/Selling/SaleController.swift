import Foundation
public import Logging
import SwipeCards
public import SwipeCatalogAPI
import SwipeCatalogClient
public import SwipeInput

/// Turns accepted swipes into charges, one at a time, and never loses track of money.
///
/// `progressObserver` hears when a charge starts (the console's "Charging … do not swipe
/// again"); `observer` hears every outcome.
///
/// For each swipe: a card refused on the device is never sent; a sale is armed
/// (console mode) or configured (event mode); the same card again within the
/// duplicate window for the same sale is one sale; the catalog must answer; the
/// sale is written `pending` to the journal with its idempotency key before the
/// charge leaves (a journal that cannot be written refuses the sale); the outcome
/// is written when it comes. A charge whose outcome stays unknown is voided by key
/// (``settlePending()``), at start too, for sales a crash left pending.
public actor SaleController {
    let settings: StationConfiguration.Sale
    /// Selling while the catalog cannot be reached.
    let offline: StationConfiguration.Offline
    let journal: SaleJournal
    let connection: CatalogConnection
    let metrics: StationMetrics
    private let signal: (any SaleSignal)?
    private let observer: (@Sendable (SaleOutcome) -> Void)?
    private let progressObserver: (@Sendable (SaleProgress) -> Void)?
    let logger: Logger
    let keys: IdempotencyKeys
    let clock = ContinuousClock()
    var duplicates: DuplicateSwipeFilter
    var inFlight: Set<String> = []
    /// The card of each kept sale waiting to be forwarded, by key: `offline.maxPerCard`. In
    /// memory only: a keyed hash of a card number stored on the station could be reversed by
    /// whoever holds the station (the key would be beside it).
    var keptCards: [String: CardFingerprint] = [:]
    private var recent: [SaleOutcome] = []
    /// How swipes become sales now: the configured mode at start, switchable from the console.
    public internal(set) var mode: StationConfiguration.Sale.Mode
    /// The sale the next accepted swipe pays for.
    public internal(set) var armed: ArmedSale?

    /// Creates a controller; event mode arms its configured sale for good. `observer`
    /// hears every outcome (the console's live results).
    public init(
        settings: StationConfiguration.Sale, offline: StationConfiguration.Offline = .init(), journal: SaleJournal,
        connection: CatalogConnection,
        metrics: StationMetrics, signal: (any SaleSignal)? = nil,
        observer: (@Sendable (SaleOutcome) -> Void)? = nil,
        progressObserver: (@Sendable (SaleProgress) -> Void)? = nil, keys: IdempotencyKeys = .shared,
        logger: Logger
    ) {
        self.progressObserver = progressObserver
        self.keys = keys
        self.settings = settings
        self.offline = offline
        self.journal = journal
        self.connection = connection
        self.metrics = metrics
        self.signal = signal
        self.observer = observer
        self.logger = logger
        mode = settings.mode
        duplicates = DuplicateSwipeFilter(window: .milliseconds(Int(settings.duplicateWindowSeconds * 1000)))
        if settings.mode == .event, let product = settings.product {
            armed = ArmedSale(product: product, quantity: settings.quantity, priceCents: settings.priceCents)
        }
    }

    /// The last outcomes, newest last (at most 20).
    public var recentOutcomes: [SaleOutcome] { recent }

    // MARK: Selling

    /// Sells to one heard swipe and says how it went. The swipe's card data is wiped before returning.
    @discardableResult
    public func handle(_ heard: HeardSwipe) async -> SaleOutcome {
        defer { heard.wipe() }
        let now = Date()
        metrics.swipeHeard(source: heard.readerKind.rawValue)
        let check = heard.card
        guard let fields = check.fields else {
            let problem = check.problems.first
            metrics.decodeFailed(reason: problem?.code ?? "no_card")
            return finish(
                SaleOutcome(
                    kind: .unreadable, message: problem?.message ?? CardProblem.unreadable.message, at: now))
        }
        let card = SwipedCard(fields)
        // The readers judged expiry by the month of the swipe; checked again here, where the sale is made.
        let expired = fields.expiry.flatMap { $0 < YearMonth.current() ? CardProblem.expired($0) : nil }
        if let problem = check.accepted ? expired : (check.problems.first ?? .unreadable) {
            // An expired card is told apart from a current card with the same last 4 by its expiry.
            let label = problem.code == "expired" ? card.label + (fields.expiry.map { " exp \($0)" } ?? "") : card.label
            return await refuse(
                reason: problem.code, message: problem.message, card: label, sale: armed, brand: card.brand,
                last4: card.last4, source: heard.source, at: now)
        }
        let instant = clock.now
        guard let sale = await armedSale() else {
            if let earlier = duplicates.recent(card: card.fingerprint, at: instant) {
                return duplicate(earlier, card: card.label, at: now)
            }
            metrics.cardRefused(reason: "no_sale_armed")
            return finish(
                SaleOutcome(
                    kind: .refused, message: "No sale is armed: choose the product on the console first.",
                    card: card.label, at: now))
        }
        if let earlier = duplicates.repeated(card: card.fingerprint, sale: sale.id, at: instant) {
            return duplicate(earlier, card: card.label, at: now)
        }
        guard let session = await connection.ready() else {
            if offline.enabled { return await keep(heard, card: card, for: sale, at: now) }
            let problem = await connection.problemDetail() ?? "the catalog cannot be reached"
            logger.warning("sale refused: \(problem)")
            return await refuse(
                reason: "catalog_unreachable", message: VolunteerWords.catalogUnreachable, card: card.label,
                sale: sale, brand: card.brand, last4: card.last4, source: heard.source, at: now)
        }
        var outcome = await charge(heard, card: card, for: sale, in: session, at: now)
        if [SaleOutcome.Kind.approved, .declined, .unknown].contains(outcome.kind) {
            // The window runs from the outcome the volunteer saw, however long the charge took.
            duplicates.charged(
                card: card.fingerprint, sale: sale.id, at: clock.now, summary: VolunteerWords.sameCardAgain(outcome))
        }
        if outcome.kind == .approved, mode == .console { armed = nil }
        if outcome.kind == .approved, sale.isTest { outcome = await voidTestCharge(outcome) }
        return finish(outcome)
    }

    /// What the sale knows of a card: how the volunteer sees it, how the journal names it,
    /// and how the duplicate filter recognises it. No card number.
    struct SwipedCard {
        /// `Visa ••••4242`.
        let label: String
        let brand: String
        let last4: String
        let fingerprint: CardFingerprint

        init(_ fields: CardFields) {
            label = "\(fields.number.brand.displayName) ••••\(fields.number.last4)"
            brand = fields.number.brand.rawValue
            last4 = fields.number.last4
            fingerprint = CardFingerprint(fields.number)
        }
    }

    /// Charges `card` for `sale`: the sale is journaled `pending` under a new idempotency key
    /// before the charge leaves, then settled with its outcome. A key or a journal that cannot
    /// be had refuses the sale before anything is sent.
    private func charge(
        _ heard: HeardSwipe, card: SwipedCard, for sale: ArmedSale, in session: CatalogConnection.Session,
        at now: Date
    ) async -> SaleOutcome {
        let key: String
        do { key = try keys.next() } catch {
            logger.critical("sale refused before charging: no idempotency key (\(error))")
            metrics.cardRefused(reason: "no_randomness")
            return SaleOutcome(kind: .refused, message: VolunteerWords.noSecureKey, card: card.label, at: now)
        }
        let entry = JournalSale(
            key: key, status: .pending, product: sale.product, quantity: sale.quantity, priceCents: sale.priceCents,
            brand: card.brand, last4: card.last4, source: heard.source, message: nil, at: now,
            day: EasternCalendar.dayString(now), items: sale.items)
        inFlight.insert(key)
        defer { inFlight.remove(key) }
        do { try await journal.record(entry) } catch {
            logger.error("sale refused before charging: \(error)")
            metrics.cardRefused(reason: "journal_unwritable")
            return SaleOutcome(kind: .refused, message: VolunteerWords.journalUnwritable, card: card.label, at: now)
        }
        await updatePendingGauge()
        progressObserver?(
            SaleProgress(stage: .charging, card: card.label, amountCents: sale.quote?.totalCents, at: now))
        let payload = CardPayload(tracks: heard.tracks)
        let items = sale.items
        let entryMode: EntryMode = heard.readerKind == .usb ? .usb : .swipe
        let started = clock.now
        // The charge runs in a task of its own: cancelling the station (SIGTERM escalated) does not cut a
        // charge in flight, whose outcome is recorded before the controller moves on.
        let result = await Task {
            do {
                return Result<Receipt, any Error>.success(
                    try await session.client.charge(
                        school: session.school.id, items: items, entry: entryMode, card: payload, idempotencyKey: key))
            } catch {
                return .failure(error)
            }
        }.value
        payload.wipe()
        let expected = ReceiptCheck.Expected(
            school: session.school.id, items: items, products: session.products, brand: card.brand,
            last4: card.last4)
        return await record(
            result, expected: expected, client: session.client, key: key, card: card.label, at: now,
            elapsed: clock.now - started)
    }

    /// Voids an approved test charge at once and says both in one sentence.
    private func voidTestCharge(_ approved: SaleOutcome) async -> SaleOutcome {
        var outcome = approved
        guard let key = approved.key else { return approved }
        do {
            _ = try await void(key: key)
            outcome.kind = .voided
            outcome.message = "Test charge approved and voided: the reader, the card and the catalog work."
        } catch {
            logger.error("test charge \(key) approved but not voided: \(error)")
            outcome.message = VolunteerWords.testChargeNotVoided
        }
        return outcome
    }

    /// Writes a charge's result to the journal and turns it into what the volunteer is told
    /// (see ``ChargeVerdict``); a receipt that does not match the sale is voided by its key.
    private func record(
        _ result: Result<Receipt, any Error>, expected: ReceiptCheck.Expected, client: CatalogClient, key: String,
        card: String, at now: Date, elapsed: Duration
    ) async -> SaleOutcome {
        let mismatches = (try? result.get()).map { ReceiptCheck.mismatches($0, expected: expected) } ?? []
        let verdict: ChargeVerdict
        if mismatches.isEmpty {
            switch result {
            case .failure(let error as CatalogClientError): logger.warning("charge \(key): \(error)")
            case .failure(let error): logger.warning("charge \(key) interrupted: \(type(of: error))")
            case .success: break
            }
            verdict = .of(result)
        } else {
            // Not the sale that was sent: never journaled as approved. Whatever the key made is voided.
            logger.error(
                "the catalog's receipt does not match the sale (\(mismatches.joined(separator: ", "))): voiding it by key",
                metadata: ["key": "\(key)"])
            verdict = .mismatched(mismatches, voided: (try? await client.voidByKey(key)) != nil)
        }
        switch verdict.followUp {
        case .none: break
        case .catalogLost(let reason): Task { await connection.lost(reason) }
        case .signedOut: Task { await connection.signedOut() }
        }
        if verdict.status != .pending {
            await settle(
                key, verdict.status, receipt: verdict.receipt?.id, totalCents: verdict.receipt?.totalCents,
                message: verdict.journalNote ?? verdict.message)
        }
        metrics.charged(outcome: verdict.metric, duration: elapsed)
        return SaleOutcome(
            kind: verdict.kind, message: verdict.message, card: card, key: key, receipt: verdict.receipt?.id,
            totalCents: verdict.receipt?.totalCents, at: now)
    }

    func settle(
        _ key: String, _ status: JournalSale.Status, receipt: String? = nil, totalCents: Int? = nil, message: String?
    ) async {
        do {
            try await journal.settle(
                key: key, status: status, receipt: receipt, totalCents: totalCents, message: message)
        } catch {
            // The sale stays pending in the journal; the next start settles it by key.
            logger.error("\(error): sale \(key) stays pending and will be settled by key")
        }
        await updatePendingGauge()
    }

    func refuse(
        reason: String, message: String, card: String, sale: ArmedSale?, brand: String, last4: String, source: String,
        at now: Date
    ) async -> SaleOutcome {
        metrics.cardRefused(reason: reason)
        // A refused sale's journal key: no money rides on it, so a time-based one serves when randomness fails.
        let key = (try? keys.next()) ?? "refused-\(UInt64(now.timeIntervalSince1970 * 1e9))"
        var written: String? = nil
        if let sale {
            let entry = JournalSale(
                key: key, status: .refused, product: sale.product, quantity: sale.quantity,
                priceCents: sale.priceCents, brand: brand, last4: last4, source: source, message: message, at: now,
                day: EasternCalendar.dayString(now), items: sale.items)
            if (try? await journal.record(entry)) != nil { written = key }
        }
        return finish(SaleOutcome(kind: .refused, message: message, card: card, key: written, at: now))
    }

    private func duplicate(_ earlier: DuplicateSwipeFilter.Charged, card: String, at now: Date) -> SaleOutcome {
        metrics.cardRefused(reason: "duplicate_swipe")
        return finish(
            SaleOutcome(
                kind: .duplicate, message: earlier.summary,
                card: card, at: now))
    }

    func finish(_ outcome: SaleOutcome) -> SaleOutcome {
        recent.append(outcome)
        if recent.count > 20 { recent.removeFirst(recent.count - 20) }
        logger.notice("\(outcome.line)")
        signal?.signal(outcome.kind == .voided ? .approved : outcome.kind)
        observer?(outcome)
        return outcome
    }

    func updatePendingGauge() async {
        metrics.journalPending((try? await journal.pending().count) ?? 0)
        if let waiting = try? await journal.waiting() { metrics.offlineWaiting(waiting.count, cents: waiting.cents) }
    }

}
