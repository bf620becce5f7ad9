import SwipeCards
import SwipeHID
import SwipeInput
import SwipeSynthesis
import Testing

/// A USB side that plays a script of events, as a reader plugged, swiped and pulled would.
struct ScriptedUSBBackend: USBReaderBackend {
    var script: [USBReaderEvent]
    var holdOpen = false

    func list(extra: [SupportedReader]) throws(USBError) -> [USBReaderListing] {
        script.compactMap { event in
            if case .attached(let device) = event { return USBReaderListing(device: device, openProblem: nil) }
            return nil
        }
    }

    func events(extra: [SupportedReader]) -> AsyncStream<USBReaderEvent> {
        let script = script
        let holdOpen = holdOpen
        return AsyncStream { continuation in
            for event in script { continuation.yield(event) }
            if !holdOpen { continuation.finish() }
        }
    }
}

extension USBReaderEvent {
    /// Reports as a reader delivers them, in a wipeable buffer.
    static func reports(_ device: USBReaderDevice, bytes: some Sequence<UInt8>) -> USBReaderEvent {
        .reports(device, SensitiveBytes(Array(bytes)))
    }
}

@Suite("USB readers: hotplug, unplug and reports, without a device")
struct HIDReaderHubTests {
    let today = YearMonth(year: 2026, month: 11)!
    let magtek = USBReaderDevice(
        location: "1-1.2", vendorID: 0x0801, productID: 0x0002,
        reader: SupportedReader.match(vendorID: 0x0801, productID: 0x0002)!)
    let keyboard = USBReaderDevice(
        location: "1-1.3", vendorID: 0xFFFF, productID: 0x0035,
        reader: SupportedReader.match(vendorID: 0xFFFF, productID: 0x0035)!)
    let card = TestCard.wellKnown("5555555555554444")

    @Test("reports split across transfers, two readers at once, a reader pulled mid-swipe")
    func hub() {
        var hub = HIDReaderHub()
        let report = ReportBuilder.magtek(track1: card.track1, track2: card.track2)
        let typed = ReportBuilder.keyboard(card.track2).flatMap { $0 }
        var outputs: [HIDReaderHub.Output] = []
        let events: [USBReaderEvent] = [
            .attached(magtek), .attached(keyboard),
            .reports(magtek, bytes: Array(report[0..<64])), .reports(keyboard, bytes: Array(typed[0..<40])),
            .reports(magtek, bytes: Array(report[64...])), .reports(keyboard, bytes: Array(typed[40...])),
            .reports(keyboard, bytes: ReportBuilder.keyboard("%B555", enter: false).flatMap { $0 }),
            .detached(keyboard, reason: "the reader was unplugged"),
            .reports(keyboard, bytes: typed),
        ]
        for event in events { outputs += hub.handle(event) }
        let swipes = outputs.compactMap { output -> (USBReaderDevice, HIDSwipe)? in
            if case .swipe(let device, let swipe) = output { return (device, swipe) }
            return nil
        }
        #expect(swipes.map(\.0) == [magtek, keyboard])
        #expect(swipes.allSatisfy { $0.1.check(today: today).accepted })
        let warnings = outputs.compactMap { output -> String? in
            if case .warning(_, let text) = output { return text }
            return nil
        }
        #expect(
            warnings == [
                "a swipe was cut off before its end (no Enter): swipe again",
                "reports from a reader that was not attached were ignored",
            ])
        #expect(hub.attached == [magtek])
        // The raw reports are track data: the hub wipes each buffer once it has parsed it.
        let raw = SensitiveBytes(report)
        _ = hub.handle(.reports(magtek, raw))
        #expect(raw.isEmpty)
    }

    @Test("the listener hears a USB swipe and stops when told")
    func listener() async {
        var settings = CardListener.Settings(today: today)
        settings.usb = true
        let backend = ScriptedUSBBackend(
            script: [
                .notice("USB hotplug is not available: polling"), .attached(magtek),
                .reports(magtek, bytes: ReportBuilder.magtek(track1: nil, track2: card.track2)),
                .reports(magtek, bytes: ReportBuilder.magtek(track1: card.track1, track2: card.track2)),
            ], holdOpen: true)
        var heard: [HeardSwipe] = []
        var statuses: [String] = []
        await CardListener(settings: settings, usbBackend: backend).listen { event in
            switch event {
            case .swipe(let swipe):
                heard.append(swipe)
                return .stop
            case .status(let text): statuses.append(text)
            default: break
            }
            return .proceed
        }
        #expect(heard.count == 1)
        #expect(heard.first?.source == "usb 0801:0002 at 1-1.2")
        #expect(heard.first?.card.accepted == true)
        #expect(statuses.contains("USB reader 0801:0002 at 1-1.2 (MagTek HID) is ready"))
        for swipe in heard { swipe.wipe() }
    }

    @Test("USB that cannot be used at all is a failed source, said in words, never a silent end")
    func usbUnavailable() async {
        var settings = CardListener.Settings(today: today)
        settings.usb = true
        let backend = ScriptedUSBBackend(script: [.notice("USB readers are not available: libusb: no access")])
        var failures: [String] = []
        var statuses: [String] = []
        await CardListener(settings: settings, usbBackend: backend).listen { event in
            switch event {
            case .sourceFailed(let text): failures.append(text)
            case .status(let text): statuses.append(text)
            default: break
            }
            return .proceed
        }
        #expect(failures.count == 1, "\(statuses)")
        #expect(failures.first?.contains("USB readers cannot be listened to") == true)
        #expect(statuses.first?.hasPrefix("listening for USB readers") == true)
    }
}
