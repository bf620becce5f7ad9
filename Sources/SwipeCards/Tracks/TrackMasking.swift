/// Masks raw track text so that a track can be shown (PCI DSS 3.3 and 3.4).
///
/// What stays: the sentinels, track 1's format code, the field separators, the
/// PAN's first 6 and last 4 digits (none of it when the PAN has 10 digits or
/// fewer), the expiry and the service code. Everything else (the rest of the PAN,
/// the cardholder name, the discretionary data with its verification values)
/// becomes `*`, character for character.
public enum TrackMasking {
    /// A card number with at most its first 6 and last 4 digits shown (none of a
    /// number of 10 digits or fewer): the one rule for masking a PAN.
    public static func maskedNumber(_ digits: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var shown = [UInt8](repeating: UInt8(ascii: "*"), count: digits.count)
        guard digits.count > 10 else { return shown }
        for index in 0..<6 { shown[index] = digits[index] }
        for index in (digits.count - 4)..<digits.count { shown[index] = digits[index] }
        return shown
    }

    /// The masked text of a track's characters.
    public static func masked(_ track: TrackData) -> String {
        track.characters.withBytes { masked($0, format: track.format) }
    }

    /// The masked text of `characters` read as a track of `format`, whole or not.
    public static func masked(_ characters: UnsafeBufferPointer<UInt8>, format: TrackFormat) -> String {
        var shown = [UInt8](repeating: UInt8(ascii: "*"), count: characters.count)
        let start = format.startSentinel + format.asciiOffset
        let end = format.endSentinel + format.asciiOffset
        let separator = format.fieldSeparator + format.asciiOffset
        func keep(_ index: Int) { if index < characters.count { shown[index] = characters[index] } }
        for index in characters.indices where [start, end, separator].contains(characters[index]) { keep(index) }

        var cursor = characters.first == start ? 1 : 0
        if format == .iata, cursor < characters.count, characters[cursor] != separator {
            keep(cursor)  // the format code, `B` on a payment card
            cursor += 1
        }
        let panEnd = characters[cursor...].firstIndex(of: separator) ?? characters.count
        let pan = maskedNumber(UnsafeBufferPointer(rebasing: characters[cursor..<panEnd]))
        shown.replaceSubrange(cursor..<panEnd, with: pan)
        guard panEnd < characters.count else { return String(decoding: shown, as: UTF8.self) }
        cursor = panEnd + 1
        if format == .iata {  // the name, masked, up to its closing separator
            guard let nameEnd = characters[cursor...].firstIndex(of: separator) else {
                return String(decoding: shown, as: UTF8.self)
            }
            cursor = nameEnd + 1
        }
        // Expiry (4) and service code (3); a separator in their place means the field is omitted.
        var kept = 0
        while kept < 7, cursor < characters.count, characters[cursor] != end {
            if characters[cursor] == separator && kept < 4 {
                kept = 4
            } else {
                keep(cursor)
                kept += 1
            }
            cursor += 1
        }
        return String(decoding: shown, as: UTF8.self)
    }
}
