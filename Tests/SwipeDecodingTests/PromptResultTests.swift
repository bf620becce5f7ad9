import Foundation
import SwipeCards
import SwipeSynthesis
import Testing

@testable import SwipeDecoding

/// What follows a swipe must not hold up its result: the hiss of the sound card, mains
/// hum the detector cancels, or digital silence. Each swipe of ten plays of a recording is
/// reported within 0.1 s of its end (the detector's hangover alone is 0.35 s), a card the
/// station refuses as fast as one it accepts.
@Suite("Results within 0.1 s of a swipe's end")
struct PromptResultTests {
    enum Background: String, CaseIterable, CustomTestStringConvertible {
        case hiss, hum, silence
        var testDescription: String { rawValue }
    }

    /// A stretch of a recording and where the swipes in it end.
    typealias Piece = (samples: ArraySlice<Float>, ends: [Int])

    /// Ten plays of the bundled recording `file` with `background` around them, and where each
    /// swipe ends (its last sample above a tenth of the peak). Hum is 60 Hz with its 3rd and 5th
    /// harmonics, the fundamental at 30% of the swipes' peak.
    static func stream(_ file: String, _ background: Background) -> (samples: [Float], ends: [Int], rate: Double) {
        let recording = BundledRecordings.all.first { $0.file == file }!.render()
        let rate = recording.sampleRate
        let all = recording.samples
        let peak = all.reduce(Float(0)) { max($0, abs($1)) }
        let ends = recording.swipeTimes.map { swipe in
            (Int(swipe.lowerBound * rate)..<min(all.count, Int((swipe.upperBound + 0.05) * rate))).last {
                abs(all[$0]) > 0.1 * peak
            }!
        }
        let mainsPeriod = Int(rate / 60)
        let tail = Int(0.02 * rate)
        let pieces: [Piece]
        let quiet: [Float]
        if background == .silence {
            // Each swipe alone, cut 20 ms after its end, with digital silence around it.
            let starts = [0] + ends.dropLast().map { $0 + tail }
            pieces = zip(starts, ends).map { (all[$0..<($1 + tail)], [$1 - $0]) }
            quiet = [Float](repeating: 0, count: Int(2 * rate))
        } else {
            // The whole recording, its own quiet after the swipes cut to a whole number of mains
            // periods: its hum (5% of its peak) goes on in phase into the quiet after it, as mains
            // hum does, and so does the recording's first quarter second, played eight times.
            pieces = [(all[..<(all.count / mainsPeriod * mainsPeriod)], ends)]
            quiet = Array((0..<8).map { _ in all[0..<(15 * mainsPeriod)] }.joined())
        }
        var samples = quiet
        var streamEnds: [Int] = []
        for _ in 0..<10 {
            for piece in pieces {
                streamEnds += piece.ends.map { $0 + samples.count }
                samples += piece.samples
                if background == .silence { samples += quiet }
            }
            samples += quiet
        }
        if background == .hum {
            for index in samples.indices {
                let phase = 2 * Double.pi * 60 * Double(index) / rate
                samples[index] += 0.3 * peak * Float(sin(phase) + 0.4 * sin(3 * phase) + 0.2 * sin(5 * phase))
            }
        }
        return (samples, streamEnds, rate)
    }

    @Test(
        "each swipe of ten plays is reported within 0.1 s of its end, accepted or refused",
        arguments: ["visa-track2-44k.wav", "refused-cards-44k.wav"], Background.allCases)
    func reportedPromptly(file: String, background: Background) {
        let (samples, ends, rate) = Self.stream(file, background)
        var decoder = SwipeStreamDecoder(
            format: PCMFormat(sampleRate: rate, channelCount: 1), today: YearMonth(year: 2026, month: 12)!)
        var reports: [Int] = []
        var start = 0
        // One capture period of 1024 frames at a time, as the station reads them.
        while start < samples.count {
            let end = min(samples.count, start + 1024)
            for swipe in samples.withUnsafeBufferPointer({
                decoder.process(UnsafeBufferPointer(rebasing: $0[start..<end]))
            }) {
                #expect(swipe.card.fields != nil, "read as a card")
                reports.append(end)
                swipe.wipe()
            }
            start = end
        }
        #expect(reports.count == ends.count)
        for (report, end) in zip(reports, ends) {
            let delay = Double(report - end) / rate
            #expect(delay < 0.1, "reported \(Int(delay * 1000)) ms after the swipe's end")
        }
    }
}
