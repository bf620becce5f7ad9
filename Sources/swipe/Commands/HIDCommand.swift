import ArgumentParser
import Foundation
import SwipeCards
import SwipeHID
import SwipeInput
import SwipeReports

/// `swipe hid`: USB card readers.
struct HIDCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hid",
        abstract: "USB card readers (MagTek HID, keyboard emulation): list, listen, decode captured reports.",
        subcommands: [HIDListCommand.self, HIDListenCommand.self, HIDDecodeCommand.self]
    )
}

/// `swipe hid list`.
struct HIDListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the supported USB readers present, and whether swipe can open them.")

    @Option(name: .customLong("usb"), help: "Another USB reader, VID:PID[:magtek|keyboard] in hexadecimal.")
    var extraReaders: [String] = []

    func run() throws {
        let extra: [SupportedReader]
        do { extra = try extraReaders.map { try SupportedReader(parsing: $0) } } catch {
            throw ValidationError("\(error)")
        }
        let listings: [USBReaderListing]
        do { listings = try LibUSBBackend().list(extra: extra) } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        guard !listings.isEmpty else {
            print("No supported USB card reader is plugged in.")
            return
        }
        for listing in listings {
            let device = listing.device
            let state = listing.openProblem.map { "cannot open: \($0)" } ?? "ready"
            print("\(device)  \(device.reader.kind)  \(device.reader.name)  \(state)")
        }
    }
}

/// `swipe hid listen`.
struct HIDListenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen", abstract: "Listen to USB card readers only; print each swipe as it comes.")

    @OptionGroup var listening: ListenOptions

    func run() async throws {
        var settings = CardListener.Settings()
        settings.usb = true
        try await listening.run(settings, requireAll: true)
    }
}

/// `swipe hid decode`.
struct HIDDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode files of raw USB reader reports, as captured from a reader.",
        discussion: """
            A file holds whole reports back to back: 337-byte MagTek reports, or 8-byte keyboard reports. \
            Prints what `swipe decode` prints for a recording. Exit status: 0 when every file gave an accepted \
            card, 1 otherwise, 2 for usage or file errors.
            """
    )

    @Option(help: "magtek (337-byte HID reports) or keyboard (8-byte boot keyboard reports).")
    var format: ReportFormat

    @Flag(help: "Print one JSON object per file, one line each.")
    var json = false

    @Flag(help: "Show whole card numbers (bring-up with test cards only).")
    var unmasked = false

    @Argument(help: "Files of raw reports.")
    var files: [String]

    func run() throws {
        if unmasked { printError("warning: --unmasked shows whole card numbers; use it with test cards only") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let today = YearMonth.current()
        var allAccepted = true
        var fileErrors = false
        for file in files {
            guard var bytes = FileManager.default.contents(atPath: file).map([UInt8].init) else {
                printError("\(file): cannot read the file")
                fileErrors = true
                continue
            }
            var stream = HIDReportStream(kind: format.kind)
            var output = stream.feed(bytes: bytes)
            for index in bytes.indices { bytes[index] = 0 }
            let end = stream.finish()
            output.swipes += end.swipes
            output.warnings += end.warnings
            defer { for swipe in output.swipes { swipe.wipe() } }
            let checks = output.swipes.map { $0.check(today: today) }
            defer { for check in checks { check.fields?.wipe() } }
            if !checks.contains(where: \.accepted) { allAccepted = false }
            let reports = zip(output.swipes, checks).enumerated().map { index, pair in
                SwipeReport(pair.0, card: pair.1, at: Double(index), unmasked: unmasked)
            }
            let warnings = output.warnings + output.swipes.flatMap(\.issues)
            if json {
                let report = FileReport(source: file, swipes: reports, warnings: warnings)
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                SwipeSummary.lines(source: file, reports: reports).forEach { print($0) }
                for warning in warnings { print("  warning: \(warning)") }
            }
        }
        if fileErrors { throw ExitCode(2) }
        if !allAccepted { throw ExitCode(1) }
    }
}

/// `--format` of `swipe hid decode`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case magtek, keyboard

    var kind: HIDReaderKind { self == .magtek ? .magtek : .keyboard }
}
