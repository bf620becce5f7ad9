public import ServiceLifecycle
import Synchronization

/// What the console's live channel carries: outcomes as they happen, and a tick
/// each second on which every open channel checks the station's status.
public enum StationEvent: Sendable {
    /// A swipe was read and its sale is under way.
    case progress(SaleProgress)
    /// A swipe ended in this outcome.
    case outcome(SaleOutcome)
    /// Something the status shows changed now (a sale armed, event mode switched).
    case changed
    /// The audio reader's levels, or the last swipe's quality, changed (the setup view).
    case setup
    /// One second passed.
    case tick
}

/// Hands each event to every console listening (Server-Sent Events), and ends their
/// streams when the station shuts down, so no open page holds the HTTP server up.
public final class StationEvents: Service, Sendable {
    private struct State {
        var next = 0
        var listeners: [Int: AsyncStream<StationEvent>.Continuation] = [:]
        var closed = false
    }

    private let state = Mutex(State())
    private let tickInterval: Duration

    /// Creates the hub; `tickInterval` paces status checks.
    public init(tickInterval: Duration = .seconds(1)) {
        self.tickInterval = tickInterval
    }

    /// A stream of events from now on, ended by ``run()``'s shutdown or when dropped.
    public func subscribe() -> AsyncStream<StationEvent> {
        let (stream, continuation) = AsyncStream<StationEvent>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            state.next += 1
            state.listeners[state.next] = continuation
            return state.next
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    /// Sends `event` to every listener.
    public func publish(_ event: StationEvent) {
        let listeners = state.withLock { Array($0.listeners.values) }
        for listener in listeners { listener.yield(event) }
    }

    /// How many consoles are listening.
    public var listenerCount: Int { state.withLock { $0.listeners.count } }

    /// Ticks until graceful shutdown, then ends every stream.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.tickInterval)
                self.publish(.tick)
            }
        }
        let listeners = state.withLock { state in
            state.closed = true
            defer { state.listeners = [:] }
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.finish() }
    }
}
