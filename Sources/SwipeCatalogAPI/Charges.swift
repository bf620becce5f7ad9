public import Foundation

/// How the card reached the device.
public enum EntryMode: String, Codable, Sendable {
    /// The audio-jack reader.
    case swipe
    /// A USB reader.
    case usb
    /// Typed in by hand.
    case keyed
}

/// Card data sealed to the catalog's public key with HPKE.
///
/// Only the catalog can open it; no proxy, load balancer or log in between can read it.
public struct SealedCard: Codable, Sendable, Equatable {
    /// Identifier of the catalog key it was sealed to (from `GET /v1/card-key`).
    public var keyID: String
    /// HPKE encapsulated key, base64.
    public var encapsulatedKey: String
    /// HPKE ciphertext, base64.
    public var ciphertext: String
    /// When it was sealed (whole seconds); part of its ``ChargeBinding``.
    public var sealedAt: Date

    /// Creates a sealed card.
    public init(keyID: String, encapsulatedKey: String, ciphertext: String, sealedAt: Date) {
        self.keyID = keyID
        self.encapsulatedKey = encapsulatedKey
        self.ciphertext = ciphertext
        self.sealedAt = sealedAt
    }
}

/// One line of a charge.
public struct ChargeItem: Codable, Sendable, Equatable {
    /// Product id.
    public var product: String
    /// How many.
    public var quantity: Int
    /// Unit price in cents, for variable-price products only.
    public var priceCents: Int?

    /// Creates a line.
    public init(product: String, quantity: Int, priceCents: Int? = nil) {
        self.product = product
        self.quantity = quantity
        self.priceCents = priceCents
    }
}

/// `POST /v1/charges` body (with an `Idempotency-Key` header).
public struct ChargeRequest: Codable, Sendable, Equatable {
    /// School id.
    public var school: String
    /// What is bought.
    public var items: [ChargeItem]
    /// How the card was read.
    public var entry: EntryMode
    /// The card, sealed.
    public var card: SealedCard
    /// Present on a sale a station kept while the catalog could not be reached: the
    /// station's signature, which lets the catalog take a card sealed hours ago.
    public var offline: OfflineProof?

    /// Creates a request.
    public init(
        school: String, items: [ChargeItem], entry: EntryMode, card: SealedCard, offline: OfflineProof? = nil
    ) {
        self.school = school
        self.items = items
        self.entry = entry
        self.card = card
        self.offline = offline
    }
}

/// Outcome of a charge.
public enum ChargeStatus: String, Codable, Sendable {
    /// Authorised.
    case approved
    /// Refused by the processor; see `declineReason`.
    case declined
    /// Cancelled before settlement.
    case voided
}

/// What a charge produced: the receipt.
public struct Receipt: Codable, Sendable, Equatable {
    /// Charge id.
    public var id: String
    /// School id.
    public var school: String
    /// Current status.
    public var status: ChargeStatus
    /// Why the processor declined, in words a volunteer can pass on.
    public var declineReason: String?
    /// Sum of the items, in cents.
    public var amountCents: Int
    /// The school's processing fee, in cents.
    public var feeCents: Int
    /// Amount plus fee.
    public var totalCents: Int
    /// Card network.
    public var brand: String
    /// Last four digits of the card.
    public var last4: String
    /// Processor's authorisation code (approved charges).
    public var authorizationCode: String?
    /// How the card was read.
    public var entry: EntryMode
    /// The lines charged.
    public var items: [ReceiptItem]
    /// Account that made the charge.
    public var createdBy: String
    /// When the charge was made.
    public var createdAt: Date
    /// Last moment a void is possible: midnight America/New_York ending the charge's day.
    public var voidableUntil: Date
    /// When it was voided, if it was.
    public var voidedAt: Date?
    /// `true` for a sale a station kept offline and forwarded later: ``createdAt`` is the
    /// time of the swipe, ``receivedAt`` when the catalog took it.
    public var offline: Bool?
    /// When the catalog received a forwarded sale.
    public var receivedAt: Date?

