import Glibc
import Synchronization

/// Counts the connections a server holds open, in all and per client address, so
/// that a device on the network cannot take every descriptor the process has: a
/// connection over either limit is closed as soon as it is accepted.
public final class ConnectionLimiter: Sendable {
    /// Connections served at once.
    public let total: Int
    /// Connections one client address may hold at once.
    public let perAddress: Int

    private let state = Mutex(State())

    private struct State {
        var open = 0
        var byAddress: [String: Int] = [:]
    }

    /// A limiter; `perAddress` is at most `total`.
    public init(total: Int, perAddress: Int) {
        self.total = max(1, total)
        self.perAddress = max(1, min(perAddress, total))
    }

    /// The largest `wanted` that leaves `reserve` descriptors of the process's open-file
    /// limit for everything else (the catalog connection, the journal, the sound card).
    public static func fitting(_ wanted: Int, reserve: Int = 128) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(Int.max) else {
            return wanted
        }
        return max(8, min(wanted, Int(limit.rlim_cur) - reserve))
    }

    /// Takes a slot for a connection from `address`; `false` when a limit is reached.
    public func admit(_ address: String) -> Bool {
        state.withLock { state in
            let fromAddress = state.byAddress[address, default: 0]
            guard state.open < total, fromAddress < perAddress else { return false }
            state.open += 1
            state.byAddress[address] = fromAddress + 1
            return true
        }
    }

    /// Gives back the slot of a connection from `address` that closed.
    public func release(_ address: String) {
        state.withLock { state in
            state.open -= 1
            let left = state.byAddress[address, default: 1] - 1
            state.byAddress[address] = left > 0 ? left : nil
        }
    }
}
