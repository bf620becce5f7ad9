import Foundation

/// Secrets read from files: one the service user alone can read, or a systemd
/// credential (`LoadCredential=` puts it in `$CREDENTIALS_DIRECTORY`).
enum SecretFile {
    /// The credential name the unit loads the catalog password as.
    static let catalogPasswordCredential = "catalog-password"
    /// The credential name the unit loads the console password as.
    static let consolePasswordCredential = "console-password"

    /// The catalog password: from `file` when given, else from the systemd credential.
    static func catalogPassword(
        file: String?, environment: [String: String]
    ) throws(StationConfigurationError) -> String {
        guard
            let password = try read(
                key: "catalog.passwordFile", file: file, credential: catalogPasswordCredential,
                environment: environment)
        else {
            throw StationConfigurationError(
                key: "catalog.passwordFile",
                "missing: name a file holding the catalog password (mode 0600), or load the systemd credential "
                    + "'\(catalogPasswordCredential)'")
        }
        return password
    }

    /// The shortest console password accepted: the console is on the school's network, and the
    /// station-wide sign-in throttle allows 30 guesses every 15 minutes.
    static let minimumConsolePasswordLength = 12

    /// The console password: from `file` when given, else from the systemd credential
    /// when loaded, else `nil` (the console stays closed).
    static func consolePassword(
        file: String?, environment: [String: String]
    ) throws(StationConfigurationError) -> String? {
        let password = try read(
            key: "console.passwordFile", file: file, credential: consolePasswordCredential,
            environment: environment, credentialOptional: true)
        if let password, password.count < minimumConsolePasswordLength {
            throw StationConfigurationError(
                key: "console.passwordFile",
                "the console password has \(password.count) characters: choose one of "
                    + "\(minimumConsolePasswordLength) or more (the package makes a random one)")
        }
        return password
    }

    /// The secret in `file`, or in the credential `credential`; `nil` when neither is there.
    private static func read(
        key: String, file: String?, credential: String, environment: [String: String],
        credentialOptional: Bool = false
    ) throws(StationConfigurationError) -> String? {
        let path: String
        var fromCredentials = false
        if let file {
            path = file
        } else if let directory = environment["CREDENTIALS_DIRECTORY"] {
            path = directory + "/" + credential
            fromCredentials = true
            if credentialOptional, access(path, F_OK) != 0 { return nil }
        } else {
            return nil
        }
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw StationConfigurationError(key: key, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT != S_IFDIR else {
            throw StationConfigurationError(key: key, "\(path) is a folder: give the file that holds the password")
        }
        // A password others can read is a password others have: refuse it (credentials are systemd's to guard).
        if !fromCredentials, status.st_mode & 0o077 != 0 {
            throw StationConfigurationError(
                key: key,
                "\(path) can be read by other users (mode \(String(status.st_mode & 0o777, radix: 8))): "
                    + "chmod 600 it and give it to the service user")
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw StationConfigurationError(key: key, "cannot read \(path): \(FileProblem.describe(error, path: path))")
        }
        let password = text.trimmingCharacters(in: .newlines)
        guard !password.isEmpty else { throw StationConfigurationError(key: key, "\(path) is empty") }
        return password
    }
}
