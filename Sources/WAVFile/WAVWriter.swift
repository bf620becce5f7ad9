/// Writes interleaved samples as a WAV file.
public enum WAVWriter {
    /// Sample encodings the writer produces.
    public enum Encoding: Sendable {
        /// 16-bit signed integer PCM.
        case int16
        /// 24-bit signed integer PCM.
        case int24
        /// 32-bit IEEE float.
        case float32
    }

    /// The bytes of a WAV file holding `samples` (full scale ±1).
    public static func bytes(
        samples: [Float], sampleRate: Int, channelCount: Int, encoding: Encoding = .int16, extensible: Bool = false
    ) -> [UInt8] {
        let bytesPerSample = encoding == .int16 ? 2 : encoding == .int24 ? 3 : 4
        let dataSize = samples.count * bytesPerSample
        let formatSize = extensible ? 40 : 16
        var out: [UInt8] = []
        out.reserveCapacity(44 + formatSize + dataSize)
        func put32(_ value: UInt32) {
            for shift in stride(from: 0, to: 32, by: 8) {
                out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
            }
        }
        func put16(_ value: UInt16) { out.append(UInt8(value & 0xFF)); out.append(UInt8(value >> 8)) }
        out += Array("RIFF".utf8)
        put32(UInt32(4 + 8 + formatSize + 8 + dataSize))
        out += Array("WAVEfmt ".utf8)
        put32(UInt32(formatSize))
        let tag: UInt16 = encoding == .float32 ? 3 : 1
        put16(extensible ? 0xFFFE : tag)
        put16(UInt16(channelCount))
        put32(UInt32(sampleRate))
        put32(UInt32(sampleRate * channelCount * bytesPerSample))
        put16(UInt16(channelCount * bytesPerSample))
        put16(UInt16(bytesPerSample * 8))
        if extensible {
            put16(22)
            put16(UInt16(bytesPerSample * 8))
            put32(channelCount == 2 ? 3 : 4)  // front left+right, or front centre
            put16(tag)
            out += [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
        }
        out += Array("data".utf8)
        put32(UInt32(dataSize))
        for sample in samples {
            let clamped = max(-1, min(1, sample))
            switch encoding {
            case .int16: put16(UInt16(bitPattern: Int16(max(-32768, min(32767, (clamped * 32768).rounded())))))
            case .int24:
                let value = Int32(max(-8_388_608, min(8_388_607, (clamped * 8_388_608).rounded())))
                let raw = UInt32(bitPattern: value)
                out += [UInt8(raw & 0xFF), UInt8((raw >> 8) & 0xFF), UInt8((raw >> 16) & 0xFF)]
            case .float32: put32(clamped.bitPattern)
            }
        }
        return out
    }
}
