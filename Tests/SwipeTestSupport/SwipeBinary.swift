public import Foundation
import Testing

/// The built `swipe` executable, run as a user runs it: for tests of the commands.
public enum SwipeBinary {
    /// The repository's root folder.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardized
    /// `.build/debug/swipe`.
    public static let path = root.appendingPathComponent(".build/debug/swipe")

    /// What a run printed and how it ended.
    public struct Result: Sendable {
        /// Exit status.
        public var status: Int32
        /// Standard output.
        public var out: String
        /// Standard error.
        public var err: String
    }

    /// Runs `swipe arguments` in `directory` (the repository's root unless given), with
    /// `HOME` set to `home` when given. A missing binary fails the test (build it first),
    /// never skips it.
    public static func run(
        _ arguments: [String], home: URL? = nil, directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        try #require(FileManager.default.fileExists(atPath: path.path), "build swipe first: swift build")
        return try runProgram(path.path, arguments, home: home, directory: directory, environment: environment)
    }

    /// Runs `program arguments` in `directory` (the repository's root unless given), with
    /// `environment` added to the test's: a tool the tests use, like `openssl`.
    public static func runProgram(
        _ program: String, _ arguments: [String], home: URL? = nil, directory: URL? = nil,
        environment extra: [String: String] = [:]
    ) throws -> Result {
        var environment = ProcessInfo.processInfo.environment
        if let home { environment["HOME"] = home.path }
        environment.merge(extra) { _, new in new }
        let result = try ChildProcess.run(
            program, arguments, environment: environment, directory: (directory ?? root).path)
        return Result(status: result.status, out: result.out, err: result.err)
    }
}

/// Runs blocking socket or process work on a thread of its own: servers under test
/// answer on Swift's cooperative pool (two threads on a two-core machine), which a
/// test blocked on a subprocess or a socket would starve.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
