import SwipeCards
import SwipeDecoding
public import WAVFile

/// The recordings shipped in `hardware/`: what they hold and how to make them again.
///
/// Only the well-known test numbers of the card networks appear here.
public struct BundledRecording: Sendable {
    /// File name inside `hardware/`.
    public var file: String
    /// One line on what it holds.
    public var summary: String
    /// Samples per second.
    public var sampleRate: Double
    /// Channels.
    public var channelCount: Int
    /// Sample encoding in the file.
    public var encoding: WAVWriter.Encoding
    /// Whether the header is WAVE_FORMAT_EXTENSIBLE.
    public var extensible: Bool
    /// The input's impairments.
    public var impairments: Impairments
    /// The swipes, in order.
    public var swipes: [SwipeRecipe]
    /// Seed for noise and jitter.
    public var seed: UInt64

    /// Renders the recording.
    public func render() -> SwipeSynthesizer.Recording {
        SwipeSynthesizer(sampleRate: sampleRate, channelCount: channelCount, impairments: impairments)
            .render(swipes, gap: 1.0, seed: seed)
    }
}

/// The catalogue of ``BundledRecording``s.
public enum BundledRecordings {
    /// Every bundled recording.
    public static var all: [BundledRecording] {
        let visa = TestCard.wellKnown(WellKnownTestCard.visa)
        let mastercard = TestCard.wellKnown(WellKnownTestCard.mastercard)
        let visa2 = TestCard.wellKnown(WellKnownTestCard.visa2)
        let mastercard2 = TestCard.wellKnown(WellKnownTestCard.mastercard2)
        let declining = TestCard.wellKnown(WellKnownTestCard.visaDeclined)
        let expired = TestCard.wellKnown(WellKnownTestCard.visa, expiry: "2001")
        let amex = TestCard.wellKnown(WellKnownTestCard.amex)
        var quiet = Impairments.typical
        quiet.snrDB = 40
        return [
            BundledRecording(
                file: "visa-track2-44k.wav",
                summary: "one Visa test card (4242...4242), track 2, steady 15 ips, mono 16-bit",
                sampleRate: 44_100, channelCount: 1, encoding: .int16, extensible: false, impairments: quiet,
                swipes: [.track2(visa, profile: .constant(15))], seed: 1),
            BundledRecording(
                file: "mastercard-dual-head-48k.wav",
                summary:
                    "Mastercard test card (5555...4444), dual head (track 1 left, track 2 right), swiped backwards, speeding up 4 to 20 ips, 24-bit extensible",
                sampleRate: 48_000, channelCount: 2, encoding: .int24, extensible: true, impairments: .typical,
                swipes: [.dualHead(mastercard, profile: .ramp(from: 4, to: 20), direction: .reverse)], seed: 2),
            BundledRecording(
                file: "event-three-swipes-44k.wav",
                summary:
                    "three swipes in one recording: Visa 4111...1111, Mastercard 2223...3222, the declining Visa 4000...0002; float32",
                sampleRate: 44_100, channelCount: 1, encoding: .float32, extensible: false, impairments: .typical,
                swipes: [
                    .track2(visa2, profile: .constant(10)),
                    .track2(mastercard2, profile: .ramp(from: 20, to: 6), direction: .reverse),
                    .track2(declining, profile: .wobble(mean: 12, depth: 0.4, cycles: 1)),
                ], seed: 3),
            BundledRecording(
                file: "refused-cards-44k.wav",
                summary: "two cards the service refuses: an expired Visa (01/20) and an American Express test card",
                sampleRate: 44_100, channelCount: 1, encoding: .int16, extensible: false, impairments: quiet,
                swipes: [.track2(expired, profile: .constant(12)), .track2(amex, profile: .constant(12))], seed: 4),
            BundledRecording(
                file: "noise-only-44k.wav", summary: "no card: hiss and 60 Hz hum only",
                sampleRate: 44_100, channelCount: 1, encoding: .int16, extensible: false, impairments: .typical,
                swipes: [], seed: 5),
        ]
    }
}
