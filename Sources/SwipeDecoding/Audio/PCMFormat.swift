/// Shape of an audio stream: how many samples per second and how many channels.
public struct PCMFormat: Sendable, Equatable {
    /// Samples per second per channel. Supported: 8 000 to 192 000.
    public var sampleRate: Double
    /// Interleaved channels. Dual-head readers put track 1 on channel 0 and track 2 on channel 1.
    public var channelCount: Int

    /// Creates a format.
    public init(sampleRate: Double, channelCount: Int) {
        self.sampleRate = sampleRate
        self.channelCount = channelCount
    }

    /// The sample rates the decoder is built for: the one home of this fact (the WAV
    /// reader and `swipe listen` take it from here).
    public static let supportedSampleRates: ClosedRange<Double> = 8_000...192_000

    /// ``supportedSampleRates`` in whole hertz.
    public static var supportedRates: ClosedRange<Int> {
        Int(supportedSampleRates.lowerBound)...Int(supportedSampleRates.upperBound)
    }
}
