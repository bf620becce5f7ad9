import Logging
import ServiceLifecycle
import SwipeInput

/// Sells to each swipe the readers hand over, one at a time, settles pending sales (at
/// start, after a crash; and whenever a charge's outcome stayed unknown) and forwards the
/// sales kept while the catalog could not be reached, once it answers.
///
/// On graceful shutdown it finishes the swipe in hand (its charge completes or is
/// settled) after the readers have stopped, then returns.
struct SaleService: Service {
    let controller: SaleController
    let swipes: AsyncStream<HeardSwipe>
    let settleInterval: Duration

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await cancelWhenGracefulShutdown {
                    while !Task.isCancelled {
                        await controller.settlePending()
                        await controller.forwardKept()
                        try? await Task.sleep(for: settleInterval)
                    }
                }
            }
            for await heard in swipes { await controller.handle(heard) }
            group.cancelAll()
        }
        // A last try for a sale whose outcome stayed unknown, if the catalog answers.
        await controller.settlePending()
    }
}
