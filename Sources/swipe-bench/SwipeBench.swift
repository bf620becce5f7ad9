import ArgumentParser

/// Developer tool: measures the decoder and writes the recordings in `hardware/`.
@main
struct SwipeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swipe-bench",
        abstract: "Measure swipe decoding and catalog throughput; generate test recordings.",
        subcommands: [
            CorpusBenchmark.self, ChanceReads.self, ChargeLoad.self, GenerateRecordings.self, ExportCorpus.self,
            StageBenchmark.self,
        ]
    )
}
