/// Reads RIFF/WAVE bytes: PCM 8/16/24/32-bit integer, 32/64-bit float, mono to
/// 8 channels, 8 to 192 kHz, plain or WAVE_FORMAT_EXTENSIBLE headers.
///
/// Hostile input is expected: every length is checked against the bytes present.
/// A file cut short inside its audio keeps the whole frames it has and says so in
/// ``WAVAudio/warnings``; a broken header throws a ``WAVError``.
public enum WAVReader {
    private static let pcm: UInt16 = 1
    private static let float: UInt16 = 3
    private static let extensible: UInt16 = 0xFFFE

    /// Parses a whole file's bytes.
    public static func read(_ bytes: [UInt8]) throws(WAVError) -> WAVAudio {
        try bytes.withUnsafeBufferPointer { buffer throws(WAVError) in try read(buffer) }
    }

    /// Parses a whole file's bytes.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(WAVError) -> WAVAudio {
        guard bytes.count >= 12, tag(bytes, 0) == "RIFF", tag(bytes, 8) == "WAVE" else { throw .notWAV }
        var position = 12
        var format: (encoding: UInt16, channels: Int, rate: Int, bits: Int, blockAlign: Int)?
        while position + 8 <= bytes.count {
            let id = tag(bytes, position)
            let size = Int(le32(bytes, position + 4))
            let body = position + 8
            if id == "fmt " {
                guard size >= 16, body + size <= bytes.count else { throw .truncatedHeader }
                var encoding = le16(bytes, body)
                let channels = Int(le16(bytes, body + 2))
                let rate = Int(le32(bytes, body + 4))
                let blockAlign = Int(le16(bytes, body + 12))
                let bits = Int(le16(bytes, body + 14))
                if encoding == extensible {
                    guard size >= 40 else { throw .truncatedHeader }
                    encoding = le16(bytes, body + 24)  // first two bytes of the sub-format GUID
                }
                format = (encoding, channels, rate, bits, blockAlign)
            } else if id == "data" {
                guard let format else { throw .missingFormat }
                return try decode(bytes, from: body, declared: size, format: format)
            }
            guard size <= bytes.count - body else { throw .truncatedHeader }
            position = body + size + (size & 1)  // chunks are padded to even length
        }
        throw format == nil ? .missingFormat : .missingData
    }

    private static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, declared: Int,
        format: (encoding: UInt16, channels: Int, rate: Int, bits: Int, blockAlign: Int)
    ) throws(WAVError) -> WAVAudio {
        guard (1...8).contains(format.channels) else { throw .unsupportedChannelCount(format.channels) }
        guard (8_000...192_000).contains(format.rate) else { throw .unsupportedSampleRate(format.rate) }
        let bytesPerSample: Int
        switch (format.encoding, format.bits) {
        case (pcm, 8), (pcm, 16), (pcm, 24), (pcm, 32), (float, 32), (float, 64): bytesPerSample = format.bits / 8
        case (pcm, let bits), (float, let bits):
            throw .unsupportedEncoding("\(bits)-bit \(format.encoding == pcm ? "integer" : "float")")
        default: throw .unsupportedEncoding("format tag \(format.encoding) (PCM and IEEE float are read)")
        }
        let frameSize = bytesPerSample * format.channels
        var warnings: [String] = []
        let available = bytes.count - start
        // 0 and 0xFFFFFFFF are what streaming writers leave when they cannot seek back.
        var length = declared == 0 || declared == 0xFFFF_FFFF ? available : declared
        if length > available {
            warnings.append(
                "file is truncated: the header declares \(declared) bytes of audio, \(available) are present")
            length = available
        }
        let frames = length / frameSize
        if length % frameSize != 0 && warnings.isEmpty {
            warnings.append("audio data ends with a partial frame; it was dropped")
        }
        var samples = [Float](repeating: 0, count: frames * format.channels)
        samples.withUnsafeMutableBufferPointer { out in
            var offset = start
            for index in 0..<(frames * format.channels) {
                out[index] = sample(bytes, at: offset, encoding: format.encoding, size: bytesPerSample)
                offset += bytesPerSample
            }
        }
        return WAVAudio(sampleRate: format.rate, channelCount: format.channels, samples: samples, warnings: warnings)
    }

    @inline(__always)
    private static func sample(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, encoding: UInt16, size: Int)
        -> Float
    {
        switch (encoding, size) {
        case (float, 4):
            let value = Float(bitPattern: le32(bytes, offset))
            return value.isFinite ? max(-1, min(1, value)) : 0
        case (float, _):
            let value = Double(bitPattern: UInt64(le32(bytes, offset)) | UInt64(le32(bytes, offset + 4)) << 32)
            return value.isFinite ? Float(max(-1, min(1, value))) : 0
        case (_, 1): return (Float(bytes[offset]) - 128) / 128
        case (_, 2): return Float(Int16(bitPattern: le16(bytes, offset))) / 32768
        case (_, 3):
            let raw = UInt32(bytes[offset]) << 8 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 24
            return Float(Int32(bitPattern: raw) >> 8) / 8_388_608
        default: return Float(Int32(bitPattern: le32(bytes, offset))) / 2_147_483_648
        }
    }

    @inline(__always)
    private static func le16(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    @inline(__always)
    private static func le32(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    private static func tag(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> String {
        String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
    }
}
