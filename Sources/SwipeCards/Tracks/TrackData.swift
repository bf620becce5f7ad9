/// One track's characters as a reader delivered them, whatever the reader: decoded
/// from audio, reported by a USB reader, or typed by a keyboard-emulation reader.
///
/// Holding a `TrackData` means the characters passed their reader's own checks
/// (parity and LRC for audio, the reader's decode status for USB) and have the
/// shape of a track: a start sentinel, characters of the track's set, an end
/// sentinel. Anything else is refused when the value is made, with a reason that
/// never holds card data.
public struct TrackData: Sendable {
    /// The character set, told by the start sentinel.
    public let format: TrackFormat
    /// ASCII characters from start sentinel to end sentinel inclusive (sensitive).
    public let characters: SensitiveBytes
    /// Characters the reader repaired (with the LRC) before handing the track over.
    public let repairs: Int

    /// Checks `characters` (sentinels included, no LRC) and tells their format from
    /// the start sentinel: `%` is track 1 (IATA), `;` is track 2 (ABA).
    ///
    /// Takes ownership of `characters`: on a refusal they are wiped.
    public init(characters: SensitiveBytes, repairs: Int = 0) throws(TrackDataError) {
        let format: TrackFormat? = characters.withBytes { bytes in
            switch bytes.first {
            case UInt8(ascii: "%"): .iata
            case UInt8(ascii: ";"): .aba
            default: nil
            }
        }
        guard let format else {
            characters.wipe()
            throw .noStartSentinel
        }
        try self.init(format: format, characters: characters, repairs: repairs)
    }

    /// Checks `characters` (sentinels included, no LRC) as a track of `format`.
    ///
    /// Takes ownership of `characters`: on a refusal they are wiped.
    public init(format: TrackFormat, characters: SensitiveBytes, repairs: Int = 0) throws(TrackDataError) {
        if let problem = Self.problem(in: characters, format: format) {
            characters.wipe()
            throw problem
        }
        self.format = format
        self.characters = characters
        self.repairs = repairs
    }

    private static func problem(in characters: SensitiveBytes, format: TrackFormat) -> TrackDataError? {
        characters.withBytes { bytes -> TrackDataError? in
            let start = format.startSentinel + format.asciiOffset
            let end = format.endSentinel + format.asciiOffset
            guard bytes.first == start else { return .noStartSentinel }
            guard bytes.count >= 2, bytes.last == end else { return .noEndSentinel }
            // The LRC is not part of the characters: a track ends at its first end sentinel.
            guard bytes.count <= format.maximumCharacters - 1 else { return .tooLong }
            let lowest = format.asciiOffset
            let highest = format.asciiOffset + UInt8((1 << format.dataBits) - 1)
            for (position, byte) in bytes.enumerated().dropFirst().dropLast() {
                guard byte >= lowest, byte <= highest, byte != start, byte != end else {
                    return .invalidCharacter(position: position)
                }
            }
            return nil
        }
    }

    /// Overwrites the characters.
    public func wipe() { characters.wipe() }
}

/// Why characters are not a track. The text never holds card data.
public enum TrackDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The first character is not `%` or `;` (or not the one the format needs).
    case noStartSentinel
    /// The characters do not end with `?`.
    case noEndSentinel
    /// Longer than the track's format allows.
    case tooLong
    /// A character outside the track's character set, or a sentinel inside the data.
    case invalidCharacter(position: Int)

    /// A short, card-data-free explanation.
    public var description: String {
        switch self {
        case .noStartSentinel: "the track has no start sentinel"
        case .noEndSentinel: "the track has no end sentinel"
        case .tooLong: "the track is longer than its format allows"
        case .invalidCharacter(let position): "the track has a character outside its set at position \(position)"
        }
    }
}
