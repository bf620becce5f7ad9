/// Reads RIFF/WAVE bytes: PCM 8/16/24/32-bit integer, 32/64-bit float, mono to
/// 8 channels, plain or WAVE_FORMAT_EXTENSIBLE headers, at the sample rates the
/// caller accepts.
///
/// Hostile input is expected: every length is checked against the bytes present.
/// A file cut short inside its audio keeps the whole frames it has and says so in
/// ``WAVAudio/warnings``; a broken header throws a ``WAVError``. Whole files go
/// through the same ``WAVStreamDecoder`` that reads long files piece by piece.
public enum WAVReader {
    /// Parses a whole file's bytes.
    public static func read(_ bytes: [UInt8], sampleRates: ClosedRange<Int> = 1...1_000_000) throws(WAVError)
        -> WAVAudio
    {
        try bytes.withUnsafeBufferPointer { buffer throws(WAVError) in try read(buffer, sampleRates: sampleRates) }
    }

    /// Parses a whole file's bytes.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, sampleRates: ClosedRange<Int> = 1...1_000_000)
        throws(WAVError) -> WAVAudio
    {
        var decoder = WAVStreamDecoder(sampleRates: sampleRates)
        let samples = try decoder.feed(bytes)
        let warnings = try decoder.finish()
        guard let format = decoder.format else { throw .missingFormat }
        return WAVAudio(
            sampleRate: format.sampleRate, channelCount: format.channelCount, samples: samples, warnings: warnings)
    }
}
