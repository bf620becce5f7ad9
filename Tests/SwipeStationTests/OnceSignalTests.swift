import Testing

@testable import SwipeStation

/// Waiting for something that happens once, without polling.
@Suite("Once signal")
struct OnceSignalTests {
    @Test("waiters go on when it happens; later ones do not wait")
    func signalled() async {
        let signal = OnceSignal()
        async let first: Void = signal.wait()
        async let second: Void = signal.wait()
        await signal.signal()
        _ = await (first, second)
        await signal.wait()
    }

    @Test("a cancelled waiter stops waiting; a timeout ends the wait")
    func cancelledAndTimedOut() async {
        let signal = OnceSignal()
        let waiting = Task { await signal.wait() }
        waiting.cancel()
        await waiting.value
        let clock = ContinuousClock()
        let started = clock.now
        await signal.wait(timeout: .milliseconds(50))
        #expect(clock.now - started >= .milliseconds(50))
    }
}
