import ArgumentParser
import SwipeCards
import SwipeDecoding
import SwipeSynthesis

/// `swipe-bench chance`: how often random bits pass for a track, by rule.
struct ChanceReads: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chance",
        abstract: "Chance-read rates: random bit streams through the track parser, counted by the rule they pass.")

    @Option(help: "Random bit streams per format.")
    var streams = 1_000_000

    @Option(help: "Bits per stream (a swipe clocks 200 to 700).")
    var bits = 400

    func run() {
        var random = SeededRandom(seed: 42)
        let today = YearMonth(year: 2026, month: 11)!
        for format in TrackFormat.allCases {
            var unrepaired: [Int: Int] = [:]  // data characters -> count
            var repaired: [Int: Int] = [:]
            var accepted = 0
            var buffer = [UInt8](repeating: 0, count: bits)
            for _ in 0..<streams {
                for index in buffer.indices { buffer[index] = UInt8(random.next() & 1) }
                guard let readout = TrackParser(format: format).parse(buffer) else { continue }
                defer { readout.characters.wipe() }
                guard readout.complete, readout.lrcOK, readout.parityErrors == readout.corrected else { continue }
                let data = readout.characters.count - 2
                if readout.corrected == 0 { unrepaired[data, default: 0] += 1 } else { repaired[data, default: 0] += 1 }
                if readout.isValid, CardValidator().check([readout], today: today).accepted { accepted += 1 }
            }
            func atLeast(_ table: [Int: Int], _ minimum: Int) -> Int {
                table.filter { $0.key >= minimum }.values.reduce(0, +)
            }
            let perMillion = 1_000_000 / Double(streams)
            print("\(format) (\(streams) streams of \(bits) random bits), passing per million streams:")
            for minimum in [1, 3, 5, 8, 10, 12, 16, 20] {
                print(
                    "  >= \(minimum) data characters: unrepaired \(Double(atLeast(unrepaired, minimum)) * perMillion), "
                        + "repaired from the LRC \(Double(atLeast(repaired, minimum)) * perMillion)")
            }
            print("  accepted as a card under the current rules: \(Double(accepted) * perMillion)")
        }
    }
}
