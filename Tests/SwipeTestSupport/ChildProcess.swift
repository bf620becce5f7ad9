public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A program the tests start, through `posix_spawn` directly.
///
/// Foundation's `Process.run()` on Linux (Swift 6.3.1) can crash the test process: it reads
/// every entry of `/proc/self/fd` 256 bytes at a time and, with hundreds of descriptors open
/// (as in a parallel test run), reads past the end of glibc's buffer now and then
/// (swift-corelibs-foundation#5472). This spawns the child with its standard streams from
/// files (or `/dev/null`) and every other descriptor closed (`closefrom`), as Foundation meant to.
public final class ChildProcess: @unchecked Sendable {
    /// Where a standard stream goes.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// The file at this path (created, or appended to for output).
        case file(String)
        /// The test process's own.
        case inherit
    }

    /// The child's process id.
    public let pid: pid_t
    private let lock = NSLock()
    private var status: Int32?

    /// Starts `executable` with `arguments`, in `directory` (the current one when `nil`), with
    /// `environment` (the test process's when `nil`).
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        stdin: Stream = .null, stdout: Stream = .null, stderr: Stream = .null
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (descriptor, stream, flags) in [
            (Int32(0), stdin, O_RDONLY), (1, stdout, O_WRONLY | O_CREAT | O_APPEND),
            (2, stderr, O_WRONLY | O_CREAT | O_APPEND),
        ] {
            switch stream {
            case .inherit: break
            case .null: posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", flags, 0o644)
            case .file(let path): posix_spawn_file_actions_addopen(&actions, descriptor, path, flags, 0o644)
            }
        }
        if let directory { _ = spawnAddChdir(&actions, directory) }
        _ = spawnAddClosefrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Signals the test process ignores or blocks are not the child's business.
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let environment = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child = pid_t()
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw ChildProcessError(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    /// Whether the child still runs.
    public var isRunning: Bool {
        lock.withLock {
            guard status == nil else { return false }
            var raw: Int32 = 0
            guard waitpid(pid, &raw, WNOHANG) == pid else { return true }
            status = Self.decode(raw)
            return false
        }
    }

    /// Waits for the child to end: its exit status, or the number of the signal that ended it.
    @discardableResult
    public func waitForExit() -> Int32 {
        if let status = lock.withLock({ status }) { return status }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
        let decoded = Self.decode(raw)
        lock.withLock { status = decoded }
        return decoded
    }

    /// Sends `signal` to the child, if it still runs.
    public func send(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    private static func decode(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7F
        return signal == 0 ? (raw >> 8) & 0xFF : signal
    }

    /// Runs `executable` to its end with `input` on its standard input: its status and what it
    /// printed on standard output and standard error.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        input: String? = nil
    ) throws -> (status: Int32, out: String, err: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var stdin = Stream.null
        if let input {
            _ = FileManager.default.createFile(atPath: folder + "/in", contents: Data(input.utf8))
            stdin = .file(folder + "/in")
        }
        let child = try ChildProcess(
            executable, arguments, environment: environment, directory: directory, stdin: stdin,
            stdout: .file(folder + "/out"), stderr: .file(folder + "/err"))
        let status = child.waitForExit()
        func text(_ name: String) -> String {
            String(decoding: FileManager.default.contents(atPath: folder + "/" + name) ?? Data(), as: UTF8.self)
        }
        return (status, text("out"), text("err"))
    }
}

/// A child process could not be started.
public struct ChildProcessError: Error, CustomStringConvertible, Sendable {
    /// Why.
    public var description: String
}

// glibc 2.34's spawn actions, which its module map leaves out (they need _GNU_SOURCE).
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func spawnAddChdir(
    _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>
) -> Int32

@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func spawnAddClosefrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32
