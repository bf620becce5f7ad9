import Foundation
import SwipeCards
import Testing

@testable import SwipeStation

@Suite("Duplicate swipes")
struct DuplicateSwipeFilterTests {
    let visa = CardFingerprint(CardNumber(digits: SensitiveBytes(utf8: WellKnownTestCard.visa)))
    let other = CardFingerprint(CardNumber(digits: SensitiveBytes(utf8: WellKnownTestCard.visa2)))

    @Test("same card, same sale, within the window: a repeat; another card, another sale or later: not")
    func window() {
        var filter = DuplicateSwipeFilter(window: .seconds(5))
        let sale = UUID()
        let start = ContinuousClock.now
        filter.charged(card: visa, sale: sale, at: start, summary: "APPROVED")
        #expect(filter.repeated(card: visa, sale: sale, at: start + .seconds(4)) != nil)
        #expect(filter.repeated(card: other, sale: sale, at: start + .seconds(1)) == nil)
        #expect(filter.repeated(card: visa, sale: UUID(), at: start + .seconds(1)) == nil)
        #expect(filter.repeated(card: visa, sale: sale, at: start + .seconds(6)) == nil)
    }

    @Test("fingerprints are keyed: equal for the same number, never the number itself")
    func fingerprint() {
        #expect(visa == CardFingerprint(CardNumber(digits: SensitiveBytes(utf8: WellKnownTestCard.visa))))
        #expect(visa != other)
        #expect(!"\(visa)".contains(WellKnownTestCard.visa))
    }
}
