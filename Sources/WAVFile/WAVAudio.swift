/// Audio read from a WAV file: interleaved samples at full scale ±1.
public struct WAVAudio: Sendable {
    /// Samples per second per channel.
    public var sampleRate: Int
    /// Interleaved channels.
    public var channelCount: Int
    /// Interleaved samples, full scale ±1.
    public var samples: [Float]
    /// Problems that did not stop reading, such as a file cut short (its whole frames are kept).
    public var warnings: [String]

    /// Creates audio.
    public init(sampleRate: Int, channelCount: Int, samples: [Float], warnings: [String] = []) {
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.samples = samples
        self.warnings = warnings
    }

    /// Number of frames (samples per channel).
    public var frameCount: Int { samples.count / max(1, channelCount) }

    /// Length in seconds.
    public var duration: Double { Double(frameCount) / Double(sampleRate) }
}
