public import SwipeCards

/// Turns a stream of F2F bits into track characters, checking parity and LRC.
///
/// The parser looks for the start sentinel's bit pattern, reads characters up to
/// the end sentinel, then checks the LRC character that follows. When exactly one
/// character fails parity, the LRC tells which bits were wrong and the character
/// is repaired (and counted in ``TrackReadout/corrected``).
public struct TrackParser: Sendable {
    /// The character set to read.
    public let format: TrackFormat

    /// How many start-sentinel candidates to try (the first is almost always right).
    public var maximumAttempts = 4

    /// Creates a parser for `format`.
    public init(format: TrackFormat) {
        self.format = format
    }

    /// Reads the best track found in `bits`, or `nil` when no start sentinel appears.
    public func parse(_ bits: [UInt8]) -> TrackReadout? {
        bits.withUnsafeBufferPointer { parse($0) }
    }

    /// Reads the best track found in `bits`, or `nil` when no start sentinel appears.
    public func parse(_ bits: UnsafeBufferPointer<UInt8>) -> TrackReadout? {
        let width = format.bitsPerCharacter
        let pattern = format.bits(of: format.startSentinel)
        guard bits.count >= width * 3 else { return nil }
        var best: TrackReadout?
        var attempts = 0
        var position = 0
        while position + width <= bits.count, attempts < maximumAttempts {
            if bits[position] == 1, matches(pattern, in: bits, at: position) {
                attempts += 1
                let readout = read(bits, from: position)
                if best == nil || readout.quality > best!.quality { best = readout }
                if readout.isClean { break }
            }
            position += 1
        }
        return best
    }

    private func matches(_ pattern: [UInt8], in bits: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        for (offset, bit) in pattern.enumerated() where bits[position + offset] != bit { return false }
        return true
    }

    /// Reads characters from a start sentinel at `start`.
    private func read(_ bits: UnsafeBufferPointer<UInt8>, from start: Int) -> TrackReadout {
        let width = format.bitsPerCharacter
        let dataMask = UInt8((1 << format.dataBits) - 1)
        var values: [UInt8] = []
        var parityOK: [Bool] = []
        var position = start
        var complete = false
        var lrcValue: UInt8?
        var lrcParityOK = false

        while position + width <= bits.count {
            let (value, ok) = character(bits, at: position)
            position += width
            if complete {
                lrcValue = value
                lrcParityOK = ok
                break
            }
            values.append(value)
            parityOK.append(ok)
            if value == format.endSentinel && ok { complete = true }
            if values.count >= format.maximumCharacters { break }
        }

        var parityErrors = parityOK.filter { !$0 }.count
        var corrected = 0
        var lrcOK = false
        if complete, let lrc = lrcValue {
            var sum: UInt8 = 0
            for value in values { sum ^= value }
            let difference = (sum ^ lrc) & dataMask
            if difference == 0 {
                lrcOK = lrcParityOK
                // The data agrees with the LRC: a lone parity failure was the parity bit itself.
                if lrcOK && parityErrors == 1 { corrected = 1 }
            } else if parityErrors == 1, lrcParityOK, let bad = parityOK.firstIndex(of: false) {
                let repaired = values[bad] ^ difference
                if oddParityHolds(value: repaired, parityOf: bits, at: start + bad * width) {
                    values[bad] = repaired
                    corrected = 1
                    lrcOK = true
                }
            }
        } else if !complete {
            // An end sentinel with bad parity may hide in the characters read: count only up to it.
            if let end = values.firstIndex(of: format.endSentinel) {
                values.removeSubrange((end + 1)...)
                parityErrors = parityOK[...end].filter { !$0 }.count
            }
        }

        var characters = [UInt8]()
        characters.reserveCapacity(values.count)
        for value in values { characters.append(value + format.asciiOffset) }
        for index in values.indices { values[index] = 0 }
        return TrackReadout(
            format: format, characters: SensitiveBytes(characters), parityErrors: parityErrors,
            corrected: corrected, lrcOK: lrcOK, complete: complete)
    }

    /// The data value of the character at `position` and whether its parity is odd.
    private func character(_ bits: UnsafeBufferPointer<UInt8>, at position: Int) -> (UInt8, Bool) {
        var value: UInt8 = 0
        var ones = 0
        for bit in 0..<format.dataBits {
            let b = bits[position + bit]
            value |= b << UInt8(bit)
            ones += Int(b)
        }
        ones += Int(bits[position + format.dataBits])
        return (value, ones % 2 == 1)
    }

    private func oddParityHolds(value: UInt8, parityOf bits: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        (value.nonzeroBitCount + Int(bits[position + format.dataBits])) % 2 == 1
    }
}
