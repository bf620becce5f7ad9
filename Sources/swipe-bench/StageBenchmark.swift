import ArgumentParser
import Foundation
import SwipeCards
import SwipeDecoding
import SwipeSynthesis

/// Times each stage of the decoder alone on one condition's recording: where a sample's cost goes.
struct StageBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "Nanoseconds per sample of each decoder stage (detector, hum canceller, pulses, segment decode).")

    @Option(help: "The main table's condition to render (its exact name, as `decode` prints it).")
    var condition = "track2 48 kHz typical"

    @Option(help: "Swipes in the recording.")
    var swipes = 20

    @Option(help: "Times each stage runs; the fastest run counts.")
    var repeats = 5

    @Option(help: "Time only this stage (detector, hum, pulses, decode, stream; none: render only), for perf.")
    var only: String?

    func run() throws {
        let conditions = Corpus.conditions()
        guard let index = conditions.firstIndex(where: { $0.name == condition }) else {
            throw ValidationError("No condition named \"\(condition)\"; names look like \"\(conditions[0].name)\".")
        }
        let (recording, _) = conditions[index].render(count: swipes, seed: CorpusBenchmark.mainTableSeed(index))
        // Every stage but the last works on one channel: the first.
        let channels = recording.channelCount
        let mono = stride(from: 0, to: recording.samples.count, by: channels).map { recording.samples[$0] }
        let rate = recording.sampleRate
        print("\(condition): \(swipes) swipes, \(String(format: "%.1f", recording.duration)) s")
        var detector = SwipeDetector(channel: 0, sampleRate: rate)
        let segments = detector.process(mono) + detector.finish()
        let segmentSamples = segments.reduce(0) { $0 + $1.samples.count }
        print("segments (no early look): \(segments.count), \(percent(segmentSamples, of: mono.count)) of the samples")

        time("detector", "swipe detector", samples: mono.count) {
            var detector = SwipeDetector(channel: 0, sampleRate: rate)
            _ = detector.process(mono) + detector.finish()
        }
        time("hum", "hum canceller (when on)", samples: mono.count) {
            var canceller = HumCanceller(mainsFrequency: 50, sampleRate: rate)
            var copy = mono
            copy.withUnsafeMutableBufferPointer { canceller.process($0) }
        }
        let pulseDetector = PulseDetector()
        time("pulses", "pulses, first hypothesis, per segment sample", samples: segmentSamples) {
            for segment in segments {
                _ = segment.samples.withUnsafeBufferPointer {
                    pulseDetector.pulses(in: $0, sampleRate: rate, noiseLevel: segment.noiseLevel)
                }
            }
        }
        let segmentDecoder = SegmentDecoder()
        time("decode", "segment decode, whole, per segment sample", samples: segmentSamples) {
            for segment in segments { _ = segmentDecoder.decode(segment) }
        }
        time("stream", "stream decoder, all channels", samples: recording.samples.count) {
            var decoder = SwipeStreamDecoder(
                format: PCMFormat(sampleRate: rate, channelCount: channels), today: YearMonth(year: 2026, month: 1)!)
            _ = decoder.decodeAll(recording.samples)
        }
    }

    /// Runs `body` `repeats` times unless another stage was chosen, and prints the fastest
    /// run's time per sample.
    private func time(_ stage: String, _ title: String, samples: Int, _ body: () -> Void) {
        guard only == nil || only == stage else { return }
        var best = Double.infinity
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start))
        }
        print("\(title): \(String(format: "%.2f", best / Double(max(1, samples)))) ns per sample")
    }

    private func percent(_ part: Int, of whole: Int) -> String {
        String(format: "%.0f%%", Double(part) * 100 / Double(max(1, whole)))
    }
}
