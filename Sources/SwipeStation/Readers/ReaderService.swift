import Foundation
import Logging
import ServiceLifecycle
import SwipeCards
import SwipeInput

/// Listens to the readers (as `swipe listen` does) and hands each swipe to the
/// sale service. On graceful shutdown it stops first: devices are closed and USB
/// readers given back, then the swipe stream ends so sales can drain.
struct ReaderService: Service {
    let listener: CardListener
    let swipes: AsyncStream<HeardSwipe>.Continuation
    let metrics: StationMetrics
    let connection: CatalogConnection
    let status: ReaderStatus
    let setup: ReaderSetup
    let events: StationEvents
    let logger: Logger

    func run() async throws {
        defer { swipes.finish() }
        defer {
            status.reset()
            metrics.readerConnected("audio", false)
            metrics.readerConnected("usb", false)
        }
        await cancelWhenGracefulShutdown {
            // Listening starts once the first sign-in has ended (10 s at most): a swipe in the first
            // moments is not refused only because the station is still signing in.
            await connection.firstAttempt(timeout: .seconds(10))
            await listener.listen { event in
                switch event {
                case .swipe(let heard):
                    // How it read, before the sale takes (and wipes) it: figures only, no card data.
                    let quality = SwipeQuality(heard, at: Date())
                    setup.heard(quality)
                    metrics.swipeRead(quality)
                    events.publish(.setup)
                    if case .dropped(let heard) = swipes.yield(heard) { heard.wipe() }
                case .status(let text):
                    logger.info("\(text)")
                case .audioOverrun:
                    metrics.audioOverran()
                    logger.warning("audio overrun: samples were lost")
                case .sourceFailed(let text):
                    logger.error("\(text)")
                case .levels(let readings):
                    setup.update(readings)
                    metrics.inputLevels(readings)
                    events.publish(.setup)
                case .reader(let presence):
                    if case .audio(_, connected: false) = presence { setup.readerGone() }
                    status.update(presence)
                    let now = status.snapshot
                    metrics.readerConnected("audio", now.audio != nil)
                    metrics.readerConnected("usb", !now.usb.isEmpty)
                }
                return .proceed
            }
        }
    }
}
