import ServiceLifecycle

/// Holds the journal open while the station runs and closes it last, after every
/// sale has been written.
struct JournalService: Service {
    let journal: SaleJournal

    func run() async throws {
        try? await gracefulShutdown()
        journal.close()
    }
}
