import CardSealing
import Crypto
import Foundation
import GRDB
public import Logging
import SwipeCards
import SwipeCatalogAPI
import Synchronization

/// The catalog's rules, apart from HTTP: logins, products, charges, voids, reports.
public final class CatalogService: Sendable {
    let database: CatalogDatabase
    let clock: CatalogClock
    let hasher: PasswordHasher
    let opener: CardOpener
    let logger: Logger
    private let fingerprintKey: SymmetricKey
    private let throttle: LoginThrottle
    private let hashing = HashingPool()
    private let coordinator = IdempotencyCoordinator()
    /// Signed-in accounts by token hash, so most requests need no database read to
    /// authenticate. An entry is trusted for ``sessionRecheck`` only: then the session
    /// and the account are read again, so a revoked session or a changed account
    /// (password, role, schools) takes effect within seconds.
    private let sessions = Mutex<[String: (account: Account, expires: Date, checked: Date)]>([:])
    /// How long a cached session is trusted before it is read again.
    let sessionRecheck: TimeInterval = 5
    private let processor = TestProcessor()
    /// How long a login lasts.
    let sessionLifetime: TimeInterval = 12 * 3600

    /// Creates the service over `database` with the card-opening and fingerprint keys in `secrets`.
    public init(
        database: CatalogDatabase, secrets: CatalogSecrets, clock: CatalogClock = .system,
        hasher: PasswordHasher = PasswordHasher(), loginDelay: Duration = .milliseconds(100), logger: Logger
    ) throws {
        self.database = database
        self.clock = clock
        self.hasher = hasher
        self.logger = logger
        throttle = LoginThrottle(clock: clock, baseDelay: loginDelay)
        opener = CardOpener(privateKey: secrets.cardKey)
        fingerprintKey = secrets.fingerprintKey
    }

    // MARK: Districts and login

    func districts() throws -> DistrictList {
        try database.pool.read { db in
            DistrictList(
                districts: try Row.fetchAll(db, sql: "SELECT id, name FROM districts ORDER BY name").map {
                    District(id: $0["id"], name: $0["name"])
                })
        }
    }

