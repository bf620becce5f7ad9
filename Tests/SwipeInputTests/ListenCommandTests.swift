import Foundation
import SwipeSynthesis
import SwipeTestSupport
import Testing
import WAVFile

/// `swipe listen` and `swipe hid decode` as a user runs them: the built binary,
/// with audio fed through real libasound capture by ALSA's `file` plugin.
@Suite("swipe listen through real ALSA capture")
struct ListenCommandTests {
    static let root = SwipeBinary.root
    static let binary = SwipeBinary.path

    /// A home folder whose `.asoundrc` defines `swipetest`, a capture PCM that reads
    /// `audio` (16-bit little-endian raw samples, padded with silence).
    struct ALSAHome {
        let folder: URL

        init(audio: [Float], channels: Int, rate: Int, padSeconds: Double = 1) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("swipe-alsa-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var raw = Data(capacity: audio.count * 2)
            for sample in audio + [Float](repeating: 0, count: Int(padSeconds * Double(rate)) * channels) {
                let value = Int16(max(-32_768, min(32_767, (sample * 32_768).rounded())))
                withUnsafeBytes(of: value.littleEndian) { raw.append(contentsOf: $0) }
            }
            let rawFile = folder.appendingPathComponent("swipe.raw")
            try raw.write(to: rawFile)
            let config = """
                pcm.swipetest {
                    type file
                    slave.pcm "null"
                    file "/dev/null"
                    infile "\(rawFile.path)"
                    format "raw"
                }
                """
            try config.write(to: folder.appendingPathComponent(".asoundrc"), atomically: true, encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    static func run(_ arguments: [String], home: URL? = nil) throws -> SwipeBinary.Result {
        try SwipeBinary.run(arguments, home: home)
    }

    static func recording(_ file: String) throws -> WAVAudio {
        try WAVReader.read([UInt8](try Data(contentsOf: root.appendingPathComponent("hardware/\(file)"))))
    }

    static func json(_ line: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test(
        "--once --json: a Visa swipe through libasound, in decode's JSON shape, masked", arguments: [37, 1_024, 4_096])
    func once(period: Int) throws {
        let audio = try Self.recording("visa-track2-44k.wav")
        let home = try ALSAHome(audio: audio.samples, channels: 1, rate: 44_100)
        defer { home.remove() }
        let result = try Self.run(
            [
                "listen", "--source", "audio", "--device", "swipetest", "--rate", "44100", "--period", "\(period)",
                "--once", "--json",
            ], home: home.folder)
        #expect(result.status == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try Self.json(try #require(lines.first))
        #expect(object["source"] as? String == "swipetest")
        let swipe = try #require((object["swipes"] as? [[String: Any]])?.first)
        let card = try #require(swipe["card"] as? [String: Any])
        #expect(card["accepted"] as? Bool == true)
        #expect(card["pan"] as? String == "424242******4242")
        #expect(!result.out.contains("4242424242424242"))
        #expect(result.err.contains("listening to swipetest at 44100 Hz"))
    }

    @Test("a dual-head reader on two channels, and every swipe of a recording without --once")
    func stereoAndMany() throws {
        let dual = try Self.recording("mastercard-dual-head-48k.wav")
        let home = try ALSAHome(audio: dual.samples, channels: 2, rate: 48_000)
        defer { home.remove() }
        let result = try Self.run(
            ["listen", "--source", "audio", "--device", "swipetest", "--channels", "2", "--once", "--json"],
            home: home.folder)
        #expect(result.status == 0, "\(result.err)")
        let firstLine = try #require(result.out.split(separator: "\n").first)
        let swipe = try #require((try Self.json(firstLine)["swipes"] as? [[String: Any]])?.first)
        #expect((swipe["tracks"] as? [[String: Any]])?.count == 2)

        let event = try Self.recording("event-three-swipes-44k.wav")
        let eventHome = try ALSAHome(audio: event.samples, channels: 1, rate: 44_100)
        defer { eventHome.remove() }
        let all = try Self.run(
            ["listen", "--source", "audio", "--device", "swipetest", "--rate", "44100", "--duration", "12", "--json"],
            home: eventHome.folder)
        #expect(all.status == 0, "\(all.err)")
        #expect(all.out.split(separator: "\n").count == 3)
    }

    @Test("capture that starts late or in the middle of a swipe loses no card a file of the same audio gives")
    func startMidSwipe() throws {
        let audio = try Self.recording("visa-track2-44k.wav")
        let swipeStart = 0.3
        for offset in [0.0, 0.2, 0.28, swipeStart + 0.02, swipeStart + 0.06] {
            let samples = Array(audio.samples.dropFirst(Int(offset * 44_100)))
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "swipe-cut-\(UUID().uuidString).wav")
            try Data(WAVWriter.bytes(samples: samples, sampleRate: 44_100, channelCount: 1)).write(to: folder)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = try Self.run(["decode", "--json", folder.path])
            let home = try ALSAHome(audio: samples, channels: 1, rate: 44_100)
            defer { home.remove() }
            let live = try Self.run(
                [
                    "listen", "--source", "audio", "--device", "swipetest", "--rate", "44100", "--duration", "3",
                    "--json",
                ],
                home: home.folder)
            #expect(live.status == 0, "\(live.err)")
            let fileAccepted = file.out.contains("\"accepted\":true")
            let liveAccepted = live.out.contains("\"accepted\":true")
            #expect(!fileAccepted || liveAccepted, "offset \(offset): the file gave a card that capture lost")
            if offset < swipeStart { #expect(liveAccepted, "offset \(offset)") }
        }
    }

    @Test("noise gives no card; --once then exits 1 at the end of the audio")
    func noise() throws {
        let audio = try Self.recording("noise-only-44k.wav")
        let home = try ALSAHome(audio: audio.samples, channels: 1, rate: 44_100)
        defer { home.remove() }
        let result = try Self.run(
            ["listen", "--source", "audio", "--device", "swipetest", "--rate", "44100", "--duration", "4", "--once"],
            home: home.folder)
        #expect(result.status == 1)
        #expect(result.out.isEmpty)
    }

    @Test("a device that cannot be opened: a clear message with ALSA's words, exit 2")
    func missingDevice() throws {
        let result = try Self.run(["listen", "--source", "audio", "--device", "no-such-pcm", "--once"])
        #expect(result.status == 2)
        #expect(result.err.contains("cannot capture from no-such-pcm: open no-such-pcm: No such file or directory"))
    }

    @Test("SIGTERM ends listening cleanly, with the device closed")
    func sigterm() throws {
        let home = try ALSAHome(audio: [], channels: 1, rate: 48_000, padSeconds: 0)
        defer { home.remove() }
        // A FIFO paces capture like a real device: each read waits for the writer.
        let fifo = home.folder.appendingPathComponent("paced.raw")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let config = """
            pcm.paced { type file slave.pcm "null" file "/dev/null" infile "\(fifo.path)" format "raw" }
            """
        try config.write(to: home.folder.appendingPathComponent(".asoundrc"), atomically: true, encoding: .utf8)
        let writer = try ChildProcess(
            "/bin/sh", ["-c", "while :; do head -c 4800 /dev/zero || exit 0; sleep 0.05; done > '\(fifo.path)'"])
        defer {
            writer.send(SIGTERM)
            writer.waitForExit()
        }

        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.folder.path
        let log = home.folder.appendingPathComponent("listen.log").path
        let process = try ChildProcess(
            Self.binary.path, ["listen", "--source", "audio", "--device", "paced"], environment: environment,
            stderr: .file(log))
        Thread.sleep(forTimeInterval: 1.5)
        process.send(SIGTERM)
        let status = process.waitForExit()
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "exited, 0, on SIGTERM: \(text)")
        #expect(text.contains("listening to paced"))
        #expect(text.contains("stopping (SIGTERM)"))
    }

    @Test("swipe hid decode: MagTek and keyboard report files, in decode's shape and exit statuses")
    func hidDecode() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swipe-hid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let card = TestCard.wellKnown("5555555555554444")
        let magtek = folder.appendingPathComponent("magtek.bin")
        try Data(ReportBuilder.magtek(track1: card.track1, track2: card.track2)).write(to: magtek)
        let keyboard = folder.appendingPathComponent("keyboard.bin")
        try Data(ReportBuilder.keyboard(card.track1 + card.track2).flatMap { $0 }).write(to: keyboard)
        let torn = folder.appendingPathComponent("torn.bin")
        try Data(ReportBuilder.magtek(track1: card.track1, track2: card.track2).prefix(100)).write(to: torn)

        let good = try Self.run(["hid", "decode", "--format", "magtek", "--json", magtek.path])
        #expect(good.status == 0, "\(good.err)")
        let object = try Self.json(try #require(good.out.split(separator: "\n").first))
        let swipe = try #require((object["swipes"] as? [[String: Any]])?.first)
        #expect((swipe["card"] as? [String: Any])?["pan"] as? String == "555555******4444")
        #expect(!good.out.contains("5555555555554444"))
        let tracks = try #require(swipe["tracks"] as? [[String: Any]])
        #expect(tracks.compactMap { $0["data"] as? String }.contains(";555555******4444=3012101******?"))

        #expect(try Self.run(["hid", "decode", "--format", "keyboard", keyboard.path]).status == 0)
        let broken = try Self.run(["hid", "decode", "--format", "magtek", torn.path])
        #expect(broken.status == 1)
        #expect(broken.out.contains("the last report is cut off (100 of 337 bytes)"))
        #expect(
            try Self.run(["hid", "decode", "--format", "magtek", folder.appendingPathComponent("none").path]).status
                == 2)
    }
}
