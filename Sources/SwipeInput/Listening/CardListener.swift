public import SwipeCards
public import SwipeDecoding
public import SwipeHID

/// Listens to every card source at once (the audio-jack reader through ALSA, USB
/// readers through libusb) and reports each swipe as soon as it ends, whichever
/// reader it came from.
public struct CardListener: Sendable {
    /// What to listen to.
    public struct Settings: Sendable {
        /// The audio-jack reader, or `nil` not to listen to audio.
        public var audio: AudioCapture.Settings?
        /// Whether to listen to USB readers.
        public var usb = false
        /// USB readers beyond the built-in list.
        public var extraReaders: [SupportedReader] = []
        /// Stop after this many seconds of audio captured or of time, whichever comes first
        /// (the same on a sound card; a file-fed PCM runs faster than time).
        public var duration: Double?
        /// The month that decides expiry, asked of the clock at each swipe: a listener runs for weeks.
        public var today: @Sendable () -> YearMonth
        /// Card acceptance rules.
        public var validator = CardValidator()

        /// Settings that listen to nothing yet, expiry judged by the clock's month.
        public init() {
            today = { YearMonth.current() }
        }

        /// Settings that listen to nothing yet, expiry judged as in `month` (tests, recordings of a past month).
        public init(today month: YearMonth) {
            today = { month }
        }
    }

    private let settings: Settings
    private let usbBackend: any USBReaderBackend

    /// Creates a listener; `usbBackend` is libusb unless a test gives another.
    public init(settings: Settings, usbBackend: any USBReaderBackend = LibUSBBackend()) {
        self.settings = settings
        self.usbBackend = usbBackend
    }

    /// What the handler wants after an event.
    public enum Next: Sendable {
        /// Keep listening.
        case proceed
        /// Stop every source, release every device, and return.
        case stop
    }

    /// Listens until `handle` says stop, the duration is reached, every source has
    /// ended, or the calling task is cancelled (SIGTERM, say). Returns only once
    /// every device is closed and every USB reader given back to its driver.
    public func listen(_ handle: (ListenEvent) -> Next) async {
        let (stream, continuation) = AsyncStream<ListenEvent>.makeStream()
        let settings = settings
        let usbBackend = usbBackend
        await withTaskGroup(of: Void.self) { outer in
            outer.addTask {
                // Each task says whether it ended because the duration was reached.
                await withTaskGroup(of: Bool.self) { group in
                    if let audio = settings.audio {
                        group.addTask { await Self.listenToAudio(audio, settings: settings, into: continuation) }
                    }
                    if let duration = settings.duration {
                        group.addTask {
                            try? await Task.sleep(for: .seconds(duration))
                            return true
                        }
                    }
                    if settings.usb {
                        group.addTask {
                            await Self.listenToUSB(usbBackend, settings: settings, into: continuation)
                            return false
                        }
                    }
                    // Listening ends when the duration is reached or the last source has ended for good (a
                    // failed audio device leaves the USB readers listening, and the other way round).
                    while let durationReached = await group.next() {
                        if durationReached || group.isEmpty { break }
                    }
                    group.cancelAll()
                }
                continuation.finish()
            }
            for await event in stream {
                if case .stop = handle(event) { break }
            }
            outer.cancelAll()
            // Whatever came after the stop is dropped, and its card data wiped.
            for await event in stream { if case .swipe(let heard) = event { heard.wipe() } }
        }
    }

    /// Listens to the audio reader; `true` when it stopped because the duration was reached.
    private static func listenToAudio(
        _ audio: AudioCapture.Settings, settings: Settings, into continuation: AsyncStream<ListenEvent>.Continuation
    ) async -> Bool {
        let capture = AudioCapture(settings: audio)
        var decoder: SwipeStreamDecoder?
        var meter: LevelMeter?
        var device = audio.device
        var frames = 0
        var rate = audio.rate
        var channels = audio.channels
        func emit(_ swipes: [DecodedSwipe]) {
            for swipe in swipes { continuation.yield(.swipe(HeardSwipe(source: device, reading: .audio(swipe)))) }
        }
        for await event in capture.events() {
            switch event {
            case .started(let name, let grantedRate, let grantedChannels, let period):
                device = name
                rate = grantedRate
                channels = grantedChannels
                decoder = SwipeStreamDecoder(
                    format: PCMFormat(sampleRate: Double(rate), channelCount: channels), today: settings.today(),
                    validator: settings.validator)
                meter = LevelMeter(channels: channels, sampleRate: rate)
                continuation.yield(.reader(.audio(name, connected: true)))
                continuation.yield(
                    .status(
                        "listening to \(name) at \(rate) Hz, \(channels) channel\(channels == 1 ? "" : "s"), "
                            + "\(period) frames per period"))
            case .audio(let samples):
                guard var current = decoder else { continue }
                if let readings = meter?.take(samples).last { continuation.yield(.levels(readings)) }
                current.today = settings.today()
                emit(current.process(samples))
                decoder = current
                frames += samples.count / max(1, channels)
                if let duration = settings.duration, Double(frames) >= duration * Double(rate) {
                    emit(current.finish())
                    decoder = nil
                    await capture.stopAndWait()
                    return true
                }
            case .overrun(let total):
                continuation.yield(.audioOverrun(total: total))
            case .deviceLost(let error):
                if var current = decoder { emit(current.finish()) }
                decoder = nil
                continuation.yield(.reader(.audio(audio.device, connected: false)))
                continuation.yield(.status("audio device \(audio.device) is gone (\(error.reason)): waiting for it"))
            case .failed(let error):
                continuation.yield(.reader(.audio(audio.device, connected: false)))
                let hint = error.deviceIsGone ? " (`arecord -L` lists the capture devices; see hardware/README.md)" : ""
                continuation.yield(.sourceFailed("cannot capture from \(audio.device): \(error)\(hint)"))
                return false
            }
        }
        // Cancelled (or capture ended): the device is closed before listening ends.
        await capture.stopAndWait()
        if var current = decoder { emit(current.finish()) }
        return false
    }

