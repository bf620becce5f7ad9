import Foundation
import SwipeCatalogAPI
import SwipeCatalogClient
import Testing

@testable import SwipeStation

/// From a charge's result to the sale's status: what the volunteer is told, what the journal
/// keeps, and what the station does next, case by case.
@Suite("Charge verdicts")
struct ChargeVerdictTests {
    static func receipt(_ status: ChargeStatus, declineReason: String? = nil) -> Receipt {
        Receipt(
            id: "ch_1", school: "lincoln-high", status: status, declineReason: declineReason, amountCents: 500,
            feeCents: 40, totalCents: 540, brand: "visa", last4: "4242", authorizationCode: nil, entry: .swipe,
            items: [], createdBy: "station", createdAt: Date(), voidableUntil: Date(), voidedAt: nil)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var result: Result<Receipt, any Error>
        var kind: SaleOutcome.Kind
        var status: JournalSale.Status
        var metric: String
        var followUp: ChargeVerdict.FollowUp
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "approved", result: .success(receipt(.approved)), kind: .approved, status: .approved,
            metric: "approved", followUp: .none),
        Case(
            name: "declined", result: .success(receipt(.declined, declineReason: "Insufficient funds.")),
            kind: .declined, status: .declined, metric: "declined", followUp: .none),
        Case(
            name: "no answer, voided by key", result: .failure(CatalogClientError.outcomeUnknown(voided: true)),
            kind: .notCompleted, status: .notCompleted, metric: "not_completed",
            followUp: .catalogLost("no answer to a charge")),
        Case(
            name: "no answer, not voided yet", result: .failure(CatalogClientError.outcomeUnknown(voided: false)),
            kind: .unknown, status: .pending, metric: "unknown", followUp: .catalogLost("no answer to a charge")),
        Case(
            name: "catalog unreachable before sending", result: .failure(CatalogClientError.transport("refused")),
            kind: .refused, status: .refused, metric: "refused", followUp: .catalogLost("refused")),
        Case(
            name: "session gone",
            result: .failure(CatalogClientError.api(status: 401, code: .unauthorized, message: "sign in")),
            kind: .refused, status: .refused, metric: "refused", followUp: .signedOut),
        Case(
            name: "over the limit",
            result: .failure(CatalogClientError.api(status: 422, code: .amountOverLimit, message: "150000 cents")),
            kind: .refused, status: .refused, metric: "refused", followUp: .none),
        Case(
            name: "an answer that cannot be trusted", result: .failure(CatalogClientError.invalidResponse("html")),
            kind: .unknown, status: .pending, metric: "unknown", followUp: .none),
        Case(
            name: "interrupted", result: .failure(CancellationError()), kind: .unknown, status: .pending,
            metric: "unknown", followUp: .none),
    ]

    @Test("each result of a charge gives its outcome, journal status, metric and follow-up", arguments: cases)
    func verdicts(_ example: Case) {
        let verdict = ChargeVerdict.of(example.result)
        #expect(verdict.kind == example.kind)
        #expect(verdict.status == example.status)
        #expect(verdict.metric == example.metric)
        #expect(verdict.followUp == example.followUp)
        // Words for a person: no cents, no codes, no exception names.
        #expect(!verdict.message.contains("cents") && !verdict.message.contains("Error"))
        #expect(!verdict.message.contains("_"))
    }

    @Test("an approved receipt's id and total go to the journal; a declined one's reason is told, cleaned")
    func receipts() {
        let approved = ChargeVerdict.of(.success(Self.receipt(.approved)))
        #expect(approved.receipt?.id == "ch_1" && approved.receipt?.totalCents == 540)
        let declined = ChargeVerdict.of(.success(Self.receipt(.declined, declineReason: "Do not honor.\u{1B}[31m")))
        #expect(declined.message.hasPrefix("Do not honor."))
        #expect(!declined.message.contains("\u{1B}"))
    }

    @Test("a receipt that does not match the sale is never approved: cancelled when voided, pending when not")
    func mismatched() {
        let voided = ChargeVerdict.mismatched(["amount"], voided: true)
        #expect(voided.kind == .notCompleted && voided.status == .notCompleted && voided.receipt == nil)
        #expect(voided.journalNote?.contains("amount") == true)
        let open = ChargeVerdict.mismatched(["amount"], voided: false)
        #expect(open.kind == .unknown && open.status == .pending)
    }
}
