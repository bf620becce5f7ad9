import ArgumentParser
import Foundation
import SwipeDecoding
import SwipeReports
import SwipeSynthesis

/// Decodes the synthesized corpus: decode rate by condition, real-time factor, peak memory.
struct CorpusBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode", abstract: "Decode-quality table and real-time factor over the synthesized corpus.")

    @Option(help: "Swipes per condition.")
    var perCondition = 20

    @Option(help: "Only conditions whose name contains this text.")
    var filter: String?

    @Option(
        help:
            "Decode each recording this many times (for profiling the decoder alone); the mean and each recording's fastest run are reported."
    )
    var repeats = 1

    @Flag(help: "Print the table as Markdown (for docs/performance.md).")
    var markdown = false

    @Option(help: "Tables to measure, comma-separated: main, events, cuts, hum, dropouts.")
    var tables = "main,events,cuts,hum,dropouts"

    private var selected: Set<String> { Set(tables.split(separator: ",").map(String.init)) }

    func run() throws {
        if selected.contains("main") { measureMainTable() }
        if selected.contains("events") { measureEventStream() }
        if selected.contains("cuts") { measureCuts() }
        if selected.contains("hum") { measureStrongHum() }
        if selected.contains("dropouts") { measureDropouts() }
        print("peak memory (VmHWM): \(peakMemoryKiB() / 1024) MiB")
    }

    /// The seed of the main table's `index`th condition (`export` writes the same recordings).
    static func mainTableSeed(_ index: Int) -> UInt64 { UInt64(index) &* 7919 &+ 1 }

    /// The main table: every condition's swipes, one after the other, in one recording each.
    private func measureMainTable() {
        var total = DecodeScore()
        var cpu = 0.0
        var fastestCPU = 0.0
        var rows: [(String, DecodeScore)] = []
        for (index, condition) in Corpus.conditions().enumerated() {
            if let filter, !condition.name.contains(filter) { continue }
            let (recording, cards) = condition.render(count: perCondition, seed: Self.mainTableSeed(index))
            var score = DecodeScore()
            var fastest = Double.infinity
            var sum = 0.0
            for _ in 0..<max(1, repeats) {
                let started = processCPUTime()
                score = DecodeScore.score(recording, cards: cards)
                let spent = processCPUTime() - started
                sum += spent
                fastest = min(fastest, spent)
            }
            cpu += sum / Double(max(1, repeats))
            fastestCPU += fastest
            total += score
            rows.append((condition.name, score))
            printRow(condition.name, score)
        }
        if markdown { printMarkdown(rows, columns: Corpus.inputs.map(\.0)) }
        let factor = total.audioSeconds / max(cpu, 1e-9)
        print("")
        print(
            "swipes: \(total.swipes), decoded: \(total.decoded) (\(percent(total.rate))), false accepts: \(total.falseAccepts)"
        )
        print(
            "audio: \(Int(total.audioSeconds)) s decoded in \(String(format: "%.2f", cpu)) s CPU: \(Int(factor))x real time (one core)"
        )
        if repeats > 1 {
            // The mean feels every hiccup of a shared machine; each recording's fastest run feels fewest.
            print(
                "fastest of \(repeats) runs a recording: \(String(format: "%.2f", fastestCPU)) s CPU: "
                    + "\(Int(total.audioSeconds / max(fastestCPU, 1e-9)))x real time"
            )
        }
    }

    /// Recordings of one swipe cut with little or no quiet before (or after) it.
    private func measureCuts() {
        var total = DecodeScore()
        var rows: [(String, DecodeScore)] = []
        for (index, condition) in Corpus.cutConditions().enumerated() {
            if let filter, !condition.name.contains(filter) { continue }
            let score = DecodeScore.score(condition, count: perCondition, seed: UInt64(index) &* 104_729 &+ 3)
            total += score
            rows.append((condition.name, score))
            printRow(condition.name, score)
        }
        print("")
        if markdown { printMarkdown(rows, columns: Corpus.cuts.map(\.0)) }
        print(
            "recordings cut before the swipe: \(total.swipes), decoded: \(total.decoded) (\(percent(total.rate))), "
                + "false accepts: \(total.falseAccepts)")
    }

    /// Hum as strong as the swipe or stronger, with harmonics and drift; one recording per
    /// condition, as in the main table.
    private func measureStrongHum() {
        let (total, cpu) = measureTable(
            Corpus.humConditions(), columns: Corpus.humInputs.map(\.0), seed: { UInt64($0) &* 6_007 &+ 11 })
        print(
            "strong hum: \(total.swipes) swipes, decoded: \(total.decoded) (\(percent(total.rate))), "
                + "false accepts: \(total.falseAccepts) (numbers never swiped: \(total.misreads)), "
                + "\(Int(total.audioSeconds / max(cpu, 1e-9)))x real time")
    }

    /// Weak spots on the stripe: one recording per condition, as in the main table.
    private func measureDropouts() {
        let (total, _) = measureTable(
            Corpus.dropoutConditions(), columns: Corpus.dropouts.map(\.0), seed: { UInt64($0) &* 4_099 &+ 5 })
        print(
            "dropouts: \(total.swipes) swipes, decoded: \(total.decoded) (\(percent(total.rate))), "
                + "false accepts: \(total.falseAccepts)")
    }

    /// Scores one recording per condition (the `index`th rendered with `seed(index)`), prints
    /// the rows and the table; returns the total and the CPU seconds the decoding took.
    private func measureTable(
        _ conditions: [SwipeCondition], columns: [String], seed: (Int) -> UInt64
    ) -> (DecodeScore, Double) {
        var total = DecodeScore()
        var cpu = 0.0
        var rows: [(String, DecodeScore)] = []
        for (index, condition) in conditions.enumerated() {
            if let filter, !condition.name.contains(filter) { continue }
            let (recording, cards) = condition.render(count: perCondition, seed: seed(index))
            let started = processCPUTime()
            let score = DecodeScore.score(recording, cards: cards)
            cpu += processCPUTime() - started
            total += score
            rows.append((condition.name, score))
            printRow(condition.name, score)
        }
        print("")
        if markdown { printMarkdown(rows, columns: columns) }
        return (total, cpu)
    }

    /// One condition's line, unless the tables are printed as Markdown.
    private func printRow(_ name: String, _ score: DecodeScore) {
        guard !markdown else { return }
        let falseAccepts = score.falseAccepts > 0 ? " FALSE ACCEPTS \(score.falseAccepts)" : ""
        print("\(name): \(score.decoded)/\(score.swipes)\(falseAccepts)")
    }

    /// One row per heads + rate, one column per input (or cut).
    private func printMarkdown(_ rows: [(String, DecodeScore)], columns inputs: [String]) {
        print("| reader, rate | " + inputs.joined(separator: " | ") + " |")
        print("|---|" + String(repeating: "---|", count: inputs.count))
        var byGroup: [(String, [String: DecodeScore])] = []
        for (name, score) in rows {
            guard let input = inputs.first(where: { name.hasSuffix(" " + $0) }) else { continue }
            let group = String(name.dropLast(input.count + 1))
            if byGroup.last?.0 != group { byGroup.append((group, [:])) }
            byGroup[byGroup.count - 1].1[input] = score
        }
        for (group, scores) in byGroup {
            let cells = inputs.map { input in scores[input].map { "\($0.decoded)/\($0.swipes)" } ?? "-" }
            print("| \(group) | " + cells.joined(separator: " | ") + " |")
        }
    }

    private func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    /// Event-like streams: for each reader (track 2, track 1, dual head) and rate, five
    /// minutes with a swipe every 20 s, hands and directions drawn from the corpus.
    private func measureEventStream() {
        var random = SeededRandom(seed: 2026)
        var audio = 0.0
        var cpu = 0.0
        var swipes = 0
        var decoded = 0
        for condition in Corpus.conditions() where condition.name.hasSuffix(" typical") {
            var recipes: [SwipeRecipe] = []
            var cards: [TestCard] = []
            for _ in 0..<15 {
                let card = TestCard.random(brand: Bool.random(using: &random) ? .visa : .mastercard, using: &random)
                cards.append(card)
                recipes.append(condition.recipe(for: card, random: &random))
            }
            let recording = SwipeSynthesizer(
                sampleRate: condition.sampleRate, channelCount: condition.channelCount,
                impairments: condition.impairments
            ).render(recipes, gap: 19.5, seed: random.next())
            let started = processCPUTime()
            let score = DecodeScore.score(recording, cards: cards)
            cpu += processCPUTime() - started
            audio += recording.duration
            swipes += score.swipes
            decoded += score.decoded
        }
        print(
            "event streams: \(Int(audio)) s, 12 readers and rates, \(swipes) swipes, \(decoded) decoded, "
                + "in \(String(format: "%.2f", cpu)) s CPU: \(Int(audio / cpu))x real time")
    }
}

/// CPU time of this process in seconds.
func processCPUTime() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
}

/// Peak resident memory in KiB, from /proc.
func peakMemoryKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
    return 0
}
