import Foundation
import Synchronization

/// Audio from an ALSA capture device, period by period, as an async sequence.
///
/// The blocking reads run on a thread of their own, never on Swift's cooperative
/// pool. The thread holds at most ``Settings/queuedPeriods`` periods the consumer
/// has not taken yet; when the consumer falls further behind, the thread stops
/// reading and the device itself overruns, which is counted and recovered. An
/// unplugged device is reported and opened again when it comes back.
public final class AudioCapture: Sendable {
    /// How to capture.
    public struct Settings: Sendable {
        /// The ALSA PCM name: `default`, `plughw:CARD=Device,DEV=0`, or one defined in
        /// `~/.asoundrc` or `/etc/asound.conf`.
        public var device = "default"
        /// Frames per second asked for; the device may grant the nearest it has.
        public var rate = 48_000
        /// Interleaved channels (2 for a dual-head reader).
        public var channels = 1
        /// Frames per read: about 21 ms at 48 kHz.
        public var periodFrames = 1_024
        /// Periods the consumer may have pending before capture waits for it.
        public var queuedPeriods = 64
        /// Whether to keep trying when the device cannot be opened at the start;
        /// otherwise the first failure ends the capture. After a first successful
        /// open, a lost device is always waited for.
        public var waitForDevice = false
        /// ALSA configuration text to find ``device`` in, instead of `/etc/asound.conf` and
        /// `~/.asoundrc` (a capture PCM over a file, for the demo and tests).
        public var alsaConfiguration: String?
        /// Time between attempts to open a lost device.
        public var reopenInterval: Duration = .seconds(1)

        /// Default settings.
        public init() {}
    }

    /// What capture reports.
    public enum Event: Sendable {
        /// The device is open and delivering audio in this shape.
        case started(device: String, rate: Int, channels: Int, periodFrames: Int)
        /// One period of interleaved samples, full scale ±1.
        case audio([Float])
        /// The device overran and samples were lost; `total` overruns so far.
        case overrun(total: Int)
        /// The device went away (unplugged); capture tries again every reopen interval.
        case deviceLost(ALSAError)
        /// Capture ended for good with this error.
        case failed(ALSAError)
    }

    private let settings: Settings
    private let stopping = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let closed = Atomic<Bool>(false)
    private let slots: DispatchSemaphore

    /// Creates a capture; nothing is opened until ``events()`` is iterated.
    public init(settings: Settings) {
        self.settings = settings
        // Made at zero and raised: libdispatch traps when a semaphore is freed below its initial value.
        slots = DispatchSemaphore(value: 0)
        for _ in 0..<max(1, settings.queuedPeriods) { slots.signal() }
    }

    /// Starts capture and returns its events. Call once; ending the iteration (or
    /// ``stop()``) stops capture and closes the device.
    public func events() -> Events {
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .unbounded)
        guard !started.exchange(true, ordering: .relaxed) else {
            continuation.finish()
            return Events(stream: stream, slots: slots)
        }
        continuation.onTermination = { [self] _ in stop() }
        let thread = Thread { [self] in
            run(continuation)
            closed.store(true, ordering: .releasing)
            continuation.finish()
        }
        thread.name = "swipe-alsa-capture"
        thread.start()
        return Events(stream: stream, slots: slots)
    }

    /// Asks capture to stop; the device is closed within one period.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        slots.signal()
    }

    private var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Stops capture and returns once the device is closed (within about a period,
    /// or `timeout` at most when a read never returns).
    public func stopAndWait(timeout: Duration = .seconds(2)) async {
        stop()
        guard started.load(ordering: .relaxed) else { return }
        let deadline = ContinuousClock.now + timeout
        while !closed.load(ordering: .acquiring), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// The capture thread: open, read, recover, reopen, until stopped.
    private func run(_ continuation: AsyncStream<Event>.Continuation) {
        var overruns = 0
        var everOpened = false
        var lostReported = false
        while !isStopping {
            let pcm: ALSACapturePCM
            do {
                pcm = try ALSACapturePCM(
                    device: settings.device, rate: settings.rate, channels: settings.channels,
                    periodFrames: settings.periodFrames, configuration: settings.alsaConfiguration)
            } catch {
                guard everOpened || settings.waitForDevice else {
                    continuation.yield(.failed(error))
                    return
                }
                if !lostReported {
                    continuation.yield(.deviceLost(error))
                    lostReported = true
                }
                sleepUnlessStopping(settings.reopenInterval)
                continue
            }
            everOpened = true
            lostReported = false
            continuation.yield(
                .started(device: pcm.device, rate: pcm.rate, channels: pcm.channels, periodFrames: pcm.periodFrames))
            var samples = [Int16](repeating: 0, count: pcm.periodFrames * pcm.channels)
            reading: while !isStopping {
                // Wait for the consumer to have room; while it has none, the device overruns.
                guard slots.wait(timeout: .now() + .milliseconds(200)) == .success else { continue }
                if isStopping { break }
                // ALSA's file plugin leaves the buffer untouched past the end of its file: start from silence.
                for index in samples.indices { samples[index] = 0 }
                do throws(ALSAError) {
                    let result = try samples.withUnsafeMutableBufferPointer { pointer in
                        Result { () throws(ALSAError) in try pcm.read(into: pointer) }
                    }.get()
                    switch result {
                    case .frames(let frames):
                        guard frames > 0 else {
                            slots.signal()
                            continue
                        }
                        var period = [Float](repeating: 0, count: frames * pcm.channels)
                        for index in period.indices { period[index] = Float(samples[index]) / 32_768 }
                        continuation.yield(.audio(period))
                    case .overrun:
                        overruns += 1
                        slots.signal()
                        continuation.yield(.overrun(total: overruns))
                    }
                } catch {
                    slots.signal()
                    pcm.close()
                    continuation.yield(.deviceLost(error))
                    lostReported = true
                    sleepUnlessStopping(settings.reopenInterval)
                    break reading
                }
            }
            pcm.close()
        }
    }

    private func sleepUnlessStopping(_ interval: Duration) {
        let deadline = ContinuousClock.now + interval
        while !isStopping, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
    }

    /// The capture's events. Taking the next event tells capture the previous period
    /// is done with, which is how capture knows the consumer keeps up.
    public struct Events: AsyncSequence, Sendable {
        let stream: AsyncStream<Event>
        let slots: DispatchSemaphore

        /// Iterates the events.
        public func makeAsyncIterator() -> Iterator {
            Iterator(base: stream.makeAsyncIterator(), slots: slots)
        }

        /// Iterates the events.
        public struct Iterator: AsyncIteratorProtocol {
            var base: AsyncStream<Event>.Iterator
            let slots: DispatchSemaphore
            var holding = false

            /// The next event, or `nil` once capture has ended.
            public mutating func next() async -> Event? {
                if holding { slots.signal() }
                let event = await base.next()
                if case .audio = event { holding = true } else { holding = false }
                return event
            }
        }
    }
}
