import ServiceLifecycle

/// Readiness and watchdog for `Type=notify` units: `READY=1` once the HTTP endpoint
/// listens, then `WATCHDOG=1` at half of `WatchdogSec=` for as long as the sale
/// controller answers (a wedged station stops pinging and systemd restarts it), and
/// `STOPPING=1` when shutdown begins. Listed last in the group, so it stops first.
struct SystemdNotifyService: Service {
    let notifier: SystemdNotifier
    /// Returns once the HTTP endpoint listens.
    let httpReady: @Sendable () async -> Void
    let controller: SaleController
    let connection: CatalogConnection

    func run() async throws {
        guard notifier.isActive else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await httpReady()
            notifier.notify("READY=1\nSTATUS=\(await status())")
            let interval = notifier.watchdogInterval ?? .seconds(10)
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                // Reaching the controller's executor shows the sale loop is not wedged.
                _ = await controller.armed
                notifier.notify("WATCHDOG=1\nSTATUS=\(await status())")
            }
        }
        notifier.notify("STOPPING=1\nSTATUS=stopping: finishing the sale in hand, releasing the readers")
    }

    private func status() async -> String {
        if let problem = await connection.problemDetail() { return "selling refused: \(problem)" }
        return "selling"
    }
}
