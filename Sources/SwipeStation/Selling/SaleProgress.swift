public import Foundation

/// A sale under way, for the person at the table: the card was read and is being
/// charged, so the screen says so at once (and "do not swipe again"). Never card
/// data: the card shows as its brand and last 4.
public struct SaleProgress: Sendable, Codable, Equatable {
    /// Where the sale is.
    public enum Stage: String, Sendable, Codable {
        /// The card was read and passed the station's checks; the catalog is being asked.
        case charging
    }

    /// Where the sale is.
    public var stage: Stage
    /// `Visa ••••4242`.
    public var card: String
    /// The items' price before any fee, when the station knows it.
    public var amountCents: Int?
    /// When the swipe was heard.
    public var at: Date

    /// Creates a progress report.
    public init(stage: Stage, card: String, amountCents: Int?, at: Date) {
        self.stage = stage
        self.card = card
        self.amountCents = amountCents
        self.at = at
    }
}
