/// The limits on sales kept while the catalog cannot be reached (``StationConfiguration/Offline``),
/// as a pure check: what a new sale would breach, given what already waits.
public struct OfflineLimits: Sendable, Equatable {
    /// A limit a sale would go over.
    public enum Breach: Sendable, Equatable {
        /// The sale is over `offline.maxSaleCents` (the limit).
        case sale(Int)
        /// With it, the sales waiting would be over `offline.maxTotalCents` (the limit).
        case total(Int)
        /// The card already has `offline.maxPerCard` sales waiting (the limit).
        case card(Int)
        /// The sale's total is not known (the catalog never said the school's prices).
        case unpriced
    }

    let settings: StationConfiguration.Offline

    /// The check for `settings`.
    public init(_ settings: StationConfiguration.Offline) { self.settings = settings }

    /// What keeping a sale of `totalCents` would breach, with `waitingCents` already waiting and
    /// `cardWaiting` sales of the same card waiting; `nil` when it may be kept.
    public func breach(totalCents: Int?, waitingCents: Int, cardWaiting: Int) -> Breach? {
        guard let totalCents else { return .unpriced }
        if totalCents > settings.maxSaleCents { return .sale(settings.maxSaleCents) }
        if cardWaiting >= settings.maxPerCard { return .card(settings.maxPerCard) }
        if waitingCents + totalCents > settings.maxTotalCents { return .total(settings.maxTotalCents) }
        return nil
    }
}
