/// Something that happens once (the HTTP endpoint listens, the first sign-in ended), waited
/// for on continuations: no polling. A waiting task that is cancelled stops waiting.
actor OnceSignal {
    private var happened = false
    private var nextWaiter = 0
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]

    /// It happened: every waiter goes on, and later ones do not wait.
    func signal() {
        happened = true
        for waiter in waiters.values { waiter.resume() }
        waiters = [:]
    }

    /// Returns once it happened (at once if it has), or when the calling task is cancelled.
    func wait() async {
        guard !happened else { return }
        nextWaiter += 1
        let id = nextWaiter
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled { continuation.resume() } else { waiters[id] = continuation }
            }
        } onCancel: {
            Task { await self.release(id) }
        }
    }

    /// Returns once it happened, or after `timeout`, or when the calling task is cancelled.
    func wait(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func release(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
