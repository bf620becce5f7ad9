public import SwipeCards
public import SwipeDecoding
public import WAVFile

/// Decodes a whole recording by feeding it chunk by chunk through the same
/// ``SwipeStreamDecoder`` that live capture uses.
public struct RecordingDecoder: Sendable {
    /// The month that decides expiry.
    public var today: YearMonth
    /// Card acceptance rules.
    public var validator: CardValidator
    /// Frames per chunk, like one ALSA period.
    public var chunkFrames = 4096

    /// Creates a decoder.
    public init(today: YearMonth, validator: CardValidator = CardValidator()) {
        self.today = today
        self.validator = validator
    }

    /// Every swipe in `audio`.
    public func decode(_ audio: WAVAudio) -> [DecodedSwipe] {
        decode(
            samples: audio.samples,
            format: PCMFormat(sampleRate: Double(audio.sampleRate), channelCount: audio.channelCount))
    }

    /// Every swipe in interleaved `samples` of `format`.
    public func decode(samples: [Float], format: PCMFormat) -> [DecodedSwipe] {
        var decoder = SwipeStreamDecoder(format: format, today: today, validator: validator)
        return decoder.decodeAll(samples, chunkFrames: chunkFrames)
    }
}
