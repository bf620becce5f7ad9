import Testing

@testable import SwipeStation

/// Five tones anyone at the table can tell apart, the same on the Pi and the phone.
@Suite("Sale tones")
struct SaleToneTests {
    @Test("approved, declined, refused, swipe again and kept offline sound different; a duplicate swipe is silent")
    func distinct() {
        let notes = SaleTone.allCases.map(\.notes)
        #expect(Set(notes).count == 5)
        #expect(SaleTone.for(.stored) == .kept)
        #expect(SaleTone.for(.approved) == .approved && SaleTone.for(.voided) == .approved)
        #expect(SaleTone.for(.declined) == .declined)
        #expect(SaleTone.for(.refused) == .refused && SaleTone.for(.unknown) == .refused)
        #expect(SaleTone.for(.unreadable) == .swipeAgain && SaleTone.for(.notCompleted) == .swipeAgain)
        #expect(SaleTone.for(.duplicate) == nil)
        for tone in SaleTone.allCases {
            #expect(tone.notes.allSatisfy { $0.count == 2 && $0[0] >= 0 && $0[1] > 0 })
            #expect(tone.notes.reduce(0) { $0 + $1[1] } < 1, "\(tone) is short")
        }
    }
}
