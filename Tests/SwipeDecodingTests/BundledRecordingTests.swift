import Foundation
import SwipeCards
import SwipeDecoding
import SwipeReports
import SwipeSynthesis
import Testing
import WAVFile

/// The recordings in `hardware/` are what the README's demo decodes: they must stay
/// in step with their recipes and decode as described.
@Suite("Bundled recordings in hardware/")
struct BundledRecordingTests {
    static let hardware = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../hardware").standardized

    func decode(_ file: String) throws -> [DecodedSwipe] {
        let data = try Data(contentsOf: Self.hardware.appendingPathComponent(file))
        return RecordingDecoder(today: YearMonth(year: 2026, month: 11)!).decode(try WAVReader.read([UInt8](data)))
    }

    @Test("each file matches its recipe byte for byte", arguments: BundledRecordings.all.map(\.file))
    func upToDate(file: String) throws {
        let recording = try #require(BundledRecordings.all.first { $0.file == file })
        let rendered = recording.render()
        let expected = WAVWriter.bytes(
            samples: rendered.samples, sampleRate: Int(rendered.sampleRate), channelCount: rendered.channelCount,
            encoding: recording.encoding, extensible: recording.extensible)
        let stored = try Data(contentsOf: Self.hardware.appendingPathComponent(file))
        #expect([UInt8](stored) == expected, "run: swift run swipe-bench generate hardware")
    }

    @Test("the files decode as their descriptions say")
    func decodesAsDescribed() throws {
        let visa = try decode("visa-track2-44k.wav")
        #expect(visa.map(\.card.accepted) == [true])
        #expect(visa.first?.card.fields?.number.masked == "424242******4242")

        let dual = try decode("mastercard-dual-head-48k.wav")
        #expect(dual.count == 1)
        #expect(dual.first?.direction == .reverse)
        #expect(dual.first?.tracks.count == 2)
        #expect(dual.first?.card.brand == .mastercard)

        let event = try decode("event-three-swipes-44k.wav")
        #expect(event.compactMap { $0.card.fields?.number.last4 } == ["1111", "3222", "0002"])
        #expect(event.allSatisfy { $0.card.accepted })

        let refused = try decode("refused-cards-44k.wav")
        #expect(refused.map(\.card.problems.first?.code) == ["expired", "brand_not_accepted"])

        let noise = try decode("noise-only-44k.wav")
        #expect(noise.isEmpty)
    }
}
