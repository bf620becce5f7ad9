import SwipeCatalogAPI
import SwipeCatalogClient

/// What a charge's result means for its sale: what the volunteer is told, what the journal
/// records, what the metrics count, and what the station does next. A pure function of the
/// result: no journal, no network, no clock.
struct ChargeVerdict: Equatable, Sendable {
    /// What the station does after the verdict.
    enum FollowUp: Equatable, Sendable {
        /// Nothing more.
        case none
        /// The catalog stopped answering: it is marked unreachable until it answers again.
        case catalogLost(String)
        /// The catalog no longer knows the station's session: sign in again.
        case signedOut
    }

    /// What the volunteer sees.
    var kind: SaleOutcome.Kind
    /// What the journal records; `pending` leaves the sale to be settled by its key.
    var status: JournalSale.Status
    /// The charge's outcome as `swipe_charges_total` counts it.
    var metric: String
    /// One sentence for the volunteer.
    var message: String
    /// The journal's note, when it differs from the volunteer's sentence.
    var journalNote: String?
    /// The receipt, when the catalog gave one that matched the sale.
    var receipt: Receipt?
    /// What the station does next.
    var followUp = FollowUp.none

    /// The verdict on a charge's `result` whose receipt, if any, matched the sale.
    static func of(_ result: Result<Receipt, any Error>) -> ChargeVerdict {
        switch result {
        case .success(let receipt):
            let approved = receipt.status == .approved
            return ChargeVerdict(
                kind: approved ? .approved : .declined, status: approved ? .approved : .declined,
                metric: approved ? "approved" : "declined",
                message: approved
                    ? "Approved."
                    : (receipt.declineReason.map(SafeText.clean) ?? "Declined by the card issuer: use another card."),
                receipt: receipt)
        case .failure(let error as CatalogClientError):
            return of(error)
        case .failure:
            return ChargeVerdict(
                kind: .unknown, status: .pending, metric: "unknown",
                message: "The charge was interrupted: do not swipe again. The station will settle it.")
        }
    }

    /// The verdict on a charge the catalog refused or could not confirm.
    static func of(_ error: CatalogClientError) -> ChargeVerdict {
        let words = VolunteerWords.charge(error)
        switch error {
        case .outcomeUnknown(voided: true):
            return ChargeVerdict(
                kind: .notCompleted, status: .notCompleted, metric: "not_completed", message: words,
                followUp: .catalogLost("no answer to a charge"))
        case .outcomeUnknown(voided: false):
            // Left pending: settling voids it by key as soon as the catalog answers.
            return ChargeVerdict(
                kind: .unknown, status: .pending, metric: "unknown", message: words,
                followUp: .catalogLost("no answer to a charge"))
        case .transport(let reason):
            // The charge itself was never sent (the card key could not be fetched).
            return ChargeVerdict(
                kind: .refused, status: .refused, metric: "refused", message: words, followUp: .catalogLost(reason))
        case .api(_, let code, _):
            return ChargeVerdict(
                kind: .refused, status: .refused, metric: "refused", message: words,
                followUp: code == .unauthorized ? .signedOut : .none)
        case .invalidResponse, .redirected:
            return ChargeVerdict(kind: .unknown, status: .pending, metric: "unknown", message: words)
        case .noRandomness:
            return ChargeVerdict(kind: .refused, status: .refused, metric: "refused", message: words)
        }
    }

    /// The verdict on a receipt that does not match the sale sent (`mismatches` says how): never
    /// approved; whatever its key made was voided (`voided`) or is left to be settled by its key.
    static func mismatched(_ mismatches: [String], voided: Bool) -> ChargeVerdict {
        ChargeVerdict(
            kind: voided ? .notCompleted : .unknown, status: voided ? .notCompleted : .pending, metric: "mismatched",
            message: voided
                ? "The charge could not be confirmed, so it was cancelled: no money was taken. Tell the operator."
                : "The charge could not be confirmed: the station will cancel it. Do not swipe again; tell the operator.",
            journalNote: "The catalog's receipt did not match the sale (\(mismatches.joined(separator: ", "))); voided."
        )
    }
}
