/// Reads RIFF/WAVE bytes as they come, a chunk of the file at a time, in bounded
/// memory: the header is parsed as it arrives, chunks other than `fmt ` and
/// `data` are skipped without being kept, and the audio is handed out as whole
/// frames. ``WAVReader`` reads whole files through it.
public struct WAVStreamDecoder: Sendable {
    /// The audio's shape, once the `data` chunk has begun.
    public struct Format: Sendable, Equatable {
        /// Samples per second per channel.
        public var sampleRate: Int
        /// Interleaved channels.
        public var channelCount: Int
    }

    private enum State: Sendable {
        case riff
        case chunkHeader
        case format(size: Int)
        case skip(remaining: Int)
        case data(remaining: Int?)
        case done
    }

    private static let pcm: UInt16 = 1
    private static let float: UInt16 = 3
    private static let extensible: UInt16 = 0xFFFE

    private var state = State.riff
    private var pending: [UInt8] = []
    private var encoding: UInt16 = 0
    private var bytesPerSample = 0
    private var frameSize = 0
    private var declared = 0
    private var consumed = 0
    private var sawFormat = false
    /// The audio's shape, once known.
    public private(set) var format: Format?

    /// Sample rates accepted; others are refused with ``WAVError/unsupportedSampleRate(_:supported:)``.
    public let sampleRates: ClosedRange<Int>

    /// Creates a decoder at the start of a file that accepts `sampleRates` (by default
    /// any a WAV header can sensibly hold; a decoder passes the rates it supports).
    public init(sampleRates: ClosedRange<Int> = 1...1_000_000) {
        self.sampleRates = sampleRates
    }

