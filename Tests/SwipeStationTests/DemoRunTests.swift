import Foundation
import SwipeTestSupport
import Testing

/// `swipe demo` as the README runs it: the built binary, the bundled recordings played
/// through real ALSA capture (the `file` plugin on a FIFO), the embedded catalog.
@Suite("swipe demo: the first ten minutes")
struct DemoRunTests {
    /// A folder outside the clone, as a user's own working folder.
    private static func elsewhere() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "swipe-demo-cwd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("run from another folder: all seven swipes, the journal, the test charge, its void and the report, exit 0")
    func demoFromAnywhere() async throws {
        let folder = try Self.elsewhere()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await offPool { try SwipeBinary.run(["demo"], directory: folder) }
        let out = result.out
        #expect(result.status == 0, "\(out)\n\(result.err)")
        let outcomes = out.split(separator: "\n").filter {
            $0.hasPrefix("  APPROVED") || $0.hasPrefix("  DECLINED") || $0.hasPrefix("  REFUSED")
        }
        #expect(outcomes.count == 7, "\(out)")
        #expect(outcomes.filter { $0.hasPrefix("  APPROVED") }.count == 4, "\(out)")
        #expect(out.contains("American Express"), "\(out)")
        #expect(out.contains("expired") || out.contains("Expired"), "\(out)")
        // In order, each step after the one before.
        let steps = [
            "== the school-payments catalog", "== the station at the door", "== swipes from",
            "== the station's journal", "== the bookkeeper tests the setup", "voided before midnight Eastern",
            "== the day's report", "demo finished",
        ]
        let positions = steps.map { out.range(of: $0)?.lowerBound }
        #expect(!positions.contains(nil), "\(out)")
        let found = positions.compactMap { $0 }
        #expect(found == found.sorted(), "\(out)")
        #expect(out.contains("Receipt ") && out.contains("VOIDED"), "\(out)")
        #expect(out.contains(" EST") || out.contains(" EDT"), "times name their zone: \(out)")
        #expect(!out.contains("Error Domain") && !result.err.contains("Error Domain"))
    }

    @Test("a folder without the recordings: a sentence naming it and what to do, exit 2")
    func missingRecordings() throws {
        let folder = try Self.elsewhere()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try SwipeBinary.run(["demo", "--recordings", folder.path], directory: folder)
        #expect(result.status == 2)
        #expect(result.err.contains(folder.path) && result.err.contains("--recordings"), "\(result.err)")
        #expect(!result.err.contains("Error Domain") && !result.err.contains("NSCocoaErrorDomain"))
    }
}

/// What the command line says when it is used wrongly or given the wrong file.
@Suite("swipe: usage and file errors in words")
struct CommandLineErrorTests {
    @Test("a usage error exits 2 with the usage")
    func usageExitsTwo() throws {
        let result = try SwipeBinary.run(["decode", "--no-such-option"])
        #expect(result.status == 2, "\(result.err)")
        #expect(result.err.contains("Usage"), "\(result.err)")
        let listen = try SwipeBinary.run(["listen", "--rate", "5"])
        #expect(listen.status == 2, "\(listen.err)")
        let level = try SwipeBinary.run(["run", "--config", "station.yaml", "--log-level", "bogus"])
        #expect(level.status == 2 && level.err.contains("trace, debug, info"), "\(level.err)")
    }

    @Test("a folder or a missing file where a file belongs is said in words")
    func fileErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swipe-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for arguments in [
            ["run", "--config", folder.path], ["journal", "--config", folder.path],
            ["run", "--config", folder.path + "/missing.yaml"], ["decode", folder.path],
            ["decode", folder.path + "/missing.wav"],
        ] {
            let result = try SwipeBinary.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.err)")
            #expect(!result.err.contains("Error Domain") && !result.err.contains("NSCocoaErrorDomain"), "\(result.err)")
            #expect(result.err.contains(folder.path), "\(arguments): \(result.err)")
            #expect(
                result.err.contains("folder") || result.err.contains("no such file")
                    || result.err.contains("No such file"), "\(arguments): \(result.err)")
        }
    }
}
