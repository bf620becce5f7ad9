public import Foundation

/// What a sealed card is bound to: the one charge it was sealed for.
///
/// Its bytes are the HPKE additional authenticated data of the sealed card, so
/// the server opens the card only for a request with the same idempotency key,
/// school, account, items and sealing time. A charge body captured on the wire
/// cannot be charged again under another key, by another account, for another
/// amount; and the server refuses a sealed card older than
/// ``ChargeBinding/maximumAge`` or one it has opened before.
public struct ChargeBinding: Sendable, Equatable {
    /// The charge's idempotency key.
    public var idempotencyKey: String
    /// School id.
    public var school: String
    /// The username of the account charging, as the catalog spells it (from the login answer).
    public var account: String
    /// The lines of the charge.
    public var items: [ChargeItem]
    /// When the card was sealed.
    public var sealedAt: Date
    /// A sale kept offline (``OfflineSales``): its card opens only with the station's signature.
    public var offline = false

    /// How old a sealed card may be when the server opens it.
    public static let maximumAge: TimeInterval = 5 * 60
    /// How far in the future a sealing time may be (clocks differ a little).
    public static let maximumSkew: TimeInterval = 60

    /// Creates a binding.
    public init(idempotencyKey: String, school: String, account: String, items: [ChargeItem], sealedAt: Date) {
        self.idempotencyKey = idempotencyKey
        self.school = school
        self.account = account
        self.items = items
        self.sealedAt = sealedAt
    }

    /// The binding of a charge request as the server receives it.
    public init(request: ChargeRequest, idempotencyKey: String, account: String) {
        self.init(
            idempotencyKey: idempotencyKey, school: request.school, account: account, items: request.items,
            sealedAt: request.card.sealedAt)
        offline = request.offline != nil
    }

    /// The additional authenticated data: one field a line, lengths first, so no two
    /// bindings give the same bytes.
    public var authenticatedData: Data {
        var text = "swipe-charge-v2\n"
        func field(_ name: String, _ value: String) {
            text += "\(name)=\(value.utf8.count):\(value)\n"
        }
        field("key", idempotencyKey)
        field("school", school)
        field("account", account.lowercased())
        for item in items {
            field("item", "\(item.product)*\(item.quantity)@\(item.priceCents.map(String.init) ?? "-")")
        }
        field("sealed-at", String(Int64(sealedAt.timeIntervalSince1970.rounded(.down))))
        if offline { field("offline", "1") }
        return Data(text.utf8)
    }

    /// Whether the sealing time is recent enough at `now`.
    public func isFresh(at now: Date) -> Bool {
        let age = now.timeIntervalSince(sealedAt)
        return age <= Self.maximumAge && age >= -Self.maximumSkew
    }
}
