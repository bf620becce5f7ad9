import ArgumentParser
import Foundation
import Logging
import SwipeCatalogAPI
import SwipeCatalogClient
import SwipeStation

/// `swipe login`: district, then user, then school.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in to the catalog (password from SWIPE_PASSWORD or a prompt) and pick a school.")

    @Option(help: "Catalog server URL.")
    var server = "http://127.0.0.1:8080"

    @Option(help: "School district (name or id).")
    var district: String

    @Option(help: "Username (prompted when missing).")
    var user: String?

    @Option(help: "School (name or id; prompted when the account has several).")
    var school: String?

    func run() async throws {
        let client = CatalogClient(baseURL: server, logger: Logger(label: "swipe.client"))
        let username = try user ?? Prompt.line("Username: ")
        let password = try ProcessInfo.processInfo.environment["SWIPE_PASSWORD"] ?? Prompt.secret("Password: ")
        let login = try await client.login(district: district, username: username, password: password)
        let chosen = try pickSchool(login.schools)
        let store = SessionStore()
        do {
            try store.save(
                StoredSession(
                    server: server, token: login.token, expiresAt: login.expiresAt, district: district,
                    username: login.username, role: login.role, school: chosen, schools: login.schools))
        } catch {
            throw CLIError(
                "cannot keep the login in \(store.path): \(FileProblem.describe(error, path: store.path)) "
                    + "(SWIPE_SESSION names another file)", status: 2)
        }
        print(
            "Signed in as \(login.username) (\(AccountWords.name(login.role))) for \(chosen.name), until \(Eastern.dateTime(login.expiresAt))."
        )
    }

    private func pickSchool(_ schools: [School]) throws -> School {
        if let school {
            guard let match = schools.first(where: { $0.id == school || $0.name.lowercased() == school.lowercased() })
            else {
                throw CLIError(
                    "This account cannot sell for \(school); its schools: \(schools.map(\.name).joined(separator: ", "))."
                )
            }
            return match
        }
        guard schools.count > 1 else {
            guard let only = schools.first else { throw CLIError("This account has no school.") }
            return only
        }
        for (index, school) in schools.enumerated() { print("  \(index + 1). \(school.name)") }
        let answer = try Prompt.line("School number: ")
        guard let number = Int(answer), schools.indices.contains(number - 1) else {
            throw CLIError("Pick a number from 1 to \(schools.count).")
        }
        return schools[number - 1]
    }
}

/// `swipe logout`.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout", abstract: "End the session at the catalog and forget it here.")

    func run() async throws {
        let store = SessionStore()
        guard let session = store.load() else {
            print("not signed in")
            return
        }
        if session.expiresAt > Date() { try? await SignedIn.client(session).logout() }
        store.clear()
        print("signed out of \(session.server)")
    }
}

/// Shared plumbing of the commands that need a signed-in session.
enum SignedIn {
    static func session() throws -> StoredSession {
        guard let session = SessionStore().load() else { throw CLIError("Not signed in: run swipe login first.") }
        guard session.expiresAt > Date() else { throw CLIError("The session has expired: run swipe login again.") }
        return session
    }

    static func client(_ session: StoredSession) -> CatalogClient {
        CatalogClient(
            baseURL: session.server, token: session.token, account: session.username,
            logger: Logger(label: "swipe.client"))
    }

    static func printJSON(_ value: some Encodable) throws {
        print(String(decoding: try APICoding.encoder().encode(value), as: UTF8.self))
    }
}

/// Reading answers at a terminal.
enum Prompt {
    static func line(_ question: String) throws -> String {
        FileHandle.standardError.write(Data(question.utf8))
        guard let answer = readLine(), !answer.isEmpty else { throw CLIError("No answer given.") }
        return answer
    }

    /// Reads without echo when standard input is a terminal.
    static func secret(_ question: String) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else { return try line(question) }
        FileHandle.standardError.write(Data(question.utf8))
        var settings = termios()
        tcgetattr(STDIN_FILENO, &settings)
        var silent = settings
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &settings)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let answer = readLine(), !answer.isEmpty else { throw CLIError("No answer given.") }
        return answer
    }
}

/// A failure to report without the usage text.
struct CLIError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    let description: String
    /// The exit status: 1, or 2 for a file or a setting that cannot be used.
    let status: Int32

    init(_ description: String, status: Int32 = 1) {
        self.description = description
        self.status = status
    }
}
