public import SwipeDecoding

/// Masks the card number inside raw track text, so a track can be shown.
public enum TrackMasking {
    /// The track's characters with the PAN reduced to first 6 + last 4.
    ///
    /// The PAN runs from after the start sentinel (and track 1's format code) to the
    /// first field separator. Everything after it (expiry, service code,
    /// discretionary data) is left as read.
    public static func masked(_ readout: TrackReadout) -> String {
        readout.characters.withBytes { bytes in
            var shown = Array(bytes)
            defer { for index in shown.indices { shown[index] = 0 } }
            let separator = readout.format == .iata ? UInt8(ascii: "^") : UInt8(ascii: "=")
            let panStart = readout.format == .iata ? 2 : 1
            let panEnd = shown.firstIndex(of: separator) ?? max(panStart, shown.count - 1)
            guard panEnd > panStart else { return String(decoding: shown, as: UTF8.self) }
            let length = panEnd - panStart
            let keepFront = length > 10 ? 6 : 0
            let keepBack = length > 10 ? 4 : 0
            for index in (panStart + keepFront)..<(panEnd - keepBack) { shown[index] = UInt8(ascii: "*") }
            return String(decoding: shown, as: UTF8.self)
        }
    }
}
