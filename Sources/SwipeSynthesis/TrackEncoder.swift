public import SwipeCards

/// Writes track characters as the bits on a stripe: clock zeros, characters with
/// odd parity, the LRC, clock zeros.
public struct TrackEncoder: Sendable {
    /// The character set.
    public let format: TrackFormat

    /// Creates an encoder.
    public init(format: TrackFormat) {
        self.format = format
    }

    /// The bits for `text`, which runs from start sentinel to end sentinel inclusive.
    public func bits(for text: String, leadingZeros: Int, trailingZeros: Int) -> [UInt8] {
        var bits = [UInt8](repeating: 0, count: leadingZeros)
        var lrc: UInt8 = 0
        for byte in text.utf8 {
            let value = byte &- format.asciiOffset
            precondition(value < (1 << format.dataBits), "character not in the \(format) set")
            lrc ^= value
            bits += format.bits(of: value)
        }
        bits += format.bits(of: lrc)
        bits += [UInt8](repeating: 0, count: trailingZeros)
        return bits
    }

    /// Recording density in bits per inch: 210 for track 1 (IATA), 75 for track 2 (ABA).
    public var bitsPerInch: Double { format == .iata ? 210 : 75 }
}