    private static func listenToUSB(
        _ backend: any USBReaderBackend, settings: Settings,
        into continuation: AsyncStream<ListenEvent>.Continuation
    ) async {
        var hub = HIDReaderHub()
        let clock = ContinuousClock()
        let began = clock.now
        continuation.yield(.status("listening for USB readers: a supported reader is used as soon as it is plugged in"))
        for await event in backend.events(extra: settings.extraReaders) {
            for output in hub.handle(event) {
                switch output {
                case .connected(let device):
                    continuation.yield(.reader(.usb("\(device)", connected: true)))
                    continuation.yield(.status("USB reader \(device) (\(device.reader.kind)) is ready"))
                case .swipe(let device, let swipe):
                    let check = swipe.check(with: settings.validator, today: settings.today())
                    let elapsed = clock.now - began
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                    continuation.yield(
                        .swipe(
                            HeardSwipe(
                                source: "usb \(device)", reading: .usb(swipe, check, at: seconds))))
                case .warning(let device, let text):
                    continuation.yield(.status(device.map { "USB reader \($0): \(text)" } ?? text))
                case .disconnected(let device, let reason):
                    continuation.yield(.reader(.usb("\(device)", connected: false)))
                    continuation.yield(.status("USB reader \(device) is gone: \(reason)"))
                }
            }
        }
        // The backend's events end on their own only when USB cannot be used at all (no libusb context).
        if !Task.isCancelled {
            continuation.yield(
                .sourceFailed("USB readers cannot be listened to on this machine (libusb did not start; see above)"))
        }
    }
}

/// What listening reports.
public enum ListenEvent: Sendable {
    /// A swipe ended on some reader.
    case swipe(HeardSwipe)
    /// Something a person watching the station should know (never card data).
    case status(String)
    /// The audio device overran; `total` overruns so far.
    case audioOverrun(total: Int)
    /// A source cannot be listened to at all (never card data).
    case sourceFailed(String)
    /// A reader came or went (the station's status shows it).
    case reader(ReaderPresence)
    /// The audio reader's input level, each channel's, a few times a second.
    case levels([LevelMeter.Reading])
}

/// A reader that came or went.
public enum ReaderPresence: Sendable, Equatable {
    /// The audio capture device `name` started (`true`) or was lost (`false`).
    case audio(String, connected: Bool)
    /// The USB reader `name` (`vvvv:pppp at bus-port`) was claimed or is gone.
    case usb(String, connected: Bool)
}

/// One swipe heard on one reader.
public struct HeardSwipe: Sendable {
    /// The reader: the ALSA device name, or `usb vvvv:pppp at 1-1.3`.
    public var source: String
    /// What was read.
    public var reading: Reading

    /// What a reader delivered.
    public enum Reading: Sendable {
        /// Decoded from the audio-jack reader.
        case audio(DecodedSwipe)
        /// Reported by a USB reader, checked, `at` seconds after listening began.
        case usb(HIDSwipe, CardCheck, at: Double)
    }

    /// Creates a heard swipe.
    public init(source: String, reading: Reading) {
        self.source = source
        self.reading = reading
    }

    /// Which kind of reader heard it.
    public var readerKind: ReaderKind {
        switch reading {
        case .audio: .audio
        case .usb: .usb
        }
    }

    /// The verdict on the card.
    public var card: CardCheck {
        switch reading {
        case .audio(let swipe): swipe.card
        case .usb(_, let check, _): check
        }
    }

    /// The tracks that passed their checks, sharing the swipe's buffers (wiping either wipes both).
    public var tracks: [TrackData] {
        switch reading {
        case .audio(let swipe): swipe.tracks.compactMap(\.readout.trackData)
        case .usb(let swipe, _, _): swipe.tracks
        }
    }

    /// Overwrites the card data.
    public func wipe() {
        switch reading {
        case .audio(let swipe): swipe.wipe()
        case .usb(let swipe, let check, _):
            swipe.wipe()
            check.fields?.wipe()
        }
    }
}

/// The kinds of card reader: the audio-jack reader through the sound card, or a USB reader.
public enum ReaderKind: String, Sendable, Codable, CaseIterable {
    /// The audio-jack reader, decoded from the sound card's capture.
    case audio
    /// A USB reader (MagTek HID or keyboard emulation).
    case usb
}
