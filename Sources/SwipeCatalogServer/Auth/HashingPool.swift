import NIOCore
import NIOPosix

/// Runs password hashing on NIO's thread pool, never on Swift's cooperative pool,
/// and at most `limit` at once (half the cores by default): a flood of sign-ins
/// (which needs no credentials) waits its turn instead of starving charges of
/// threads and CPU.
actor HashingPool {
    private let threads: NIOThreadPool
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(threads: NIOThreadPool = .singleton, limit: Int = System.coreCount / 2) {
        self.threads = threads
        self.limit = max(1, limit)
    }

    /// Runs `work` on the thread pool once a hashing slot is free.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        if running >= limit {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            running += 1
        }
        defer {
            if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
        }
        return try await threads.runIfActive { work() }
    }
}
