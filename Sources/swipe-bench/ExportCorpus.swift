import ArgumentParser
import Foundation
import SwipeSynthesis
import WAVFile

/// Writes the main table's recordings as WAV files, one per condition, so that `swipe decode`
/// can be timed on the whole corpus as a user runs it. The cards are generated for the run
/// (never real numbers); keep the files out of the repository all the same.
struct ExportCorpus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the decode table's recordings into a folder as WAV files.")

    @Argument(help: "Output folder (created if missing).")
    var folder: String

    @Option(help: "Swipes per condition (the same recordings as `decode` with this value).")
    var perCondition = 20

    func run() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var seconds = 0.0
        var swipes = 0
        for (index, condition) in Corpus.conditions().enumerated() {
            let (recording, cards) = condition.render(
                count: perCondition, seed: CorpusBenchmark.mainTableSeed(index))
            let bytes = WAVWriter.bytes(
                samples: recording.samples, sampleRate: Int(recording.sampleRate),
                channelCount: recording.channelCount)
            let name = condition.name.map { $0.isLetter || $0.isNumber ? $0 : "-" }
            let path = "\(folder)/\(String(format: "%02d", index))-\(String(name)).wav"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            seconds += recording.duration
            swipes += cards.count
        }
        print("\(Corpus.conditions().count) files, \(Int(seconds)) s of audio, \(swipes) swipes in \(folder)")
    }
}
