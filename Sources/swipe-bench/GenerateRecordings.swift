import ArgumentParser
import Foundation
import SwipeDecoding
import SwipeSynthesis
import WAVFile

/// Writes the recordings in `hardware/` (well-known test card numbers only).
struct GenerateRecordings: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Write the bundled test recordings into a folder.")

    @Argument(help: "Output folder.")
    var folder = "hardware"

    func run() throws {
        for recording in BundledRecordings.all {
            let rendered = recording.render()
            let bytes = WAVWriter.bytes(
                samples: rendered.samples, sampleRate: Int(rendered.sampleRate), channelCount: rendered.channelCount,
                encoding: recording.encoding, extensible: recording.extensible)
            let path = folder + "/" + recording.file
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            print("\(path): \(recording.summary)")
        }
    }
}
