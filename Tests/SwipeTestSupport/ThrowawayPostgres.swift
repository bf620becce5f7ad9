public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A PostgreSQL server of the test run's own: `initdb` into a temporary folder as an
/// unprivileged user (the `postgres` account of Debian's package, or `nobody`), started on a
/// free loopback port, stopped and removed when the test process ends. Each test gets a
/// database of its own (``database(named:)``).
public final class ThrowawayPostgres: Sendable {
    /// The one server of this test process, started at first use.
    public static let shared: Result<ThrowawayPostgres, ThrowawayPostgresError> = {
        do throws(ThrowawayPostgresError) { return .success(try ThrowawayPostgres()) } catch { return .failure(error) }
    }()

    /// Its port on 127.0.0.1.
    public let port: Int
    private let folder: String
    private let user: String
    private let binaries: String

    private init() throws(ThrowawayPostgresError) {
        guard let binaries = Self.binaries() else {
            throw ThrowawayPostgresError("initdb not found: install Debian's postgresql package")
        }
        self.binaries = binaries
        user = Self.userExists("postgres") ? "postgres" : "nobody"
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("swipe-pg-\(UUID().uuidString)").path
        port = LoopbackPort.free()
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch { throw ThrowawayPostgresError("cannot create \(folder)") }
        try run(["chown", user, folder], asRoot: true)
        try run(["\(binaries)/initdb", "-D", "\(folder)/data", "-U", "swipe", "-A", "trust", "-E", "UTF8", "--no-sync"])
        try run([
            "\(binaries)/pg_ctl", "-D", "\(folder)/data", "-l", "\(folder)/server.log", "-w", "-t", "60", "-o",
            "-p \(port) -k \(folder) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            "start",
        ])
        atexit { ThrowawayPostgres.stopShared() }
    }

    /// `postgres://swipe@127.0.0.1:PORT/NAME`, creating the database `name` first.
    public func database(named name: String) throws(ThrowawayPostgresError) -> String {
        try run(["\(binaries)/createdb", "-h", "127.0.0.1", "-p", "\(port)", "-U", "swipe", name])
        return url(name)
    }

    /// The URL of database `name` (which must exist), without TLS.
    public func url(_ name: String) -> String {
        "postgres://swipe@127.0.0.1:\(port)/\(name)?sslmode=disable"
    }

    /// Everything in the database at `url` (one of ``database(named:)``), as `pg_dump` writes it.
    public func dump(_ url: String) throws(ThrowawayPostgresError) -> Data {
        guard let name = url.split(separator: "/").last?.split(separator: "?").first else {
            throw ThrowawayPostgresError("not a database URL: \(url)")
        }
        let file = "\(folder)/dump-\(name).sql"
        try run(["\(binaries)/pg_dump", "-h", "127.0.0.1", "-p", "\(port)", "-U", "swipe", "-f", file, String(name)])
        return FileManager.default.contents(atPath: file) ?? Data()
    }

    private static func stopShared() {
        guard case .success(let server) = shared else { return }
        try? server.run(["\(server.binaries)/pg_ctl", "-D", "\(server.folder)/data", "-m", "immediate", "stop"])
        try? FileManager.default.removeItem(atPath: server.folder)
    }

    /// Runs `arguments` (as the unprivileged user unless `asRoot`), throwing with its output when it fails.
    private func run(_ arguments: [String], asRoot: Bool = false) throws(ThrowawayPostgresError) {
        let asUser = !asRoot && getuid() == 0
        let result: (status: Int32, out: String, err: String)
        do {
            result = try ChildProcess.run(
                asUser ? "/usr/sbin/runuser" : "/usr/bin/env", asUser ? ["-u", user, "--"] + arguments : arguments,
                directory: "/")
        } catch { throw ThrowawayPostgresError("cannot run \(arguments[0]): \(error)") }
        guard result.status == 0 else {
            throw ThrowawayPostgresError("\(arguments.joined(separator: " ")) failed: \(result.out)\(result.err)")
        }
    }

    private static func binaries() -> String? {
        let candidates =
            ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }

    private static func userExists(_ name: String) -> Bool { getpwnam(name) != nil }
}

/// The throwaway PostgreSQL could not be set up, and why.
public struct ThrowawayPostgresError: Error, CustomStringConvertible, Sendable {
    /// What failed, with the tool's output.
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
