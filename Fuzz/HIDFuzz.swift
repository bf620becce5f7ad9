// libFuzzer entry: arbitrary bytes as a stream of USB reader reports (MagTek and
// keyboard), in chunks of every size, through the parsers and card validation.
// Built by scripts/fuzz.sh.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHID(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let today = YearMonth(year: 2026, month: 11)!
    for kind in HIDReaderKind.allCases {
        var stream = HIDReportStream(kind: kind)
        let chunk = max(1, Int(bytes.first ?? 1))
        var swipes: [HIDSwipe] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            swipes += stream.feed(bytes: bytes[start..<end]).swipes
            start = end
        }
        swipes += stream.finish().swipes
        for swipe in swipes {
            for track in swipe.tracks {
                // Whatever came in, a track handed on has the shape of a track.
                precondition((try? TrackData(format: track.format, characters: SensitiveBytes(track.characters.bytes))) != nil)
            }
            let check = swipe.check(today: today)
            precondition(!check.accepted || !swipe.tracks.isEmpty, "accepted a card without a track")
            swipe.wipe()
        }
    }
    return 0
}
