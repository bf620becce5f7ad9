/// Character sets of magnetic stripe tracks (ISO/IEC 7811-2).
public enum TrackFormat: String, Sendable, Codable, CaseIterable {
    /// IATA, 7 bits per character (6 data + odd parity): track 1.
    case iata
    /// ABA, 5 bits per character (4 data + odd parity): tracks 2 and 3.
    case aba

    /// Data bits per character, parity not counted.
    public var dataBits: Int { self == .iata ? 6 : 4 }

    /// Recording density on the stripe, in bits per inch: 210 for track 1 (IATA), 75 for track 2 (ABA).
    public var bitsPerInch: Double { self == .iata ? 210 : 75 }

    /// Bits per character including the parity bit.
    public var bitsPerCharacter: Int { dataBits + 1 }

    /// ASCII code of character value 0.
    public var asciiOffset: UInt8 { self == .iata ? 0x20 : 0x30 }

    /// Value of the start sentinel (`%` or `;`).
    public var startSentinel: UInt8 { self == .iata ? 0x05 : 0x0B }

    /// Value of the end sentinel (`?`).
    public var endSentinel: UInt8 { self == .iata ? 0x1F : 0x0F }

    /// Value of the field separator (`^` or `=`).
    public var fieldSeparator: UInt8 { self == .iata ? 0x3E : 0x0D }

    /// Most characters a track of this format holds, sentinels and LRC included.
    public var maximumCharacters: Int { self == .iata ? 79 : 107 }

    /// The bits of `value` followed by its odd parity bit, least significant first.
    public func bits(of value: UInt8) -> [UInt8] {
        var bits: [UInt8] = []
        var ones = 0
        for bit in 0..<dataBits {
            let b = (value >> UInt8(bit)) & 1
            ones += Int(b)
            bits.append(b)
        }
        bits.append(ones % 2 == 0 ? 1 : 0)
        return bits
    }
}
