/// Why a WAV file cannot be read. Messages name the problem, never the audio.
public enum WAVError: Error, Equatable, CustomStringConvertible {
    /// Not a RIFF/WAVE file at all.
    case notWAV
    /// The `fmt ` chunk is missing or comes after the data.
    case missingFormat
    /// The `data` chunk is missing.
    case missingData
    /// A chunk header claims more bytes than the file could hold, before the data.
    case truncatedHeader
    /// An encoding this reader does not handle.
    case unsupportedEncoding(String)
    /// A sample rate outside the range the reader was asked to accept.
    case unsupportedSampleRate(Int, supported: ClosedRange<Int>)
    /// Zero or too many channels.
    case unsupportedChannelCount(Int)

    /// A short text for logs and terminals (never card data).
    public var description: String {
        switch self {
        case .notWAV: "not a WAV file (no RIFF/WAVE header)"
        case .missingFormat: "no 'fmt ' chunk before the audio data"
        case .missingData: "no 'data' chunk"
        case .truncatedHeader: "the file ends inside its header"
        case .unsupportedEncoding(let what): "unsupported encoding: \(what)"
        case .unsupportedSampleRate(let rate, let supported):
            "unsupported sample rate \(rate) Hz (\(supported.lowerBound) to \(supported.upperBound) are read)"
        case .unsupportedChannelCount(let count): "unsupported channel count \(count) (1 to 8 are read)"
        }
    }
}
