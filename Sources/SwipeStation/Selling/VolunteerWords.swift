public import SwipeCatalogAPI
public import SwipeCatalogClient

/// What the person at the table is told when a sale does not go through: a short
/// sentence in plain words with what to do next. No exception names, addresses,
/// cents or machine codes: those go to the station's log.
public enum VolunteerWords {
    /// The catalog could not be reached before anything was sent.
    public static let catalogUnreachable =
        "Not charged: the school-payments server cannot be reached. Check the Wi-Fi, then try again in a moment."

    /// The journal could not be written, so no sale is sent.
    public static let journalUnwritable =
        "Not charged: the station cannot write its journal of sales. Tell the operator."

    /// No randomness for the sale's key.
    public static let noSecureKey = "Not charged: the station cannot make a secure sale key. Tell the operator."

    /// A product the school does not sell by swipe now (the page shows an old list).
    public static let productNotOnSale =
        "This product is not on sale by swipe now: reload the page and choose another one."

    /// The journal could not be read to find a sale.
    public static let journalUnreadable = "The station cannot read its journal of sales. Tell the operator."

    /// A void that did not go through, by why.
    public static func voidFailed(_ error: CatalogClientError?) -> String {
        switch error {
        case .api(_, .voidWindowClosed?, _)?:
            "Past midnight Eastern: this sale can no longer be voided. The bookkeeper refunds it in the admin."
        case .api(_, .notVoidable?, _)?:
            "This sale cannot be voided: it was not approved, or it is voided already. Check the Sales list."
        case .transport?, .outcomeUnknown?:
            "Not voided: the school-payments server cannot be reached. Check the Wi-Fi, then try again."
        default: "Not voided: the school-payments server refused. Tell the operator."
        }
    }

    /// The test charge was approved but could not be voided at once.
    public static let testChargeNotVoided =
        "Test charge approved, but it could not be voided now: void it from Today."

    /// A charge the catalog refused or could not confirm, in words.
    public static func charge(_ error: CatalogClientError) -> String {
        switch error {
        case .api(_, let code, _): refusal(code)
        case .transport:
            "Not charged: the school-payments server cannot be reached. Check the Wi-Fi, then swipe again."
        case .outcomeUnknown(voided: true):
            "The charge could not be confirmed, so it was cancelled: no money was taken. Swipe the card again."
        case .outcomeUnknown(voided: false):
            "Not confirmed yet: do not swipe again. The station will cancel the charge; the bookkeeper can check."
        case .invalidResponse, .redirected:
            "The school-payments server's answer cannot be trusted: do not swipe again. Tell the operator."
        case .noRandomness: noSecureKey
        }
    }

    /// The catalog said no, by its reason.
    static func refusal(_ code: APIErrorCode?) -> String {
        switch code {
        case .amountOverLimit?: "This sale is over the school's limit for one charge: split it into smaller sales."
        case .productNotAvailable?: "This product is not on sale now: choose another one."
        case .invalidPrice?: "The price is not allowed for this product: check it and try again."
        case .cardUnreadable?, .cardDataReused?, .cardDataExpired?: "The card could not be read safely: swipe it again."
        case .unauthorized?, .forbidden?:
            "Not charged: the station is signing in to the school-payments server again. Swipe again in a moment."
        case .invalidCredentials?, .tooManyAttempts?:
            "Not charged: the station cannot sign in to the school-payments server. Tell the operator."
        case .idempotencyKeyVoided?: "This sale was cancelled: nothing was charged. Swipe again."
        case .badRequest?, .notFound?, .idempotencyKeyRequired?, .idempotencyKeyReused?, .voidWindowClosed?,
            .notVoidable?, .payloadTooLarge?, .methodNotAllowed?, .internalError?, .stationUnknown?, .stationRevoked?,
            .offlineSignatureInvalid?, .offlineSaleExpired?, nil:
            "The school-payments server refused the sale: nothing was charged. Tell the operator."
        }
    }

    /// A sale kept offline: sealed and written to the journal, to be sent later.
    public static let stored =
        "Sale kept: it will be sent when the school-payments server is back. You can hand the card back."

    /// Offline, but the station never got what it needs to keep a sale (it has not signed in
    /// since it started, or its key is not enrolled).
    public static let offlineNotReady =
        "Not charged: the school-payments server cannot be reached and this station cannot keep sales yet. "
        + "Check the Wi-Fi."

    /// A kept sale the catalog refused as too old when it was forwarded (journal note).
    public static let keptExpired =
        "Kept offline too long, so the school-payments server refused it: nothing was charged. "
        + "The bookkeeper collects it."

    /// A kept sale the catalog refused for another reason when it was forwarded (journal note).
    public static let keptRefused =
        "Kept offline, then refused by the school-payments server: nothing was charged. The bookkeeper collects it."

    /// A sale the offline limits refuse, by which limit.
    public static func offlineRefusal(_ breach: OfflineLimits.Breach) -> String {
        switch breach {
        case .sale(let limit):
            "Not charged: while offline, one sale may be at most \(Money.text(limit)): split it into smaller sales."
        case .total(let limit):
            "Not charged: the sales waiting to be sent already reach \(Money.text(limit)), the most kept offline. "
                + "Wait for the Wi-Fi."
        case .card(let limit):
            "Not charged: this card already has \(limit) sale\(limit == 1 ? "" : "s") waiting to be sent. "
                + "Ask for another card."
        case .unpriced:
            "Not charged: offline, the station does not know this sale's total. Wait for the Wi-Fi."
        }
    }

    /// A sale over one of the school's limits, refused before the swipe.
    public static func overLimit(_ breach: SchoolPricing.LimitBreach) -> String {
        switch breach {
        case .item(let unit, let limit):
            "One item at \(Money.text(unit)) is over the school's limit of \(Money.text(limit)) an item: "
                + "choose another product."
        case .charge(let amount, let limit):
            "This sale comes to \(Money.text(amount)), over the school's limit of \(Money.text(limit)) for one charge: "
                + "split it into smaller sales."
        }
    }

    /// "Same card again", for a card swiped twice for one sale, by how its first swipe ended.
    public static func sameCardAgain(_ first: SaleOutcome) -> String {
        let amount = first.totalCents.map { ", \(Money.text($0))" } ?? ""
        switch first.kind {
        case .approved, .voided:
            return "Same card again: it was already approved\(amount). Nothing more was charged: hand the card back."
        case .declined: return "Same card again: it was declined a moment ago. Ask for another card."
        case .stored:
            return "Same card again: its sale is kept already\(amount). Nothing more was kept: hand the card back."
        default: return "Same card again: its charge is still being checked. Wait for the result."
        }
    }
}
