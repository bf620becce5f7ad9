import Glibc
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

extension RecordingDecoder {
    /// What decoding a file gave.
    public struct FileResult: Sendable {
        /// Every swipe found, in order.
        public var swipes: [DecodedSwipe]
        /// Problems that did not stop reading (a file cut short).
        public var warnings: [String]
    }

    /// Why a file could not be decoded at all.
    public enum FileError: Error, CustomStringConvertible {
        /// The file could not be opened or read.
        case unreadable(String)
        /// The bytes are not a WAV file this reader handles.
        case wav(WAVError)

        /// One line for a person.
        public var description: String {
            switch self {
            case .unreadable(let reason): reason
            case .wav(let error): "\(error)"
            }
        }
    }

    /// Every swipe in the WAV file at `path`, read a megabyte at a time through the
    /// stream decoder, as capture feeds it: memory stays bounded whatever the
    /// file's length.
    public func decode(contentsOf path: String, readSize: Int = 1 << 20) throws(FileError) -> FileResult {
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            throw .unreadable("it is a folder: give the WAV files in it")
        }
        guard let file = fopen(path, "rb") else {
            throw .unreadable("cannot read the file: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var wav = WAVStreamDecoder(sampleRates: PCMFormat.supportedRates)
        var decoder: SwipeStreamDecoder?
        var swipes: [DecodedSwipe] = []
        var buffer = [UInt8](repeating: 0, count: readSize)
        var samples: [Float] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, readSize, file) }
            if count == 0 {
                guard ferror(file) == 0 else { throw .unreadable("read error: \(String(cString: strerror(errno)))") }
                break
            }
            do {
                try buffer.withUnsafeBufferPointer { all throws(WAVError) in
                    try wav.feed(UnsafeBufferPointer(rebasing: all[0..<count]), into: &samples)
                }
            } catch {
                throw .wav(error)
            }
            if decoder == nil, let format = wav.format {
                decoder = SwipeStreamDecoder(
                    format: PCMFormat(sampleRate: Double(format.sampleRate), channelCount: format.channelCount),
                    today: today, validator: validator)
            }
            guard !samples.isEmpty, var current = decoder else { continue }
            decoder = nil  // one owner while it changes: its buffers are not copied
            swipes += samples.withUnsafeBufferPointer { current.process($0, chunkFrames: chunkFrames) }
            decoder = current
        }
        let warnings: [String]
        do { warnings = try wav.finish() } catch { throw .wav(error) }
        if var current = decoder { swipes += current.finish() }
        return FileResult(swipes: swipes, warnings: warnings)
    }
}