    func login(_ request: LoginRequest) async throws -> LoginResponse {
        // Resolve the account first: every spelling of it (district by id or name, any case) shares one count.
        let found = try await database.pool.read { db -> (id: String, hash: String, username: String)? in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT accounts.id, accounts.password_hash, accounts.username FROM accounts
                    JOIN districts ON districts.id = accounts.district_id
                    WHERE (districts.id = ? OR districts.name = ?) AND accounts.username = ?
                    """, arguments: [request.district, request.district, request.username]
            ).map { (id: $0["id"], hash: $0["password_hash"], username: $0["username"]) }
        }
        let name = found?.id ?? "unknown:" + request.district.lowercased() + "/" + request.username.lowercased()
        // An unknown name is not logged: it may be a password typed into the wrong field.
        let shown = found?.username ?? "(unknown)"
        guard await throttle.begin(name) else {
            logger.warning("login refused: account locked", metadata: ["account": "\(shown)"])
            throw CatalogFailure(
                status: 429, code: .tooManyAttempts,
                message: "Too many failed sign-ins for this account: wait 15 minutes or ask the bookkeeper.")
        }
        // Verify even when the account is unknown, so timing does not tell which names exist.
        let storedHash = found?.hash ?? "scrypt$\(hasher.rounds)$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA"
        let hasher = hasher
        let password = request.password
        let verified = (try? await hashing.run { hasher.verify(password, against: storedHash) }) ?? false
        guard verified, let accountID = found?.id else {
            let delay = await throttle.failed(name)
            let locked = await throttle.isLocked(name)
            logger.warning(
                locked ? "login failed; account now locked for 15 minutes" : "login failed",
                metadata: ["account": "\(shown)"])
            try? await Task.sleep(for: delay)
            throw CatalogFailure(
                status: 401, code: .invalidCredentials, message: "District, username or password is wrong.")
        }
        await throttle.succeeded(name)
        var tokenBytes = [UInt8](repeating: 0, count: 32)
        for index in tokenBytes.indices { tokenBytes[index] = UInt8.random(in: 0...255) }
        let token = Data(tokenBytes).base64EncodedString().replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "=", with: "")
        let expires = clock.now().addingTimeInterval(sessionLifetime)
        let account = try await database.pool.write { db -> Account? in
            try db.execute(
                sql: "INSERT INTO sessions (token_hash, account_id, expires_at) VALUES (?, ?, ?)",
                arguments: [Self.hashToken(token), accountID, expires.timeIntervalSince1970])
            try db.execute(
                sql: "DELETE FROM sessions WHERE expires_at < ?", arguments: [self.clock.now().timeIntervalSince1970])
            return try Account.load(id: accountID, db: db)
        }
        guard let account else { throw CatalogFailure.unauthorized }
        logger.info("login", metadata: ["account": "\(account.username)", "role": "\(account.role.rawValue)"])
        return LoginResponse(
            token: token, expiresAt: expires, role: account.role, username: account.username, schools: account.schools)
    }

    func account(forToken token: String) async throws -> Account {
        let now = clock.now()
        let hash = Self.hashToken(token)
        if let cached = sessions.withLock({ $0[hash] }), cached.expires > now,
            now.timeIntervalSince(cached.checked) < sessionRecheck
        {
            return cached.account
        }
        let found = try await database.pool.read { db -> (Account, Double)? in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT account_id, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?",
                    arguments: [hash, now.timeIntervalSince1970]),
                let account = try Account.load(id: row["account_id"], db: db)
            else { return nil }
            return (account, row["expires_at"])
        }
        guard let (account, expires) = found else {
            sessions.withLock { $0[hash] = nil }
            throw CatalogFailure.unauthorized
        }
        sessions.withLock { cache in
            if cache.count > 10_000 { cache = cache.filter { $0.value.expires > now } }
            cache[hash] = (account, Date(timeIntervalSince1970: expires), now)
        }
        return account
    }

    static func hashToken(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    // MARK: Products

    func products(school: String, for account: Account) async throws -> ProductList {
        guard let schoolInfo = account.schools.first(where: { $0.id == school }) else {
            throw CatalogFailure.forbidden("This account does not sell for that school.")
        }
        let now = clock.now().timeIntervalSince1970
        let products = try await database.pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, name, price_cents, minimum_cents, maximum_cents, over_the_counter_only, image IS NOT NULL AS has_image
                    FROM products WHERE school_id = ? AND starts_at <= ? AND ends_at >= ?
                    AND requires_student_id = 0 AND swipe_allowed = 1 ORDER BY name
                    """, arguments: [school, now, now]
            ).map { row -> Product in
                let id: String = row["id"]
                return Product(
                    id: id, name: row["name"], priceCents: row["price_cents"], minimumCents: row["minimum_cents"],
                    maximumCents: row["maximum_cents"], overTheCounterOnly: row["over_the_counter_only"],
                    imageURL: (row["has_image"] as Bool) ? "/v1/images/\(id).jpg" : nil)
            }
        }
        return ProductList(school: schoolInfo, products: products)
    }

    func image(product: String) async throws -> Data {
        let image = try await database.pool.read { db in
            try Data.fetchOne(
                db, sql: "SELECT image FROM products WHERE id = ? AND image IS NOT NULL", arguments: [product])
        }
        guard let image else { throw CatalogFailure.notFound("No image for that product.") }
        return image
    }

    func cardKey() -> CardKey {
        CardKey(
            keyID: opener.keyID, ciphersuite: CardSealing.ciphersuiteName,
            publicKey: opener.privateKey.publicKey.x963Representation.base64EncodedString())
    }

    // MARK: Charges

    /// Runs a charge under its idempotency key and returns the (possibly replayed) answer.
    func charge(body: [UInt8], idempotencyKey: String, account: Account) async throws -> StoredResponse {
        let requestHash = Hex.string(SHA256.hash(data: body))
        let scope = account.id + "\u{0}" + idempotencyKey
        let response = try await coordinator.perform(scope: scope, kind: .charge) {
            try await self.chargeOnce(body: body, requestHash: requestHash, key: idempotencyKey, account: account)
        }
        if response.keyVoided && response.chargeID == nil {
            throw CatalogFailure(
                status: 409, code: .idempotencyKeyVoided,
                message: "This charge was cancelled by its idempotency key: swipe again to start a new charge.")
        }
        guard response.requestHash == requestHash else {
            throw CatalogFailure(
                status: 422, code: .idempotencyKeyReused,
                message: "This idempotency key was used for a different charge: use a new key for a new charge.")
        }
        return response
    }

    private func storedResponse(account: String, key: String, db: Database) throws -> StoredResponse? {
        try Row.fetchOne(
            db,
            sql:
                "SELECT status_code, body, request_hash, charge_id, voided FROM idempotency_keys WHERE account_id = ? AND key = ?",
            arguments: [account, key]
        ).map { row in
            StoredResponse(
                status: row["status_code"], body: [UInt8](row["body"] as Data), requestHash: row["request_hash"],
                chargeID: row["charge_id"], keyVoided: row["voided"])
        }
    }

    typealias Pricing = (items: [ReceiptItem], amount: Int, fee: Int)

    /// The first run of a key: one read (replay? prices?), the card, one write.
    private func chargeOnce(body: [UInt8], requestHash: String, key: String, account: Account) async throws
        -> StoredResponse
    {
        let now = clock.now()
        let request = Result { try decode(ChargeRequest.self, from: body) }.mapError {
            $0 as? CatalogFailure ?? .badRequest("")
        }
        // One write transaction: replay check, prices, the card, the charge and its key
        // record. The writer is held for the HPKE open too (a fraction of a millisecond),
        // which saves the hand-offs of separate reads.
        let response = try await database.pool.write { db -> StoredResponse in
            if let stored = try self.storedResponse(account: account.id, key: key, db: db) { return stored }
            let encoder = APICoding.encoder()
            do {
                let request = try request.get()
                let pricing = try self.price(request, account: account, db: db, now: now)
                let binding = ChargeBinding(request: request, idempotencyKey: key, account: account.username)
                let draft = try self.draft(
                    request, binding: binding, pricing: pricing, account: account, db: db, now: now)
                let body = [UInt8](try encoder.encode(draft.receipt))
                try self.insert(draft, db: db)
                try db.cachedStatement(
                    sql: """
                        INSERT INTO idempotency_keys (account_id, key, request_hash, status_code, body, charge_id, created_at)
                        VALUES (?, ?, ?, 201, ?, ?, ?)
                        """
                ).execute(arguments: [
                    account.id, key, requestHash, Data(body), draft.receipt.id, now.timeIntervalSince1970,
                ])
                return StoredResponse(
                    status: 201, body: body, requestHash: requestHash, chargeID: draft.receipt.id, keyVoided: false)
            } catch let failure as CatalogFailure {
                let body = [UInt8](try encoder.encode(APIErrorBody(code: failure.code, message: failure.message)))
                try db.cachedStatement(
                    sql: """
                        INSERT INTO idempotency_keys (account_id, key, request_hash, status_code, body, created_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """
                ).execute(arguments: [
                    account.id, key, requestHash, failure.status, Data(body), now.timeIntervalSince1970,
                ])
                return StoredResponse(
                    status: failure.status, body: body, requestHash: requestHash, chargeID: nil, keyVoided: false)
            }
        }
        if let id = response.chargeID {
            logger.info("charge", metadata: ["id": "\(id)", "status": "\(response.status)"])
        }
        return response
    }

    struct ChargeDraft {
        var receipt: Receipt
        var accountID: String
        var fingerprint: String
    }

    private func draft(
        _ request: ChargeRequest, binding: ChargeBinding, pricing: Pricing, account: Account, db: Database, now: Date
    ) throws -> ChargeDraft {
        let card = try openCard(request.card, binding: binding, db: db, now: now)
        defer { card.number.digits.wipe() }
        let (year, month) = EasternCalendar.month(of: now)
        let decision = processor.authorize(
            number: card.number, expiry: card.expiry, today: YearMonth(year: year, month: month)!)
        let fingerprint = card.number.digits.withBytes { bytes in
            Hex.string(HMAC<SHA256>.authenticationCode(for: bytes, using: fingerprintKey))
        }
        let status: ChargeStatus
        var authorization: String?
        var declineReason: String?
        switch decision {
        case .approved(let code):
            status = .approved
            authorization = code
        case .declined(let reason):
            status = .declined
            declineReason = reason
        }
        let receipt = Receipt(
            id: "ch_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20),
            school: request.school, status: status, declineReason: declineReason, amountCents: pricing.amount,
            feeCents: pricing.fee, totalCents: pricing.amount + pricing.fee,
            brand: card.number.isNumeric ? card.number.brand.rawValue : "unknown", last4: card.number.last4,
            authorizationCode: authorization, entry: request.entry, items: pricing.items, createdBy: account.username,
            createdAt: now, voidableUntil: EasternCalendar.voidDeadline(for: now), voidedAt: nil)
        return ChargeDraft(receipt: receipt, accountID: account.id, fingerprint: fingerprint)
    }

    private func price(_ request: ChargeRequest, account: Account, db: Database, now: Date) throws -> Pricing {
        guard account.mayUse(school: request.school) else {
            throw CatalogFailure.forbidden("This account does not sell for that school.")
        }
        guard !request.items.isEmpty, request.items.count <= 20 else {
            throw CatalogFailure.badRequest("A charge needs 1 to 20 items.")
        }
        var items: [ReceiptItem] = []
        var amount = 0
        for item in request.items {
            guard (1...100).contains(item.quantity) else {
                throw CatalogFailure.badRequest("Quantity must be between 1 and 100.")
            }
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT name, price_cents, minimum_cents, maximum_cents, starts_at, ends_at, requires_student_id, swipe_allowed
                        FROM products WHERE id = ? AND school_id = ?
                        """, arguments: [item.product, request.school])
            else { throw CatalogFailure.notFound("No such product at this school: reload the product list.") }
            let name: String = row["name"]
            let startsAt: Double = row["starts_at"]
            let endsAt: Double = row["ends_at"]
            let nowSeconds = now.timeIntervalSince1970
            guard startsAt <= nowSeconds, nowSeconds <= endsAt, !(row["requires_student_id"] as Bool),
                row["swipe_allowed"] as Bool
            else {
                throw CatalogFailure(
                    status: 422, code: .productNotAvailable,
                    message: "\(name) cannot be sold by swipe now: reload the product list.")
            }
            let unit: Int
            if let fixed: Int = row["price_cents"] {
                guard item.priceCents == nil || item.priceCents == fixed else {
                    throw CatalogFailure(
                        status: 422, code: .invalidPrice, message: "\(name) has a fixed price of \(fixed) cents.")
                }
                unit = fixed
            } else {
                let low: Int = row["minimum_cents"] ?? 1
                let high: Int = row["maximum_cents"] ?? 1_000_000
                guard let asked = item.priceCents, (low...high).contains(asked) else {
                    throw CatalogFailure(
                        status: 422, code: .invalidPrice,
                        message: "\(name) needs a price between \(low) and \(high) cents.")
                }
                unit = asked
            }
            items.append(ReceiptItem(product: item.product, name: name, quantity: item.quantity, unitCents: unit))
            amount += unit * item.quantity
        }
        guard
            let fees = try Row.fetchOne(
                db,
                sql:
                    "SELECT fee_flat_cents, fee_basis_points, max_charge_cents, max_item_cents FROM schools WHERE id = ?",
                arguments: [request.school])
        else { throw CatalogFailure.notFound("No such school.") }
        let maxItem: Int = fees["max_item_cents"]
        let maxCharge: Int = fees["max_charge_cents"]
        if let item = items.first(where: { $0.unitCents > maxItem }) {
            throw CatalogFailure(
                status: 422, code: .amountOverLimit,
                message:
                    "\(item.name) at \(item.unitCents) cents is over this school's limit of \(maxItem) cents per item.")
        }
        guard amount <= maxCharge else {
            throw CatalogFailure(
                status: 422, code: .amountOverLimit,
                message: "\(amount) cents is over this school's limit of \(maxCharge) cents per charge: split the sale."
            )
        }
        let flat: Int = fees["fee_flat_cents"]
        let basisPoints: Int = fees["fee_basis_points"]
        let fee = flat + (amount * basisPoints + 5_000) / 10_000
        return (items, amount, fee)
    }

    /// The card inside a sealed payload: number and expiry, from track 2, track 1 or keyed entry.
    ///
    /// Opened only for the charge it was sealed for (`binding`, authenticated by HPKE),
    /// only while fresh, and only once.
    private func openCard(_ sealed: SealedCard, binding: ChargeBinding, db: Database, now: Date) throws -> (
        number: CardNumber, expiry: YearMonth?
    ) {
        let unreadable = CatalogFailure(
            status: 422, code: .cardUnreadable,
            message: "The card data could not be read for this charge: swipe the card again.")
        guard sealed.keyID == opener.keyID else {
            throw CatalogFailure(
                status: 422, code: .cardUnreadable,
                message: "The card was sealed to an old key: fetch /v1/card-key again and swipe again.")
        }
        guard binding.isFresh(at: now) else {
            logger.warning("stale sealed card refused", metadata: ["school": "\(binding.school)"])
            throw CatalogFailure(
                status: 422, code: .cardDataExpired,
                message: "The card data is more than 5 minutes old (or the device clock is wrong): swipe again.")
        }
        guard let encapsulated = Data(base64Encoded: sealed.encapsulatedKey),
            let ciphertext = Data(base64Encoded: sealed.ciphertext),
            ciphertext.count <= 4_096,
            // Straight into the wipeable buffer: no other reference to the opened bytes survives.
            let bytes =
                (try? opener.open(
                    encapsulatedKey: encapsulated, ciphertext: ciphertext, authenticating: binding.authenticatedData))
                .map(SensitiveBytes.init)
        else { throw unreadable }
        defer { bytes.wipe() }
        try recordOpened(encapsulated, now: now, db: db)
        guard let payload = CardPayload.decode(bytes) else { throw unreadable }
        defer { payload.wipe() }
        if let pan = payload.pan {
            return (CardNumber(digits: SensitiveBytes(pan.bytes)), payload.expiry.flatMap { YearMonth(stripe: $0) })
        }
        for characters in [payload.track2, payload.track1] {
            guard let characters, let track = try? TrackData(characters: SensitiveBytes(characters.bytes)) else {
                continue
            }
            defer { track.wipe() }
            if let fields = CardFields.parse(track) {
                fields.discretionary.wipe()
                return (fields.number, fields.expiry)
            }
        }
        throw unreadable
    }

    /// Remembers a sealed card as opened, refusing one opened before. Only the last
    /// ``ChargeBinding/maximumAge`` (and skew) is kept: older cards are refused as stale anyway.
    private func recordOpened(_ encapsulatedKey: Data, now: Date, db: Database) throws {
        let digest = Hex.string(SHA256.hash(data: encapsulatedKey))
        let horizon = now.timeIntervalSince1970 - ChargeBinding.maximumAge - ChargeBinding.maximumSkew
        try db.cachedStatement(sql: "DELETE FROM opened_cards WHERE opened_at < ?").execute(arguments: [horizon])
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM opened_cards WHERE digest = ?", arguments: [digest]) == true {
            logger.warning("sealed card replayed", metadata: ["digest": "\(digest.prefix(12))"])
            throw CatalogFailure(
                status: 422, code: .cardDataReused,
                message: "This card data was already used for a charge: swipe the card again.")
        }
        try db.cachedStatement(sql: "INSERT INTO opened_cards (digest, opened_at) VALUES (?, ?)").execute(
            arguments: [digest, now.timeIntervalSince1970])
    }

    private func insert(_ draft: ChargeDraft, db: Database) throws {
        let receipt = draft.receipt
        try db.cachedStatement(
            sql: """
                INSERT INTO charges (id, school_id, account_id, status, decline_reason, amount_cents, fee_cents, total_cents,
                brand, last4, fingerprint, authorization_code, entry, created_at, voidable_until, day)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            receipt.id, receipt.school, draft.accountID, receipt.status.rawValue, receipt.declineReason,
            receipt.amountCents, receipt.feeCents, receipt.totalCents, receipt.brand, receipt.last4,
            draft.fingerprint,
            receipt.authorizationCode, receipt.entry.rawValue, receipt.createdAt.timeIntervalSince1970,
            receipt.voidableUntil.timeIntervalSince1970, EasternCalendar.dayString(receipt.createdAt),
        ])
        for (line, item) in receipt.items.enumerated() {
            try db.cachedStatement(
                sql:
                    "INSERT INTO charge_items (charge_id, line, product_id, name, quantity, unit_cents) VALUES (?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [receipt.id, line, item.product, item.name, item.quantity, item.unitCents])
        }
    }

    // MARK: Voids

    func void(chargeID: String, account: Account) async throws -> Receipt {
        let now = clock.now()
        return try await database.pool.write { db in
            guard let receipt = try self.receipt(id: chargeID, db: db), account.mayUse(school: receipt.school) else {
                throw CatalogFailure.notFound("No such charge.")
            }
            if account.role == .generic {
                let owner = try String.fetchOne(
                    db, sql: "SELECT account_id FROM charges WHERE id = ?", arguments: [chargeID])
                guard owner == account.id else {
                    throw CatalogFailure.forbidden("Volunteers can void only their own charges: ask the bookkeeper.")
                }
            }
            return try self.voidCharge(receipt, now: now, db: db)
        }
    }

    private func voidCharge(_ receipt: Receipt, now: Date, db: Database) throws -> Receipt {
        switch receipt.status {
        case .voided: return receipt
        case .declined:
            throw CatalogFailure(
                status: 409, code: .notVoidable, message: "A declined charge took no money: there is nothing to void.")
        case .approved:
            guard now < receipt.voidableUntil else {
                throw CatalogFailure(
                    status: 409, code: .voidWindowClosed,
                    message:
                        "The charge settled at midnight Eastern time: it can no longer be voided; issue a refund instead."
                )
            }
            try db.execute(
                sql: "UPDATE charges SET status = 'voided', voided_at = ? WHERE id = ?",
                arguments: [now.timeIntervalSince1970, receipt.id])
            logger.info("void", metadata: ["id": "\(receipt.id)"])
            var voided = receipt
            voided.status = .voided
            voided.voidedAt = now
            return voided
        }
    }

    func voidByKey(_ key: String, account: Account) async throws -> VoidByKeyResponse {
        let scope = account.id + "\u{0}" + key
        let now = clock.now()
        let box = ReceiptBox()
        let response = try await coordinator.perform(scope: scope, kind: .voidByKey) {
            let voided = try await self.database.pool.write { db -> Receipt? in
                if let row = try Row.fetchOne(
                    db, sql: "SELECT charge_id FROM idempotency_keys WHERE account_id = ? AND key = ?",
                    arguments: [account.id, key])
                {
                    if let chargeID: String = row["charge_id"], let receipt = try self.receipt(id: chargeID, db: db) {
                        return receipt.status == .approved ? try self.voidCharge(receipt, now: now, db: db) : receipt
                    }
                    return nil
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO idempotency_keys (account_id, key, request_hash, status_code, body, voided, created_at)
                            VALUES (?, ?, '', 409, x'', 1, ?)
                            """, arguments: [account.id, key, now.timeIntervalSince1970])
                    return nil
                }
            }
            box.receipt = voided
            return StoredResponse(status: 200, body: [], requestHash: "", chargeID: voided?.id, keyVoided: true)
        }
        if box.receipt == nil, let chargeID = response.chargeID {
            // Another void-by-key for this key did the work: report its charge.
            box.receipt = try await database.pool.read { db in try self.receipt(id: chargeID, db: db) }
        }
        return VoidByKeyResponse(receipt: box.receipt)
    }

    /// Carries the receipt out of a coordinated run.
    private final class ReceiptBox: @unchecked Sendable {
        var receipt: Receipt?
    }

    // MARK: Reports

    func charges(school: String, day: String, account: Account) async throws -> ChargeList {
        guard account.mayUse(school: school) else {
            throw CatalogFailure.forbidden("This account does not sell for that school.")
        }
        let receipts = try await database.pool.read { db in
            let ids: [String]
            if account.role == .bookkeeper {
                ids = try String.fetchAll(
                    db, sql: "SELECT id FROM charges WHERE school_id = ? AND day = ? ORDER BY created_at",
                    arguments: [school, day])
            } else {
                ids = try String.fetchAll(
                    db,
                    sql:
                        "SELECT id FROM charges WHERE school_id = ? AND day = ? AND account_id = ? ORDER BY created_at",
                    arguments: [school, day, account.id])
            }
            return try ids.compactMap { try self.receipt(id: $0, db: db) }
        }
        return ChargeList(date: day, charges: receipts)
    }

    func dailyReport(school: String, day: String, account: Account) async throws -> DailyReport {
        guard account.role == .bookkeeper else {
            throw CatalogFailure.forbidden("Daily reports are for the bookkeeper.")
        }
        guard account.mayUse(school: school) else {
            throw CatalogFailure.forbidden("This account does not sell for that school.")
        }
        return try await database.pool.read { db in
            let lines = try Row.fetchAll(
                db,
                sql: """
                    SELECT charge_items.product_id, charge_items.name, charges.status,
                    SUM(charge_items.quantity) AS quantity, SUM(charge_items.quantity * charge_items.unit_cents) AS amount
                    FROM charge_items JOIN charges ON charges.id = charge_items.charge_id
                    WHERE charges.school_id = ? AND charges.day = ?
                    GROUP BY charge_items.product_id, charge_items.name, charges.status ORDER BY charge_items.name, charges.status
                    """, arguments: [school, day]
            ).map { row in
                ReportLine(
                    product: row["product_id"], name: row["name"],
                    status: ChargeStatus(rawValue: row["status"]) ?? .declined,
                    quantity: row["quantity"], amountCents: row["amount"])
            }
            let totals = try Row.fetchAll(
                db,
                sql: """
                    SELECT status, COUNT(*) AS count, SUM(amount_cents) AS amount, SUM(fee_cents) AS fee, SUM(total_cents) AS total
                    FROM charges WHERE school_id = ? AND day = ? GROUP BY status ORDER BY status
                    """, arguments: [school, day]
            ).map { row in
                ReportTotal(
                    status: ChargeStatus(rawValue: row["status"]) ?? .declined, count: row["count"],
                    amountCents: row["amount"],
                    feeCents: row["fee"], totalCents: row["total"])
            }
            return DailyReport(date: day, school: school, lines: lines, totals: totals)
        }
    }

    private func receipt(id: String, db: Database) throws -> Receipt? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT charges.*, accounts.username FROM charges JOIN accounts ON accounts.id = charges.account_id
                    WHERE charges.id = ?
                    """, arguments: [id])
        else { return nil }
        let items = try Row.fetchAll(
            db,
            sql: "SELECT product_id, name, quantity, unit_cents FROM charge_items WHERE charge_id = ? ORDER BY line",
            arguments: [id]
        ).map {
            ReceiptItem(
                product: $0["product_id"], name: $0["name"], quantity: $0["quantity"], unitCents: $0["unit_cents"])
        }
        let voidedAt: Double? = row["voided_at"]
        return Receipt(
            id: row["id"], school: row["school_id"], status: ChargeStatus(rawValue: row["status"]) ?? .declined,
            declineReason: row["decline_reason"], amountCents: row["amount_cents"], feeCents: row["fee_cents"],
            totalCents: row["total_cents"], brand: row["brand"], last4: row["last4"],
            authorizationCode: row["authorization_code"], entry: EntryMode(rawValue: row["entry"]) ?? .swipe,
            items: items,
            createdBy: row["username"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
            voidableUntil: Date(timeIntervalSince1970: row["voidable_until"]),
            voidedAt: voidedAt.map { Date(timeIntervalSince1970: $0) })
    }

    func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws -> T {
        let value: T
        do {
            value = try APICoding.decoder().decode(type, from: Data(body))
        } catch {
            throw CatalogFailure.badRequest("The request body is not valid JSON for this endpoint.")
        }
        try TextFieldCheck.check(body)
        return value
    }
}
