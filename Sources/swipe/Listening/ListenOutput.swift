import ArgumentParser
import Foundation
import SwipeInput
import SwipeReports

/// Prints heard swipes as `swipe decode` prints recordings: the same JSON shape
/// (one object per swipe, `source` naming the reader) or the same readable lines.
struct ListenOutput {
    let json: Bool
    let unmasked: Bool
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()
    private var count = 0

    init(json: Bool, unmasked: Bool) {
        self.json = json
        self.unmasked = unmasked
    }

    /// Prints one swipe, unbuffered, so a pipe sees it at once.
    mutating func print(_ heard: HeardSwipe) {
        count += 1
        let report =
            switch heard.reading {
            case .audio(let swipe): SwipeReport(swipe, unmasked: unmasked)
            case .usb(let swipe, let check, let at): SwipeReport(swipe, card: check, at: at, unmasked: unmasked)
            }
        var warnings: [String] = []
        if case .usb(let swipe, _, _) = heard.reading { warnings = swipe.issues }
        if json {
            let line = FileReport(source: heard.source, swipes: [report], warnings: warnings)
            guard let encoded = try? encoder.encode(line) else { return }
            write([String(decoding: encoded, as: UTF8.self)])
        } else {
            let lines = SwipeSummary.swipeLines(report, number: count) + warnings.map { "     note: \($0)" }
            write(["\(heard.source): swipe \(count)"] + lines)
        }
    }

    private func write(_ lines: [String]) {
        FileHandle.standardOutput.write(Data(lines.map { $0 + "\n" }.joined().utf8))
    }
}
