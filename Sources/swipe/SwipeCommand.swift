import ArgumentParser

/// The `swipe` command line: reading cards and selling at school events.
@main
struct SwipeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swipe",
        abstract: "Headless point of sale for school events, reading magnetic stripes from an audio-jack reader.",
        version: "0.7.0",
        subcommands: [
            DecodeCommand.self, ListenCommand.self, HIDCommand.self, LoginCommand.self, ProductsCommand.self,
            ChargeCommand.self, VoidCommand.self,
            ChargesCommand.self, ReportCommand.self, CatalogCommand.self, RunCommand.self, JournalCommand.self,
            DemoCommand.self,
        ]
    )
}
