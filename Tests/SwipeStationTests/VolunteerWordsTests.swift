import Foundation
import SwipeCatalogAPI
import SwipeCatalogClient
import Testing

@testable import SwipeStation

/// Every message a volunteer can see from a sale that did not go through is a short
/// sentence in plain words that says what to do: no exception names, addresses, cents
/// or machine codes.
@Suite("Words for the person at the table")
struct VolunteerWordsTests {
    /// Every error the catalog client can end a charge with.
    static var everyChargeError: [CatalogClientError] {
        var errors: [CatalogClientError] = [
            .transport("HTTPClientError.connectTimeout"), .transport("IOError: connection refused (errno: 111)"),
            .outcomeUnknown(voided: true), .outcomeUnknown(voided: false),
            .invalidResponse("/v1/charges answered with a body that does not match the API"),
            .redirected(status: 307, location: "http://evil.example/v1/charges"), .noRandomness("getentropy: EIO"),
            .api(status: 500, code: nil, message: "HTTP 500"),
        ]
        for code in APIErrorCode.allCases {
            errors.append(
                .api(
                    status: 422, code: code,
                    message: "150000 cents is over this school's limit of 100000 cents per charge (\(code.rawValue))"))
        }
        return errors
    }

    static var everyMessage: [String] {
        everyChargeError.map(VolunteerWords.charge) + [
            VolunteerWords.catalogUnreachable, VolunteerWords.journalUnwritable, VolunteerWords.noSecureKey,
            VolunteerWords.testChargeNotVoided,
            VolunteerWords.overLimit(.item(unitCents: 60_000, limitCents: 50_000)),
            VolunteerWords.productNotOnSale, VolunteerWords.journalUnreadable,
            VolunteerWords.voidFailed(.api(status: 409, code: .voidWindowClosed, message: "after midnight")),
            VolunteerWords.voidFailed(.api(status: 409, code: .notVoidable, message: "declined")),
            VolunteerWords.voidFailed(.transport("refused")), VolunteerWords.voidFailed(nil),
            VolunteerWords.overLimit(.charge(amountCents: 100_500, limitCents: 100_000)),
            VolunteerWords.stored, VolunteerWords.offlineNotReady, VolunteerWords.keptExpired,
            VolunteerWords.keptRefused, VolunteerWords.offlineRefusal(.sale(5_000)),
            VolunteerWords.offlineRefusal(.total(50_000)), VolunteerWords.offlineRefusal(.card(2)),
            VolunteerWords.offlineRefusal(.card(1)), VolunteerWords.offlineRefusal(.unpriced),
            VolunteerWords.sameCardAgain(
                SaleOutcome(kind: .approved, message: "Approved.", totalCents: 540, at: Date())),
            VolunteerWords.sameCardAgain(SaleOutcome(kind: .declined, message: "Declined.", at: Date())),
            VolunteerWords.sameCardAgain(SaleOutcome(kind: .unknown, message: "Checking.", at: Date())),
            VolunteerWords.sameCardAgain(SaleOutcome(kind: .stored, message: "Kept.", totalCents: 540, at: Date())),
        ]
    }

    @Test("no codes, addresses, cents or exception names; a sentence that ends with what to do")
    func plainWords() {
        let forbidden = ["_", "://", "cents", "Error", "HTTP", "(", "errno", "IOError", "ch_", "/v1"]
        for message in Self.everyMessage {
            for word in forbidden { #expect(!message.contains(word), "'\(word)' in: \(message)") }
            #expect(message.hasSuffix("."), "not a sentence: \(message)")
            #expect(message.count <= 130, "too long for a phone: \(message)")
        }
    }

    @Test("each refusal says what to do next")
    func whatToDo() {
        let actions = [
            "swipe", "Swipe", "tell the operator", "Tell the operator", "choose", "split", "check", "Check",
            "void it", "try again", "bookkeeper", "hand the card back", "Ask for another card", "Wait for",
        ]
        for message in Self.everyMessage {
            #expect(actions.contains { message.contains($0) }, "no next step in: \(message)")
        }
    }
}
