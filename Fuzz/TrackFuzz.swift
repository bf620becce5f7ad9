// libFuzzer entry: arbitrary bytes as F2F bits (and as pulse intervals), through the
// bit clock, the track parser and card validation. Built by scripts/fuzz.sh.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrack(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var bits: [UInt8] = []
    bits.reserveCapacity(size * 8)
    for byte in bytes { for bit in 0..<8 { bits.append((byte >> UInt8(bit)) & 1) } }
    let today = YearMonth(year: 2026, month: 11)!
    for format in TrackFormat.allCases {
        if let readout = TrackParser(format: format).parse(bits) {
            let check = CardValidator().check([readout], today: today)
            precondition(!check.accepted || readout.isValid, "accepted a card from an invalid track")
        }
    }
    // The same bytes as pulse spacings, through the clock.
    let intervals = bytes.map { Double($0) + 1 }
    let streams = intervals.withUnsafeBufferPointer { F2FBitDecoder().decodeCandidates($0) }
    for stream in streams {
        for format in TrackFormat.allCases { _ = TrackParser(format: format).parse(stream) }
    }
    return 0
}
