import ArgumentParser
import Foundation
import SwipeCards
import SwipeDecoding
import SwipeReports
import WAVFile

/// `swipe decode`: reads card swipes from WAV recordings.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode card swipes from WAV recordings.",
        discussion: """
            Reads PCM (8/16/24/32-bit integer, 32/64-bit float) WAV files, mono to 8 channels (each channel one \
            head: a dual-head reader is stereo), at 8 to 192 kHz.
            Exit status: 0 when every file gave an accepted card, 1 otherwise, 2 for usage or file errors.
            """
    )

    @Flag(help: "Print one JSON object per file, one line each.")
    var json = false

    @Flag(help: "Show whole card numbers (bring-up with test cards only).")
    var unmasked = false

    @Argument(help: "WAV files to decode.")
    var files: [String]

    func run() throws {
        if unmasked {
            printError("warning: --unmasked shows whole card numbers; use it with test cards only")
        }
        let decoder = RecordingDecoder(today: .current())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        var allAccepted = true
        var fileErrors = false
        for file in files {
            // Streamed a megabyte at a time: memory stays bounded on a file of any length.
            let result: RecordingDecoder.FileResult
            do {
                result = try decoder.decode(contentsOf: file)
            } catch {
                printError("\(file): \(error)")
                fileErrors = true
                continue
            }
            for warning in result.warnings { printError("\(file): warning: \(warning)") }
            let swipes = result.swipes
            defer { for swipe in swipes { swipe.wipe() } }
            if !swipes.contains(where: \.card.accepted) { allAccepted = false }
            if json {
                let report = FileReport(
                    source: file, swipes: swipes.map { SwipeReport($0, unmasked: unmasked) }, warnings: result.warnings)
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                SwipeSummary.lines(source: file, swipes: swipes, unmasked: unmasked).forEach { print($0) }
            }
        }
        if fileErrors { throw ExitCode(2) }
        if !allAccepted { throw ExitCode(1) }
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