    /// Feeds the next bytes of the file; returns the samples of the whole frames
    /// they complete (interleaved, full scale ±1).
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) throws(WAVError) -> [Float] {
        var samples: [Float] = []
        try feed(bytes, into: &samples)
        return samples
    }

    /// Feeds the next bytes of the file; replaces the contents of `samples` (keeping its
    /// storage, so a reader that passes the same array each time allocates once) with the
    /// samples of the whole frames they complete.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, into samples: inout [Float]) throws(WAVError) {
        var input = bytes[...]
        samples.removeAll(keepingCapacity: true)
        while !input.isEmpty {
            switch state {
            case .riff:
                guard take(12, from: &input) else { continue }
                guard Self.tag(pending, 0) == "RIFF", Self.tag(pending, 8) == "WAVE" else { throw .notWAV }
                pending.removeAll()
                state = .chunkHeader
            case .chunkHeader:
                guard take(8, from: &input) else { continue }
                let id = Self.tag(pending, 0)
                let size = Int(Self.le32(pending, 4))
                pending.removeAll()
                if id == "fmt " {
                    guard size >= 16, size <= 4_096 else { throw .truncatedHeader }
                    state = .format(size: size)
                } else if id == "data" {
                    guard sawFormat else { throw .missingFormat }
                    declared = size
                    // 0 and 0xFFFFFFFF are what streaming writers leave when they cannot seek back.
                    state = .data(remaining: size == 0 || size == 0xFFFF_FFFF ? nil : size)
                } else {
                    state = .skip(remaining: size + (size & 1))  // chunks are padded to even length
                }
            case .format(let size):
                guard take(size + (size & 1), from: &input) else { continue }
                try readFormat(size: size)
                pending.removeAll()
                state = .chunkHeader
            case .skip(let remaining):
                let count = min(remaining, input.count)
                input = input.dropFirst(count)
                state = remaining - count == 0 ? .chunkHeader : .skip(remaining: remaining - count)
            case .data(let remaining):
                let count = remaining.map { min($0, input.count) } ?? input.count
                appendFrames(from: input.prefix(count), to: &samples)
                input = input.dropFirst(count)
                consumed += count
                if let remaining {
                    state = remaining - count == 0 ? .done : .data(remaining: remaining - count)
                }
            case .done:
                input = input.dropFirst(input.count)  // chunks after the audio are not read
            }
        }
    }

    /// Ends the file: what could not be read is an error before the audio began,
    /// a warning after (a file cut short keeps its whole frames).
    public mutating func finish() throws(WAVError) -> [String] {
        defer {
            for index in pending.indices { pending[index] = 0 }
            pending.removeAll()
        }
        switch state {
        case .riff: throw .notWAV
        case .format: throw .truncatedHeader
        case .skip: throw .truncatedHeader
        case .chunkHeader: throw sawFormat ? .missingData : .missingFormat
        case .data(let remaining):
            var warnings: [String] = []
            if remaining != nil {
                warnings.append(
                    "file is truncated: the header declares \(declared) bytes of audio, \(consumed) are present")
            } else if !pending.isEmpty {
                warnings.append("audio data ends with a partial frame; it was dropped")
            }
            state = .done
            return warnings
        case .done:
            return pending.isEmpty ? [] : ["audio data ends with a partial frame; it was dropped"]
        }
    }

    /// Moves bytes into `pending` until it holds `count`; whether it does.
    private mutating func take(_ count: Int, from input: inout Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        let needed = count - pending.count
        pending += input.prefix(needed)
        input = input.dropFirst(needed)
        return pending.count == count
    }

    private mutating func readFormat(size: Int) throws(WAVError) {
        var encoding = Self.le16(pending, 0)
        let channels = Int(Self.le16(pending, 2))
        let rate = Int(Self.le32(pending, 4))
        let bits = Int(Self.le16(pending, 14))
        if encoding == Self.extensible {
            guard size >= 40 else { throw .truncatedHeader }
            encoding = Self.le16(pending, 24)  // first two bytes of the sub-format GUID
        }
        guard (1...8).contains(channels) else { throw .unsupportedChannelCount(channels) }
        guard sampleRates.contains(rate) else { throw .unsupportedSampleRate(rate, supported: sampleRates) }
        switch (encoding, bits) {
        case (Self.pcm, 8), (Self.pcm, 16), (Self.pcm, 24), (Self.pcm, 32), (Self.float, 32), (Self.float, 64):
            bytesPerSample = bits / 8
        case (Self.pcm, let bits), (Self.float, let bits):
            throw .unsupportedEncoding("\(bits)-bit \(encoding == Self.pcm ? "integer" : "float")")
        default: throw .unsupportedEncoding("format tag \(encoding) (PCM and IEEE float are read)")
        }
        self.encoding = encoding
        frameSize = bytesPerSample * channels
        format = Format(sampleRate: rate, channelCount: channels)
        sawFormat = true
    }

    /// Appends the samples of the whole frames in `pending` + `bytes` to `samples`; a partial
    /// frame waits in `pending`. The bytes are read where they lie, not joined into a copy.
    private mutating func appendFrames(from bytes: Slice<UnsafeBufferPointer<UInt8>>, to samples: inout [Float]) {
        var input = bytes
        if !pending.isEmpty {
            guard take(frameSize, from: &input) else { return }
            pending.withUnsafeBufferPointer { appendSamples(from: $0, to: &samples) }
            pending.removeAll()
        }
        let whole = input.count / frameSize * frameSize
        appendSamples(from: UnsafeBufferPointer(rebasing: input.prefix(whole)), to: &samples)
        pending += input.dropFirst(whole)
    }

    /// Appends the samples of `raw`, whole frames only: converted a few thousand at a time into
    /// a buffer on the stack, then copied on (the array is not filled with zeros first).
    private func appendSamples(from raw: UnsafeBufferPointer<UInt8>, to samples: inout [Float]) {
        let count = raw.count / bytesPerSample
        guard count > 0 else { return }
        samples.reserveCapacity(samples.count + count)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: Self.conversionChunk) { chunk in
            /// Converts every sample as `encoding` and `size` say, both constant where it is called:
            /// the loop holds no switch, and the compiler can widen it.
            @inline(__always) func convert(encoding: UInt16, size: Int) {
                var done = 0
                while done < count {
                    let length = min(Self.conversionChunk, count - done)
                    var offset = done &* size
                    for index in 0..<length {
                        chunk[index] = Self.sample(raw, at: offset, encoding: encoding, size: size)
                        offset &+= size
                    }
                    samples.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<length]))
                    done &+= length
                }
            }
            switch (encoding, bytesPerSample) {
            case (Self.float, 4): convert(encoding: Self.float, size: 4)
            case (Self.float, _): convert(encoding: Self.float, size: 8)
            case (_, 1): convert(encoding: Self.pcm, size: 1)
            case (_, 2): convert(encoding: Self.pcm, size: 2)
            case (_, 3): convert(encoding: Self.pcm, size: 3)
            default: convert(encoding: Self.pcm, size: 4)
            }
        }
    }

    /// Samples converted at a time (16 KB on the stack).
    private static let conversionChunk = 4096

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
    private static func le16(_ bytes: some RandomAccessCollection<UInt8>, _ offset: Int) -> UInt16 {
        let start = bytes.index(bytes.startIndex, offsetBy: offset)
        return UInt16(bytes[start]) | UInt16(bytes[bytes.index(after: start)]) << 8
    }

    @inline(__always)
    private static func le32(_ bytes: some RandomAccessCollection<UInt8>, _ offset: Int) -> UInt32 {
        UInt32(le16(bytes, offset)) | UInt32(le16(bytes, offset + 2)) << 16
    }

    private static func tag(_ bytes: [UInt8], _ offset: Int) -> String {
        String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
    }
}
