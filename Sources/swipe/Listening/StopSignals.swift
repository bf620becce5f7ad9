import Dispatch
import Glibc

/// SIGINT and SIGTERM as an async wait, so that a long-running command ends
/// cleanly (devices closed, readers released) instead of being killed.
enum StopSignals {
    /// Returns the signal when the process receives SIGINT or SIGTERM, `nil` when
    /// the waiting task is cancelled. The signals' default action (dying on the
    /// spot) is off from the first call.
    static func wait() async -> Int32? {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        defer { for source in sources { source.cancel() } }
        for await number in stream { return number }
        return nil
    }
}
