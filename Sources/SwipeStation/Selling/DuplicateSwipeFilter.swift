import Foundation

/// Tells a second swipe of the same card for the same sale, a few seconds after
/// the first, from a new sale: a nervous double swipe must not pay twice.
///
/// Cards are known by a keyed fingerprint only (``CardFingerprint``), never by
/// their number. Pure state, tested alone.
struct DuplicateSwipeFilter {
    /// What the last charged swipe was.
    struct Charged: Equatable {
        var card: CardFingerprint
        var sale: ArmedSale.ID
        var at: ContinuousClock.Instant
        /// What the volunteer was told the first time.
        var summary: String
    }

    /// How long a second swipe counts as the same one.
    let window: Duration
    private var recent: [Charged] = []

    init(window: Duration) { self.window = window }

    /// The earlier charge `card` repeats for `sale`, if it is within the window.
    mutating func repeated(card: CardFingerprint, sale: ArmedSale.ID, at now: ContinuousClock.Instant) -> Charged? {
        recent.removeAll { now - $0.at > window }
        return recent.last { $0.card == card && $0.sale == sale }
    }

    /// The earlier charge of `card` for any sale within the window (a console sale already paid and disarmed).
    mutating func recent(card: CardFingerprint, at now: ContinuousClock.Instant) -> Charged? {
        recent.removeAll { now - $0.at > window }
        return recent.last { $0.card == card }
    }

    /// Remembers a charge that took (or may have taken) money.
    mutating func charged(card: CardFingerprint, sale: ArmedSale.ID, at now: ContinuousClock.Instant, summary: String) {
        recent.append(Charged(card: card, sale: sale, at: now, summary: summary))
        if recent.count > 64 { recent.removeFirst(recent.count - 64) }
    }
}

extension ArmedSale {
    /// An armed sale's identity.
    typealias ID = Foundation.UUID
}
