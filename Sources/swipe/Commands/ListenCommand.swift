import ArgumentParser
import Foundation
import SwipeCards
import SwipeDecoding
import SwipeHID
import SwipeInput

/// `swipe listen`: hears swipes on the audio-jack reader and USB readers.
struct ListenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Listen to card readers (ALSA audio, USB) and print each swipe as it ends.",
        discussion: """
            Prints each swipe as `swipe decode` prints a recording (with --json, one object per swipe whose \
            "source" names the reader). Ends on SIGINT or SIGTERM with the devices released.
            Exit status: with --once, 0 for an accepted card and 1 for a refused one or none; \
            0 otherwise; 2 when no source can be listened to.
            """
    )

    /// Where swipes come from.
    enum Source: String, ExpressibleByArgument, CaseIterable {
        case audio, hid, auto
    }

    @Option(help: "audio (ALSA), hid (USB readers) or auto (both).")
    var source: Source = .auto

    @Option(help: "ALSA capture PCM: default, plughw:CARD=Device,DEV=0, or one from ~/.asoundrc.")
    var device = "default"

    @Option(help: "Samples per second to ask the device for.")
    var rate = 48_000

    @Option(help: "Channels (2 for a dual-head reader).")
    var channels = 1

    @Option(help: "Frames per ALSA period.")
    var period = 1_024

    @OptionGroup var listening: ListenOptions

    func validate() throws {
        let rates = PCMFormat.supportedSampleRates
        guard rates.contains(Double(rate)) else {
            throw ValidationError("--rate must be \(Int(rates.lowerBound)) to \(Int(rates.upperBound)).")
        }
        guard (1...8).contains(channels) else { throw ValidationError("--channels must be 1 to 8.") }
        guard (32...65_536).contains(period) else { throw ValidationError("--period must be 32 to 65536 frames.") }
    }

    func run() async throws {
        var settings = CardListener.Settings()
        if source != .hid {
            var audio = AudioCapture.Settings()
            audio.device = device
            audio.rate = rate
            audio.channels = channels
            audio.periodFrames = period
            settings.audio = audio
        }
        settings.usb = source != .audio
        try await listening.run(settings, requireAll: source != .auto)
    }
}

/// The options `swipe listen` and `swipe hid listen` share.
struct ListenOptions: ParsableArguments {
    @Option(name: .customLong("usb"), help: "Another USB reader, VID:PID[:magtek|keyboard] in hexadecimal.")
    var extraReaders: [String] = []

    @Option(help: "Stop after this many seconds (of audio captured, or of time, whichever comes first).")
    var duration: Double?

    @Flag(help: "Exit after the first swipe that gives a card.")
    var once = false

    @Flag(help: "Print one JSON object per swipe, one line each.")
    var json = false

    @Flag(help: "Show whole card numbers (bring-up with test cards only).")
    var unmasked = false

    func validate() throws {
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive.") }
        _ = try readers()
    }

    /// The readers given with `--usb`.
    func readers() throws -> [SupportedReader] {
        do { return try extraReaders.map { try SupportedReader(parsing: $0) } } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Listens with these options on top of `settings`.
    func run(_ settings: CardListener.Settings, requireAll: Bool) async throws {
        var settings = settings
        settings.duration = duration
        settings.extraReaders = try readers()
        try await Listening.run(settings, once: once, json: json, unmasked: unmasked, requireAll: requireAll)
    }
}

/// The listening loop shared by `swipe listen` and `swipe hid listen`.
enum Listening {
    static func run(
        _ settings: CardListener.Settings, once: Bool, json: Bool, unmasked: Bool, requireAll: Bool
    ) async throws {
        if unmasked { printError("warning: --unmasked shows whole card numbers; use it with test cards only") }
        let listener = CardListener(settings: settings)
        let sources = (settings.audio == nil ? 0 : 1) + (settings.usb ? 1 : 0)
        let outcome = await withTaskGroup(of: Int32?.self) { group in
            group.addTask {
                if let signal = await StopSignals.wait() {
                    printError("stopping (\(signal == SIGINT ? "SIGINT" : "SIGTERM")), releasing the readers")
                }
                return nil
            }
            group.addTask {
                var output = ListenOutput(json: json, unmasked: unmasked)
                var failures = 0
                var sawCard = false
                var status: Int32 = 0
                await listener.listen { event in
                    switch event {
                    case .swipe(let heard):
                        defer { heard.wipe() }
                        output.print(heard)
                        guard heard.card.fields != nil else { return .proceed }
                        sawCard = true
                        guard once else { return .proceed }
                        status = heard.card.accepted ? 0 : 1
                        return .stop
                    case .status(let text):
                        printError(text)
                    case .reader:
                        break  // the status line above says it in words
                    case .levels:
                        break  // the console's setup view shows them
                    case .audioOverrun(let total):
                        printError("audio overrun: samples were lost (\(total) so far)")
                    case .sourceFailed(let text):
                        printError("error: \(text)")
                        failures += 1
                        if requireAll || failures == sources {
                            status = 2
                            return .stop
                        }
                    }
                    return .proceed
                }
                return status != 0 ? status : (once && !sawCard ? 1 : 0)
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            // The listening task ends only once its devices are closed: wait for it.
            var outcome = first
            while let next = await group.next() { outcome = outcome ?? next }
            return outcome
        }
        if let outcome, outcome != 0 { throw ExitCode(outcome) }
    }
}
