/// Turns the 8-byte boot-protocol keyboard reports of a keyboard-emulation reader
/// into swipes.
///
/// A report is a modifier byte (left shift 0x02, right shift 0x20), a reserved
/// byte and up to six key codes held down. A key types its character when it
/// first appears in a report; a report without it releases it. The reader types
/// `%…?` (track 1), `;…?` (track 2), maybe track 3, then Enter. US layout.
///
/// The typed characters live in a wipeable buffer and are wiped once a swipe is
/// made of them.
public struct KeyboardSwipeDecoder: Sendable {
    /// Bytes in one report.
    public static let reportLength = 8
    /// Most characters a swipe can type (three tracks and their sentinels); past
    /// this, the line is garbage and is dropped.
    public static let maximumLineLength = 256

    private var typed: [UInt8] = []
    private var held: Set<UInt8> = []
    private var overflowed = false

    /// Creates a decoder with nothing typed.
    public init() {}

    /// What a report did.
    public enum Outcome: Sendable {
        /// Nothing finished yet.
        case pending
        /// Enter ended a swipe.
        case swipe(HIDSwipe)
        /// Enter ended a line that was not a swipe; the text says why (never card data).
        case rejected(String)
    }

    /// Whether characters are waiting for their Enter.
    public var hasPendingCharacters: Bool { !typed.isEmpty || overflowed }

    /// Feeds one report. A report that is not 8 bytes is refused and changes nothing.
    public mutating func feed(_ report: some Collection<UInt8>) -> Outcome {
        guard report.count == Self.reportLength else {
            return .rejected("a keyboard report has 8 bytes, this one \(report.count)")
        }
        let bytes = Array(report)
        let shift = bytes[0] & 0x22 != 0
        let keys = bytes[2...].filter { $0 != 0 }
        // 0x01 in the key slots: the keyboard's own "too many keys" report. Nothing changed.
        if keys.contains(0x01) { return .pending }
        let pressed = keys.filter { !held.contains($0) }
        held = Set(keys)
        for key in pressed {
            if key == 0x28 || key == 0x58 { return endLine() }
            guard let character = Self.character(key, shift: shift) else { continue }
            if typed.count >= Self.maximumLineLength {
                overflowed = true
                wipeTyped()
            }
            if !overflowed { typed.append(character) }
        }
        return .pending
    }

    /// Ends a line that never got its Enter (the reader was pulled out, or the
    /// stream ended): what was typed is dropped, and said so.
    public mutating func flush() -> Outcome {
        guard hasPendingCharacters else { return .pending }
        wipeTyped()
        overflowed = false
        return .rejected("a swipe was cut off before its end (no Enter): swipe again")
    }

    private mutating func endLine() -> Outcome {
        defer {
            wipeTyped()
            overflowed = false
        }
        if overflowed { return .rejected("the reader typed more than a swipe holds: swipe again") }
        guard !typed.isEmpty else { return .pending }
        return .swipe(Self.swipe(fromLine: typed))
    }

    private mutating func wipeTyped() {
        for index in typed.indices { typed[index] = 0 }
        typed.removeAll(keepingCapacity: true)
    }

    /// Splits a typed line into its tracks: the first `%…?` is track 1, the first
    /// `;…?` track 2; a later `;…?` or `+…?` (track 3) is ignored.
    static func swipe(fromLine line: [UInt8]) -> HIDSwipe {
        var swipe = HIDSwipe(tracks: [], issues: [])
        var index = 0
        var seen: Set<UInt8> = []
        while index < line.count {
            let sentinel = line[index]
            guard sentinel == UInt8(ascii: "%") || sentinel == UInt8(ascii: ";") || sentinel == UInt8(ascii: "+")
            else {
                index += 1
                continue
            }
            let end = line[index...].firstIndex(of: UInt8(ascii: "?")) ?? (line.count - 1)
            let number = sentinel == UInt8(ascii: "%") ? 1 : (seen.contains(UInt8(ascii: ";")) ? 3 : 2)
            if sentinel != UInt8(ascii: "+"), number != 3, !seen.contains(sentinel) {
                HIDSwipe.track(number, characters: line[index...end], into: &swipe)
            }
            seen.insert(sentinel)
            index = end + 1
        }
        if swipe.tracks.isEmpty && swipe.issues.isEmpty {
            swipe.issues.append("The reader typed no track.")
        }
        return swipe
    }

    /// The US-layout character of a key code, or `nil` for keys a reader never types.
    static func character(_ key: UInt8, shift: Bool) -> UInt8? {
        switch key {
        case 0x04...0x1D:  // a-z
            return (shift ? UInt8(ascii: "A") : UInt8(ascii: "a")) + key - 0x04
        case 0x1E...0x27:  // 1-9, 0
            let plain = Array("1234567890".utf8)
            let shifted = Array("!@#$%^&*()".utf8)
            return (shift ? shifted : plain)[Int(key - 0x1E)]
        case 0x2C: return UInt8(ascii: " ")
        case 0x2D...0x38:
            let plain = Array("-=[]\\#;'`,./".utf8)
            let shifted = Array("_+{}|~:\"~<>?".utf8)
            return (shift ? shifted : plain)[Int(key - 0x2D)]
        default: return nil
        }
    }
}