    /// Creates a receipt.
    public init(
        id: String, school: String, status: ChargeStatus, declineReason: String?, amountCents: Int, feeCents: Int,
        totalCents: Int, brand: String, last4: String, authorizationCode: String?, entry: EntryMode,
        items: [ReceiptItem], createdBy: String, createdAt: Date, voidableUntil: Date, voidedAt: Date?
    ) {
        self.id = id
        self.school = school
        self.status = status
        self.declineReason = declineReason
        self.amountCents = amountCents
        self.feeCents = feeCents
        self.totalCents = totalCents
        self.brand = brand
        self.last4 = last4
        self.authorizationCode = authorizationCode
        self.entry = entry
        self.items = items
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.voidableUntil = voidableUntil
        self.voidedAt = voidedAt
    }
}

/// A line on a receipt.
public struct ReceiptItem: Codable, Sendable, Equatable {
    /// Product id.
    public var product: String
    /// Product name at the time of sale.
    public var name: String
    /// How many.
    public var quantity: Int
    /// Unit price in cents.
    public var unitCents: Int

    /// Creates a line.
    public init(product: String, name: String, quantity: Int, unitCents: Int) {
        self.product = product
        self.name = name
        self.quantity = quantity
        self.unitCents = unitCents
    }
}

/// `POST /v1/charges/void-by-key` body.
public struct VoidByKeyRequest: Codable, Sendable {
    /// The idempotency key of the charge whose outcome is unknown.
    public var idempotencyKey: String

    /// Creates a request.
    public init(idempotencyKey: String) { self.idempotencyKey = idempotencyKey }
}

/// `POST /v1/charges/void-by-key` answer.
public struct VoidByKeyResponse: Codable, Sendable {
    /// The voided charge, or `nil` when the key had created nothing (and now never will).
    public var receipt: Receipt?

    /// Creates an answer.
    public init(receipt: Receipt?) { self.receipt = receipt }
}

/// `GET /v1/schools/{school}/charges?date=`.
public struct ChargeList: Codable, Sendable {
    /// The day, `YYYY-MM-DD` in America/New_York.
    public var date: String
    /// Charges of that day, oldest first.
    public var charges: [Receipt]

    /// Creates the list.
    public init(date: String, charges: [Receipt]) {
        self.date = date
        self.charges = charges
    }
}

/// `GET /v1/schools/{school}/reports/daily?date=`.
public struct DailyReport: Codable, Sendable {
    /// The day, `YYYY-MM-DD` in America/New_York.
    public var date: String
    /// School id.
    public var school: String
    /// One line per product and status.
    public var lines: [ReportLine]
    /// Totals per status.
    public var totals: [ReportTotal]

    /// Creates a report.
    public init(date: String, school: String, lines: [ReportLine], totals: [ReportTotal]) {
        self.date = date
        self.school = school
        self.lines = lines
        self.totals = totals
    }
}

/// Sales of one product with one status.
public struct ReportLine: Codable, Sendable, Equatable {
    /// Product id.
    public var product: String
    /// Product name.
    public var name: String
    /// Charge status.
    public var status: ChargeStatus
    /// Units.
    public var quantity: Int
    /// Value of those units in cents.
    public var amountCents: Int

    /// Creates a line.
    public init(product: String, name: String, status: ChargeStatus, quantity: Int, amountCents: Int) {
        self.product = product
        self.name = name
        self.status = status
        self.quantity = quantity
        self.amountCents = amountCents
    }
}

/// All charges with one status.
public struct ReportTotal: Codable, Sendable, Equatable {
    /// Charge status.
    public var status: ChargeStatus
    /// Number of charges.
    public var count: Int
    /// Amounts, in cents.
    public var amountCents: Int
    /// Fees, in cents.
    public var feeCents: Int
    /// Amount plus fees, in cents.
    public var totalCents: Int

    /// Creates a total.
    public init(status: ChargeStatus, count: Int, amountCents: Int, feeCents: Int, totalCents: Int) {
        self.status = status
        self.count = count
        self.amountCents = amountCents
        self.feeCents = feeCents
        self.totalCents = totalCents
    }
}

/// `GET /v1/card-key`.
public struct CardKey: Codable, Sendable {
    /// Key identifier to quote in ``SealedCard/keyID``.
    public var keyID: String
    /// HPKE ciphersuite name.
    public var ciphersuite: String
    /// Public key, base64 (X9.63 for P-256).
    public var publicKey: String

    /// Creates a key description.
    public init(keyID: String, ciphersuite: String, publicKey: String) {
        self.keyID = keyID
        self.ciphersuite = ciphersuite
        self.publicKey = publicKey
    }
}
