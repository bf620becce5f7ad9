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
    private let settings: StationConfiguration.Sale
    private let journal: SaleJournal
    private let connection: CatalogConnection
    private let metrics: StationMetrics
    private let signal: (any SaleSignal)?
    private let observer: (@Sendable (SaleOutcome) -> Void)?
    private let progressObserver: (@Sendable (SaleProgress) -> Void)?
    private let logger: Logger
    private let keys: IdempotencyKeys
    private let clock = ContinuousClock()
    private var duplicates: DuplicateSwipeFilter
    private var inFlight: Set<String> = []
    private var recent: [SaleOutcome] = []
    /// How swipes become sales now: the configured mode at start, switchable from the console.
    public private(set) var mode: StationConfiguration.Sale.Mode
    /// The sale the next accepted swipe pays for.
    public private(set) var armed: ArmedSale?

    /// Creates a controller; event mode arms its configured sale for good. `observer`
    /// hears every outcome (the console's live results).
    public init(
        settings: StationConfiguration.Sale, journal: SaleJournal, connection: CatalogConnection,
        metrics: StationMetrics, signal: (any SaleSignal)? = nil,
        observer: (@Sendable (SaleOutcome) -> Void)? = nil,
        progressObserver: (@Sendable (SaleProgress) -> Void)? = nil, keys: IdempotencyKeys = .shared,
        logger: Logger
    ) {
        self.progressObserver = progressObserver
        self.keys = keys
        self.settings = settings
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

    // MARK: Arming (console mode)

    /// Arms a sale of one product: the next accepted swipe pays for it.
    public func arm(product: String, quantity: Int, priceCents: Int?) async throws(SaleRefusal) -> ArmedSale {
        try await arm(items: [ChargeItem(product: product, quantity: quantity, priceCents: priceCents)])
    }

    /// Arms a sale of one to 20 lines (a cart): the next accepted swipe pays for it. Each
    /// product must be on sale at the school now, with a price where its price is variable,
    /// and the sale within the school's limits.
    public func arm(items: [ChargeItem]) async throws(SaleRefusal) -> ArmedSale {
        guard mode == .console else {
            throw SaleRefusal(
                "The station is in event mode: every swipe buys \(armed?.title ?? "one product"). Turn event mode off first."
            )
        }
        let sale = try await checked(items)
        armed = sale
        return sale
    }

    /// The armed sale with its products' names and its total, once the catalog has said them:
    /// event mode's configured sale is armed at start, before the catalog answers.
    public func armedSale() async -> ArmedSale? {
        guard let sale = armed, sale.quote == nil, await connection.ready()?.pricing != nil,
            var checked = try? await checked(sale.items)
        else { return armed }
        checked.id = sale.id
        checked.isTest = sale.isTest
        if armed?.id == sale.id { armed = checked }
        return checked
    }

    /// What a sale of `items` would come to, checked as arming checks it, without arming it:
    /// the console shows the total and the fee, or what is wrong, while the sale is set up.
    public func quote(items: [ChargeItem]) async throws(SaleRefusal) -> ArmedSale {
        try await checked(items)
    }

    /// Arms the bookkeeper's test charge: the school's one-cent product. Once approved
    /// it is voided at once, so one swipe checks reader, card and catalog end to end.
    public func armTestCharge() async throws(SaleRefusal) -> ArmedSale {
        guard mode == .console else { throw SaleRefusal("Turn event mode off to make a test charge.") }
        guard let session = await connection.ready() else {
            throw SaleRefusal(await connection.problem() ?? "The catalog cannot be reached.")
        }
        guard let product = Self.testProduct(in: session.products) else {
            throw SaleRefusal("\(session.school.name) has no one-cent test product on sale by swipe.")
        }
        var sale = try await checked([ChargeItem(product: product.id, quantity: 1)])
        sale.isTest = true
        armed = sale
        return sale
    }

    /// The school's one-cent test product, if it sells one by swipe.
    public static func testProduct(in products: [Product]) -> Product? {
        products.first { $0.priceCents == 1 }
    }

    /// Disarms the console sale (event mode keeps its sale).
    public func disarm() {
        if mode == .console { armed = nil }
    }

    /// Turns event mode on (every accepted swipe buys `product`), checked like an
    /// armed sale. Lasts until switched off or the station restarts with its settings.
    public func startEventMode(product: String, quantity: Int, priceCents: Int?) async throws(SaleRefusal)
        -> ArmedSale
    {
        let sale = try await checked([ChargeItem(product: product, quantity: quantity, priceCents: priceCents)])
        mode = .event
        armed = sale
        logger.notice("event mode on: every swipe buys \(sale.title)")
        return sale
    }

    /// Turns event mode off: sales are armed one at a time again.
    public func stopEventMode() {
        guard mode == .event else { return }
        mode = .console
        armed = nil
        logger.notice("event mode off")
    }

    /// The sale of `items`, checked against what the school sells now and its limits, with
    /// what the card will pay.
    private func checked(_ items: [ChargeItem]) async throws(SaleRefusal) -> ArmedSale {
        guard (1...20).contains(items.count) else { throw SaleRefusal("A sale holds 1 to 20 products.") }
        guard items.allSatisfy({ (1...100).contains($0.quantity) }) else {
            throw SaleRefusal("The quantity must be 1 to 100: split a bigger order into several sales.")
        }
        guard let session = await connection.ready() else {
            throw SaleRefusal(await connection.problem() ?? "The catalog cannot be reached.")
        }
        var lines: [(item: ChargeItem, product: Product)] = []
        for item in items {
            guard let product = session.products.first(where: { $0.id == item.product }) else {
                logger.notice("arming refused: \(item.product) is not on sale by swipe now")
                throw SaleRefusal(VolunteerWords.productNotOnSale)
            }
            if product.priceCents == nil {
                guard let price = item.priceCents, price >= (product.minimumCents ?? 1),
                    price <= (product.maximumCents ?? .max)
                else {
                    throw SaleRefusal(
                        "\(product.name) needs a price from \(Money.text(product.minimumCents ?? 1)) to "
                            + "\(Money.text(product.maximumCents ?? 0)).")
                }
            }
            let line = ChargeItem(
                product: item.product, quantity: item.quantity,
                priceCents: product.priceCents == nil ? item.priceCents : nil)
            lines.append((line, product))
        }
        let title = lines.map { $0.item.quantity > 1 ? "\($0.product.name) × \($0.item.quantity)" : $0.product.name }
            .joined(separator: ", ")
        var quote: SaleQuote?
        if let pricing = session.pricing {
            let units = lines.map {
                (unitCents: $0.item.priceCents ?? $0.product.priceCents ?? 0, quantity: $0.item.quantity)
            }
            switch pricing.quote(units) {
            case .success(let found): quote = found
            case .failure(let breach): throw SaleRefusal(VolunteerWords.overLimit(breach))
            }
        }
        return ArmedSale(items: lines.map(\.item), title: title, quote: quote)
    }

    // MARK: Selling

    /// Sells to one heard swipe and says how it went. The swipe's card data is wiped before returning.
    @discardableResult
    public func handle(_ heard: HeardSwipe) async -> SaleOutcome {
        defer { heard.wipe() }
        let now = Date()
        let source = heard.readerKind.rawValue
        metrics.swipeHeard(source: source)
        let check = heard.card
        guard let fields = check.fields else {
            let problem = check.problems.first
            metrics.decodeFailed(reason: problem?.code ?? "no_card")
            return finish(
                SaleOutcome(
                    kind: .unreadable, message: problem?.message ?? CardProblem.unreadable.message, at: now))
        }
        let card = "\(fields.number.brand.displayName) ••••\(fields.number.last4)"
        let brand = fields.number.brand.rawValue
        let last4 = fields.number.last4
        // The readers judged expiry by the month they started in; a station runs for weeks.
        let expired = fields.expiry.flatMap { $0 < YearMonth.current() ? CardProblem.expired($0) : nil }
        if let problem = check.accepted ? expired : (check.problems.first ?? .unreadable) {
            // An expired card is told apart from a current card with the same last 4 by its expiry.
            let label = problem.code == "expired" ? card + (fields.expiry.map { " exp \($0)" } ?? "") : card
            return await refuse(
                reason: problem.code, message: problem.message, card: label, sale: armed, brand: brand, last4: last4,
                source: heard.source, at: now)
        }
        let fingerprint = CardFingerprint(fields.number)
        let instant = clock.now
        guard let sale = await armedSale() else {
            if let earlier = duplicates.recent(card: fingerprint, at: instant) {
                return duplicate(earlier, card: card, at: now)
            }
            metrics.cardRefused(reason: "no_sale_armed")
            return finish(
                SaleOutcome(
                    kind: .refused, message: "No sale is armed: choose the product on the console first.", card: card,
                    at: now))
        }
        if let earlier = duplicates.repeated(card: fingerprint, sale: sale.id, at: instant) {
            return duplicate(earlier, card: card, at: now)
        }
        guard let session = await connection.ready() else {
            let problem = await connection.problemDetail() ?? "the catalog cannot be reached"
            logger.warning("sale refused: \(problem)")
            return await refuse(
                reason: "catalog_unreachable", message: VolunteerWords.catalogUnreachable, card: card,
                sale: sale, brand: brand, last4: last4, source: heard.source, at: now)
        }
        let key: String
        do { key = try keys.next() } catch {
            logger.critical("sale refused before charging: no idempotency key (\(error))")
            metrics.cardRefused(reason: "no_randomness")
            return finish(SaleOutcome(kind: .refused, message: VolunteerWords.noSecureKey, card: card, at: now))
        }
        let entry = JournalSale(
            key: key, status: .pending, product: sale.product, quantity: sale.quantity, priceCents: sale.priceCents,
            brand: brand, last4: last4, source: heard.source, message: nil, at: now,
            day: EasternCalendar.dayString(now), items: sale.items)
        inFlight.insert(key)
        defer { inFlight.remove(key) }
        do { try await journal.record(entry) } catch {
            logger.error("sale refused before charging: \(error)")
            metrics.cardRefused(reason: "journal_unwritable")
            return finish(
                SaleOutcome(kind: .refused, message: VolunteerWords.journalUnwritable, card: card, at: now))
        }
        await updatePendingGauge()
        progressObserver?(SaleProgress(stage: .charging, card: card, amountCents: sale.quote?.totalCents, at: now))
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
        let elapsed = clock.now - started
        let expected = ReceiptCheck.Expected(
            school: session.school.id, items: items, products: session.products, brand: brand, last4: last4)
        let outcome = await record(
            result, expected: expected, client: session.client, key: key, card: card, at: now, elapsed: elapsed)
        if [SaleOutcome.Kind.approved, .declined, .unknown].contains(outcome.kind) {
            duplicates.charged(
                card: fingerprint, sale: sale.id, at: instant, summary: VolunteerWords.sameCardAgain(outcome))
        }
        if outcome.kind == .approved, mode == .console { armed = nil }
        if outcome.kind == .approved, sale.isTest {
            return finish(await voidTestCharge(outcome))
        }
        return finish(outcome)
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

    private func settle(
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

    private func refuse(
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

    private func finish(_ outcome: SaleOutcome) -> SaleOutcome {
        recent.append(outcome)
        if recent.count > 20 { recent.removeFirst(recent.count - 20) }
        logger.notice("\(outcome.line)")
        signal?.signal(outcome.kind == .voided ? .approved : outcome.kind)
        observer?(outcome)
        return outcome
    }

    private func updatePendingGauge() async {
        metrics.journalPending((try? await journal.pending().count) ?? 0)
    }

    // MARK: Settling

    /// Settles every pending sale not in flight by voiding its key: a charge that
    /// was made is voided (`not_completed`, the volunteer was told to swipe again),
    /// one never made never will be (`not_completed`), a declined one is `declined`.
    /// Returns how many were settled; sales stay pending while the catalog does not answer.
    @discardableResult
    public func settlePending() async -> Int {
        guard let all = try? await journal.pending() else { return 0 }
        let pending = all.filter { !inFlight.contains($0.key) }
        guard !pending.isEmpty else {
            await updatePendingGauge()
            return 0
        }
        guard let session = await connection.ready() else { return 0 }
        var settled = 0
        for sale in pending where !inFlight.contains(sale.key) {
            do {
                let answer = try await session.client.voidByKey(sale.key)
                let receipt = answer.receipt
                if receipt?.status == .declined {
                    await settle(
                        sale.key, .declined, receipt: receipt?.id, totalCents: receipt?.totalCents, message: nil)
                } else {
                    let message =
                        receipt == nil
                        ? "The charge was never made (settled after a restart or a lost answer): swipe again."
                        : "The charge was cancelled (its outcome was unknown): no money was taken; swipe again."
                    await settle(sale.key, .notCompleted, receipt: receipt?.id, message: message)
                }
                logger.notice("settled pending sale \(sale.key) by its key")
                settled += 1
            } catch let error as CatalogClientError where error.code == .voidWindowClosed {
                await settle(
                    sale.key, .approved,
                    message: "Charged before midnight Eastern and settled: it could not be voided; see the catalog.")
                settled += 1
            } catch {
                logger.warning("pending sale \(sale.key) not settled yet: \(error)")
                if case .transport(let reason) = error as? CatalogClientError { await connection.lost(reason) }
                break
            }
        }
        return settled
    }

    /// Brings the journal's sales of `day` (`YYYY-MM-DD`, Eastern) in step with the catalog's
    /// charges: a charge voided elsewhere (with the CLI, at the catalog) is marked voided here.
    /// Returns how many sales changed; none while the catalog does not answer.
    @discardableResult
    public func syncVoids(day: String) async -> Int {
        guard let session = await connection.ready(),
            let list = try? await session.client.charges(school: session.school.id, date: day),
            let sales = try? await journal.sales(day: day)
        else { return 0 }
        let voided = Set(list.charges.filter { $0.status == .voided }.map(\.id))
        var changed = 0
        for sale in sales where sale.status == .approved {
            guard let receipt = sale.receipt, voided.contains(receipt) else { continue }
            await settle(sale.key, .voided, message: "Voided at the school-payments server.")
            logger.notice("sale \(sale.key) was voided elsewhere: journal updated")
            changed += 1
        }
        return changed
    }

    /// Voids an approved sale of this station (before midnight Eastern of its day).
    public func void(key: String) async throws(SaleRefusal) -> JournalSale {
        let found: JournalSale?
        do { found = try await journal.sale(key: key) } catch {
            logger.error("void of \(key): \(error)")
            throw SaleRefusal(VolunteerWords.journalUnreadable)
        }
        guard let sale = found, sale.status == .approved, let receipt = sale.receipt else {
            throw SaleRefusal("Only an approved sale of this station can be voided.")
        }
        guard let session = await connection.ready() else {
            throw SaleRefusal(await connection.problem() ?? "The catalog cannot be reached.")
        }
        do {
            let voided = try await session.client.void(chargeID: receipt)
            if voided.status == .voided { metrics.voided() }
            await settle(key, voided.status == .voided ? .voided : .approved, message: "Voided.")
            return (try? await journal.sale(key: key)) ?? sale
        } catch {
            logger.warning("void of \(key) (receipt \(receipt)) failed: \(error)")
            throw SaleRefusal(VolunteerWords.voidFailed(error as? CatalogClientError))
        }
    }
}

/// Why a sale cannot be armed or voided, for a person.
public struct SaleRefusal: Error, Sendable, CustomStringConvertible {
    /// One sentence.
    public var description: String

    init(_ description: String) { self.description = description }
}
