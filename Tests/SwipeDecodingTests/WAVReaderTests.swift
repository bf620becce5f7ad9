import Foundation
import SwipeCards
import SwipeDecoding
import SwipeReports
import SwipeSynthesis
import Testing
import WAVFile

@Suite("WAV files")
struct WAVReaderTests {
    let samples: [Float] = (0..<1000).map { Float(sin(Double($0) / 10)) * 0.5 }

    @Test(
        "round trip through every encoding and header",
        arguments: [
            (WAVWriter.Encoding.int16, false), (.int24, false), (.float32, false), (.int16, true), (.int24, true),
            (.float32, true),
        ])
    func roundTrip(encoding: WAVWriter.Encoding, extensible: Bool) throws {
        let bytes = WAVWriter.bytes(
            samples: samples, sampleRate: 48_000, channelCount: 2, encoding: encoding, extensible: extensible)
        let audio = try WAVReader.read(bytes)
        #expect(audio.sampleRate == 48_000)
        #expect(audio.channelCount == 2)
        #expect(audio.samples.count == samples.count)
        for (a, b) in zip(audio.samples, samples) { #expect(abs(a - b) < 1e-4) }
        #expect(audio.warnings.isEmpty)
    }

    @Test("8-bit unsigned and 32-bit integer PCM")
    func otherWidths() throws {
        var eight = WAVWriter.bytes(samples: [0, 0], sampleRate: 8_000, channelCount: 1)
        // Rewrite as 8-bit: 4 samples of 0x80 (silence), 0xFF (max), 0x00 (min).
        eight[32] = 1; eight[33] = 0; eight[34] = 8; eight[35] = 0
        eight.replaceSubrange(44..., with: [0x80, 0xFF, 0x00, 0x80])
        let audio = try WAVReader.read(eight)
        #expect(audio.samples == [0, 127.0 / 128, -1, 0])

        var thirtyTwo = WAVWriter.bytes(samples: [0, 0], sampleRate: 8_000, channelCount: 1)
        thirtyTwo[34] = 32
        thirtyTwo[32] = 4
        thirtyTwo.replaceSubrange(40..<44, with: [8, 0, 0, 0])
        thirtyTwo.replaceSubrange(44..., with: [0, 0, 0, 0x40, 0, 0, 0, 0xC0])
        #expect(try WAVReader.read(thirtyTwo).samples == [0.5, -0.5])
    }

    @Test(
        "broken files get a clear error",
        arguments: [
            ([UInt8](), WAVError.notWAV),
            (Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVE".utf8), WAVError.missingFormat),
            (Array("not a wav file at all, really".utf8), WAVError.notWAV),
        ])
    func broken(bytes: [UInt8], error: WAVError) {
        #expect(throws: error) { try WAVReader.read(bytes) }
    }

    @Test("unsupported rates, channel counts and encodings are named")
    func unsupported() {
        var bytes = WAVWriter.bytes(samples: samples, sampleRate: 4_000, channelCount: 1)
        #expect(throws: WAVError.unsupportedSampleRate(4_000, supported: PCMFormat.supportedRates)) {
            try WAVReader.read(bytes, sampleRates: PCMFormat.supportedRates)
        }
        bytes = WAVWriter.bytes(samples: samples, sampleRate: 44_100, channelCount: 1)
        bytes[20] = 2  // ADPCM
        #expect(throws: WAVError.self) { try WAVReader.read(bytes) }
        bytes[20] = 1
        bytes[22] = 0
        #expect(throws: WAVError.unsupportedChannelCount(0)) { try WAVReader.read(bytes) }
        #expect(
            WAVError.unsupportedSampleRate(4_000, supported: PCMFormat.supportedRates).description
                == "unsupported sample rate 4000 Hz (8000 to 192000 are read)")
    }

