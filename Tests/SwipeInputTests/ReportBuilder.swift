/// Builds the raw reports USB readers send, for tests: the inverse of the parsers.
enum ReportBuilder {
    /// A 337-byte MagTek report. A `nil` track is sent as failed (status 1, length 0).
    static func magtek(track1: String?, track2: String?, track3: String? = nil, encodeType: UInt8 = 0) -> [UInt8] {
        var report = [UInt8](repeating: 0, count: 337)
        for (index, track) in [track1, track2, track3].enumerated() {
            guard let track else {
                report[index] = 1
                continue
            }
            let bytes = Array(track.utf8)
            report[3 + index] = UInt8(bytes.count)
            for (offset, byte) in bytes.enumerated() { report[7 + index * 110 + offset] = byte }
        }
        report[6] = encodeType
        return report
    }

    /// The 8-byte keyboard reports that type `text` then Enter: a press and a release
    /// per key, shift from the left or right shift key.
    static func keyboard(_ text: String, rightShift: Bool = false, enter: Bool = true) -> [[UInt8]] {
        var reports: [[UInt8]] = []
        for character in text.utf8 {
            guard let (key, shift) = keyCode(character) else { continue }
            reports.append([shift ? (rightShift ? 0x20 : 0x02) : 0, 0, key, 0, 0, 0, 0, 0])
            reports.append([0, 0, 0, 0, 0, 0, 0, 0])
        }
        if enter {
            reports.append([0, 0, 0x28, 0, 0, 0, 0, 0])
            reports.append([0, 0, 0, 0, 0, 0, 0, 0])
        }
        return reports
    }

    private static func keyCode(_ character: UInt8) -> (UInt8, Bool)? {
        let plainDigits = Array("1234567890".utf8)
        let shiftedDigits = Array("!@#$%^&*()".utf8)
        let plainPunctuation = Array("-=[]\\#;'`,./".utf8)
        let shiftedPunctuation = Array("_+{}|~:\"~<>?".utf8)
        switch character {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return (character - UInt8(ascii: "a") + 0x04, false)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return (character - UInt8(ascii: "A") + 0x04, true)
        case UInt8(ascii: " "): return (0x2C, false)
        default: break
        }
        if let index = plainDigits.firstIndex(of: character) { return (0x1E + UInt8(index), false) }
        if let index = shiftedDigits.firstIndex(of: character) { return (0x1E + UInt8(index), true) }
        if let index = plainPunctuation.firstIndex(of: character) { return (0x2D + UInt8(index), false) }
        if let index = shiftedPunctuation.firstIndex(of: character) { return (0x2D + UInt8(index), true) }
        return nil
    }
}
