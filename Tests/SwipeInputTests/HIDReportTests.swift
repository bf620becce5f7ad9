import SwipeCards
import SwipeHID
import SwipeSynthesis
import Testing

@Suite("USB reader reports: MagTek HID and keyboard emulation")
struct HIDReportTests {
    let today = YearMonth(year: 2026, month: 11)!
    let visa = TestCard.wellKnown("4242424242424242")

    func decode(_ kind: HIDReaderKind, _ bytes: [UInt8]) -> HIDReportStream.Output {
        var stream = HIDReportStream(kind: kind)
        var output = stream.feed(bytes: bytes)
        let end = stream.finish()
        output.swipes += end.swipes
        output.warnings += end.warnings
        return output
    }

    @Test("a MagTek report with both tracks gives an accepted card")
    func magtekBothTracks() throws {
        let output = decode(.magtek, ReportBuilder.magtek(track1: visa.track1, track2: visa.track2))
        let swipe = try #require(output.swipes.first)
        #expect(output.warnings.isEmpty)
        #expect(swipe.tracks.map(\.format) == [.iata, .aba])
        let check = swipe.check(today: today)
        #expect(check.accepted)
        #expect(check.fields?.number.masked == "424242******4242")
        #expect(check.fields?.name == "TEST/CARD")
    }

    @Test("a failed track is absent, not an error; both failed is unreadable")
    func magtekFailedTracks() throws {
        let onlyTrack2 = decode(.magtek, ReportBuilder.magtek(track1: nil, track2: visa.track2))
        let swipe = try #require(onlyTrack2.swipes.first)
        #expect(swipe.tracks.count == 1)
        #expect(swipe.check(today: today).accepted)
        #expect(swipe.issues == ["Track 1 could not be read by the reader."])
        let none = try #require(decode(.magtek, ReportBuilder.magtek(track1: nil, track2: nil)).swipes.first)
        #expect(none.check(today: today).problems == [.unreadable])
    }

    @Test("an LRC or padding after the end sentinel is not part of the track")
    func magtekTrailingBytes() throws {
        let output = decode(.magtek, ReportBuilder.magtek(track1: nil, track2: visa.track2 + "7\u{0}\u{0}"))
        #expect(try #require(output.swipes.first).check(today: today).accepted)
    }

    @Test("truncated, oversized and garbage MagTek reports give no card and a clear message")
    func magtekBroken() {
        let whole = ReportBuilder.magtek(track1: visa.track1, track2: visa.track2)
        let cut = decode(.magtek, Array(whole.prefix(200)))
        #expect(cut.swipes.isEmpty)
        #expect(cut.warnings == ["the last report is cut off (200 of 337 bytes) and was skipped"])
        var impossible = whole
        impossible[4] = 200
        let refused = decode(.magtek, impossible)
        #expect(refused.swipes.isEmpty)
        #expect(refused.warnings.first?.contains("track 2 has 200 characters") == true)
        var notATrack = ReportBuilder.magtek(track1: nil, track2: "4242424242424242=3012")
        notATrack[6] = 0
        let swipe = decode(.magtek, notATrack).swipes.first
        #expect(swipe?.check(today: today).accepted == false)
        #expect(swipe?.issues.contains { $0.contains("Track 2 is not a track") } == true)
        #expect(swipe?.issues.joined().contains("4242") == false)
    }

    @Test("keyboard reports type both tracks, shift from either key")
    func keyboard() throws {
        for rightShift in [false, true] {
            let reports = ReportBuilder.keyboard(visa.track1 + visa.track2, rightShift: rightShift)
            let output = decode(.keyboard, reports.flatMap { $0 })
            let swipe = try #require(output.swipes.first)
            #expect(swipe.tracks.map(\.format) == [.iata, .aba])
            #expect(swipe.check(today: today).accepted)
        }
    }

    @Test("keyboard: a reader's error track, a third track, a cut swipe, garbage")
    func keyboardEdges() throws {
        let failed = decode(.keyboard, ReportBuilder.keyboard("%E?" + visa.track2 + ";123?").flatMap { $0 })
        let swipe = try #require(failed.swipes.first)
        #expect(swipe.tracks.map(\.format) == [.aba])
        #expect(swipe.issues == ["Track 1 could not be read by the reader."])
        #expect(swipe.check(today: today).accepted)

        let cut = decode(.keyboard, ReportBuilder.keyboard(visa.track2, enter: false).flatMap { $0 })
        #expect(cut.swipes.isEmpty)
        #expect(cut.warnings == ["a swipe was cut off before its end (no Enter): swipe again"])

        let long = decode(.keyboard, ReportBuilder.keyboard(String(repeating: "1", count: 400)).flatMap { $0 })
        #expect(long.swipes.isEmpty)
        #expect(long.warnings == ["the reader typed more than a swipe holds: swipe again"])

        let words = decode(.keyboard, ReportBuilder.keyboard("hello there").flatMap { $0 })
        #expect(words.swipes.first?.check(today: today).problems == [.unreadable])
    }

    @Test("random bytes never give an accepted card and never crash")
    func randomBytes() {
        var random = SeededRandom(seed: 11)
        for round in 0..<300 {
            let count = Int.random(in: 0...1_400, using: &random)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            if round % 3 == 0 {  // plausible headers, random tracks
                bytes = ReportBuilder.magtek(track1: nil, track2: nil)
                for index in 7..<337 { bytes[index] = UInt8.random(in: 0x20...0x5F, using: &random) }
                bytes[4] = UInt8.random(in: 0...110, using: &random)
                bytes[1] = 0
            }
            for kind in HIDReaderKind.allCases {
                for swipe in decode(kind, bytes).swipes { #expect(!swipe.check(today: today).accepted) }
            }
        }
    }

    @Test("reader ids: built-in table, VID:PID given by hand")
    func supportedReaders() throws {
        #expect(SupportedReader.match(vendorID: 0x0801, productID: 0x0002)?.kind == .magtek)
        #expect(SupportedReader.match(vendorID: 0x0801, productID: 0x0001)?.kind == .keyboard)
        #expect(SupportedReader.match(vendorID: 0x0ACD, productID: 0x3810)?.kind == .keyboard)
        #expect(SupportedReader.match(vendorID: 0x046D, productID: 0xC52B) == nil)
        let extra = try SupportedReader(parsing: "1234:abcd:magtek")
        #expect(SupportedReader.match(vendorID: 0x1234, productID: 0xABCD, extra: [extra])?.kind == .magtek)
        #expect(throws: SupportedReaderError.self) { try SupportedReader(parsing: "12345:1") }
        #expect(throws: SupportedReaderError.self) { try SupportedReader(parsing: "0801:0002:serial") }
    }
}