    @Test("a torn file keeps its whole frames and says it was cut")
    func torn() throws {
        let bytes = WAVWriter.bytes(samples: samples, sampleRate: 44_100, channelCount: 1)
        let audio = try WAVReader.read(Array(bytes.prefix(44 + 501)))
        #expect(audio.samples.count == 250)
        #expect(audio.warnings.first?.contains("truncated") == true)
        #expect(throws: WAVError.self) { try WAVReader.read(Array(bytes.prefix(30))) }
    }

    @Test("every prefix and random corruption of a real recording is handled without a crash")
    func hostileBytes() throws {
        let recording = SwipeSynthesizer(sampleRate: 22_050, channelCount: 1, impairments: .typical)
            .render([.track2(TestCard.wellKnown("4242424242424242"), profile: .constant(20))], seed: 1)
        let bytes = WAVWriter.bytes(samples: recording.samples, sampleRate: 22_050, channelCount: 1)
        let decoder = RecordingDecoder(today: YearMonth(year: 2026, month: 11)!)
        for cut in stride(from: 0, to: 200, by: 1) { _ = try? WAVReader.read(Array(bytes.prefix(cut))) }
        var random = SeededRandom(seed: 3)
        for _ in 0..<100 {
            var damaged = bytes
            for _ in 0..<8 {
                damaged[Int.random(in: 0..<80, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if let audio = try? WAVReader.read(damaged) { _ = decoder.decode(audio) }
        }
        // Torn in the middle of the swipe: no card.
        let torn = try WAVReader.read(
            Array(bytes.prefix(44 + 2 * Int(22_050 * (recording.swipeTimes[0].lowerBound + 0.1)))))
        #expect(!decoder.decode(torn).contains { $0.card.accepted })
    }
}

@Suite("Streamed files: bounded memory, the same results")
struct StreamedFileTests {
    static let hardware = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../hardware").standardized

    func summary(_ swipes: [DecodedSwipe]) -> [String] {
        swipes.map { "\($0.card.accepted) \($0.card.fields?.number.masked ?? "-") \($0.channels)" }
    }

    @Test("every bundled recording, read in pieces of any size, decodes as the whole file does")
    func sameAsWhole() throws {
        let decoder = RecordingDecoder(today: YearMonth(year: 2026, month: 11)!)
        for name in ["visa-track2-44k.wav", "mastercard-dual-head-48k.wav", "event-three-swipes-44k.wav"] {
            let path = Self.hardware.appendingPathComponent(name).path
            let whole = decoder.decode(try WAVReader.read([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))))
            for readSize in [1, 7, 4_096, 1 << 20] {
                let streamed = try decoder.decode(contentsOf: path, readSize: readSize)
                #expect(summary(streamed.swipes) == summary(whole), "\(name) in pieces of \(readSize)")
                #expect(streamed.warnings.isEmpty)
            }
        }
    }

    @Test("a torn file warns as the whole-file reader does; a broken header is an error")
    func tornAndBroken() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.hardware.appendingPathComponent("visa-track2-44k.wav")))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let torn = folder.appendingPathComponent("torn.wav")
        try Data(bytes.prefix(bytes.count / 2 + 1)).write(to: torn)
        let decoder = RecordingDecoder(today: YearMonth(year: 2026, month: 11)!)
        let streamed = try decoder.decode(contentsOf: torn.path, readSize: 1_000)
        #expect(streamed.warnings == (try WAVReader.read(Array(bytes.prefix(bytes.count / 2 + 1)))).warnings)
        #expect(streamed.warnings.first?.contains("truncated") == true)
        let broken = folder.appendingPathComponent("broken.wav")
        try Data(bytes.prefix(30)).write(to: broken)
        #expect(throws: RecordingDecoder.FileError.self) { try decoder.decode(contentsOf: broken.path) }
        #expect(throws: RecordingDecoder.FileError.self) {
            try decoder.decode(contentsOf: folder.appendingPathComponent("missing.wav").path)
        }
    }
}
