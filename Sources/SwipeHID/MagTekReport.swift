/// The input report of a MagTek USB HID swipe reader (vendor 0x0801).
///
/// 337 bytes, one per swipe, sent even when decoding failed:
///
/// | bytes | what |
/// |---|---|
/// | 0-2 | decode status of tracks 1-3 (0 = ok; bit 0 set = error) |
/// | 3-5 | lengths of tracks 1-3 |
/// | 6 | card encode type (0 ISO/ABA, 1 AAMVA, 3 blank, 4 other, 5 undetermined, 6 none) |
/// | 7-116, 117-226, 227-336 | the characters of tracks 1, 2 and 3 |
///
/// A track whose status is not 0 is absent, not an error. Track 3 is never used.
public enum MagTekReport {
    /// Bytes in one report.
    public static let length = 337
    /// Bytes of each track's field.
    public static let trackFieldLength = 110

    /// What is wrong with a report as a whole.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Not 337 bytes.
        case wrongLength(Int)
        /// A track length larger than its field.
        case impossibleLength(track: Int, length: Int)

        /// One line for a person.
        public var description: String {
            switch self {
            case .wrongLength(let count): "a MagTek report has 337 bytes, this one \(count)"
            case .impossibleLength(let track, let length):
                "the report says track \(track) has \(length) characters, more than its 110-byte field"
            }
        }
    }

    /// Reads one report. The bytes are not kept: the tracks are copied into wipeable buffers.
    public static func parse(_ report: some Collection<UInt8>) throws(Failure) -> HIDSwipe {
        guard report.count == length else { throw .wrongLength(report.count) }
        var bytes = Array(report)
        defer { for index in bytes.indices { bytes[index] = 0 } }  // this copy holds card data
        for track in 0..<3 where Int(bytes[3 + track]) > trackFieldLength {
            throw .impossibleLength(track: track + 1, length: Int(bytes[3 + track]))
        }
        var swipe = HIDSwipe(tracks: [], issues: [])
        for track in 0..<2 {
            let status = bytes[track]
            let count = Int(bytes[3 + track])
            guard status == 0 else {
                swipe.issues.append("Track \(track + 1) could not be read by the reader.")
                continue
            }
            guard count > 0 else { continue }
            let start = 7 + track * trackFieldLength
            HIDSwipe.track(track + 1, characters: bytes[start..<(start + count)], into: &swipe)
        }
        switch bytes[6] {
        case 1: swipe.issues.append("The reader says this is a driving licence (AAMVA), not a payment card.")
        case 3: swipe.issues.append("The reader says the card's stripe is blank.")
        default: break
        }
        return swipe
    }
}
