import ArgumentParser
import Foundation
import Logging
import SwipeStation

/// The `swipe` command line: reading cards and selling at school events.
@main
struct SwipeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swipe",
        abstract: "Headless point of sale for school events, reading magnetic stripes from an audio-jack reader.",
        version: "0.7.0",
        subcommands: [
            DecodeCommand.self, ListenCommand.self, HIDCommand.self, LoginCommand.self, LogoutCommand.self,
            ProductsCommand.self,
            ChargeCommand.self, VoidCommand.self, StationsCommand.self,
            ChargesCommand.self, ReportCommand.self, CatalogCommand.self, RunCommand.self, JournalCommand.self,
            DemoCommand.self,
        ]
    )

    /// Runs the command: output flushed line by line (a saved log reads in the order it was
    /// written), usage errors exit 2, and no error reaches the terminal in Foundation's words.
    static func main() async {
        LineBufferedOutput.enable()
        LoggingSystem.bootstrap { label in SafeLogHandler(StreamLogHandler.standardError(label: label)) }
        let command: any ParsableCommand
        do { command = try parseAsRoot() } catch { fail(error) }
        do {
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                var command = command
                try command.run()
            }
        } catch {
            fail(error)
        }
    }

    /// Exits for `error`: 2 with the usage for a usage error (ArgumentParser's own is 64),
    /// the error's code otherwise, with file errors in words.
    private static func fail(_ error: any Error) -> Never {
        if exitCode(for: error) == .validationFailure {
            printError(fullMessage(for: error))
            Foundation.exit(2)
        }
        if let error = error as? CLIError {
            printError("Error: \(error.description)")
            Foundation.exit(error.status)
        }
        if (error as NSError).domain == NSCocoaErrorDomain || (error as NSError).domain == NSPOSIXErrorDomain {
            exit(withError: CLIError("a file could not be used: \(FileProblem.describe(error))"))
        }
        exit(withError: error)
    }
}
