import SwipeCards
public import SwipeDecoding

/// Short readable lines about swipes, for people at a terminal.
public enum SwipeSummary {
    /// Lines describing `swipes` found in `source`.
    public static func lines(source: String, swipes: [DecodedSwipe], unmasked: Bool) -> [String] {
        lines(source: source, reports: swipes.map { SwipeReport($0, unmasked: unmasked) })
    }

    /// Lines describing the swipes of `reports` found in `source`.
    public static func lines(source: String, reports: [SwipeReport]) -> [String] {
        var lines = ["\(source): \(reports.count) swipe\(reports.count == 1 ? "" : "s")"]
        for (index, report) in reports.enumerated() {
            lines += swipeLines(report, number: index + 1)
        }
        return lines
    }

    /// The lines of one swipe, numbered `number`.
    public static func swipeLines(_ report: SwipeReport, number: Int) -> [String] {
        var lines: [String] = []
        let span = "\(format(report.start))-\(format(report.end)) s"
        let tracks = report.tracks.map { track in
            let name = track.format == .iata ? "track 1" : "track 2"
            let health =
                track.parityErrors == 0 && track.lrcOK
                ? "ok"
                : track.lrcOK ? "ok, \(track.corrected) repaired" : "\(track.parityErrors) parity errors"
            return "\(name) \(health)"
        }.joined(separator: ", ")
        let direction = report.direction.map { " \($0.rawValue)" } ?? ""
        lines.append(
            "  #\(number) \(span) channel \(report.channels.map(String.init).joined(separator: "+"))\(direction): \(tracks.isEmpty ? "no track read" : tracks)"
        )
        if let card = report.card {
            let brand =
                card.brand.map { $0 == .unknown ? "Unknown brand" : CardBrand(rawValue: $0.rawValue)!.displayName }
                ?? "?"
            let expiry = card.expiry.flatMap { YearMonth(stripe: $0) }.map { "exp \($0)" } ?? "no expiry"
            lines.append("     \(brand) \(card.pan) \(expiry) \(card.accepted ? "ACCEPTED" : "REFUSED")")
        }
        for problem in report.problems { lines.append("     - \(problem.message)") }
        for note in report.card?.notes ?? [] { lines.append("     note: \(note)") }
        return lines
    }

    private static func format(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
