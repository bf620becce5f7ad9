public import Foundation
import SwipeCatalogAPI

/// What the person at the table is told about one swipe. Never card data: the
/// card shows as its brand and last 4.
public struct SaleOutcome: Sendable, Codable, Equatable {
    /// How it ended.
    public enum Kind: String, Sendable, Codable {
        /// Paid.
        case approved
        /// Paid and voided at once: the bookkeeper's test charge.
        case voided
        /// The card was declined: use another card.
        case declined
        /// Not sent: the card, the sale or the station said no.
        case refused
        /// The charge could not be confirmed and was cancelled: swipe again.
        case notCompleted = "not_completed"
        /// The charge could not be confirmed and not yet cancelled: the station keeps trying.
        case unknown
        /// The same card again for the same sale: nothing more was charged.
        case duplicate
        /// The swipe gave no card: swipe again.
        case unreadable
        /// Kept while the catalog cannot be reached: sealed, signed and journaled, forwarded later.
        case stored
    }

    /// How it ended.
    public var kind: Kind
    /// One sentence for the volunteer.
    public var message: String
    /// `Visa ••••4242`, when a card was read.
    public var card: String?
    /// The journal's key for the sale, when one was written.
    public var key: String?
    /// The catalog's receipt id, when there is one.
    public var receipt: String?
    /// What the card paid, fee included, when known.
    public var totalCents: Int?
    /// When the swipe was heard.
    public var at: Date
    /// What it sounds like, on the Pi and on the console's phone (none for a duplicate swipe).
    public var tone: SaleTone? { SaleTone.for(kind) }

    /// Creates an outcome.
    public init(
        kind: Kind, message: String, card: String? = nil, key: String? = nil, receipt: String? = nil,
        totalCents: Int? = nil, at: Date
    ) {
        self.kind = kind
        self.message = message
        self.card = card
        self.key = key
        self.receipt = receipt
        self.totalCents = totalCents
        self.at = at
    }

    /// One line for logs and terminals: `APPROVED Visa ••••4242 $5.25 (receipt ch_...)`.
    public var line: String {
        var parts = [kind.rawValue.uppercased().replacingOccurrences(of: "_", with: " ")]
        if let card { parts.append(card) }
        if let totalCents { parts.append(Money.text(totalCents)) }
        parts.append("- " + message)
        if let receipt { parts.append("(receipt \(receipt))") }
        return parts.joined(separator: " ")
    }
}
