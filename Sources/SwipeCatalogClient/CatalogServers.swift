import Foundation
import Synchronization

/// The catalog servers a client may use (one, or several behind one database), and which
/// one to ask first: the one that answered last. A server that does not answer (it refuses
/// the connection, times out, or answers 5xx) hands the next request, and the retry of this
/// one, to the next server in the list. The idempotency key makes a charge retried on another
/// server safe: the database they share knows the key.
public final class CatalogServers: Sendable {
    /// The servers' base URLs, in the order given, without a trailing slash.
    public let urls: [String]
    private let preferred = Mutex(0)

    /// The servers in `list`: base URLs separated by commas (`http://a:8080, http://b:8080`).
    public init(_ list: String) {
        let urls = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.urls = urls.isEmpty ? [list] : urls
    }

    /// The index of the server to ask now.
    var current: Int { preferred.withLock { $0 } }

    /// The server at `index` did not answer: the next one is asked from now on (unless another
    /// request moved on already).
    func failed(_ index: Int) {
        preferred.withLock { if $0 == index { $0 = (index + 1) % urls.count } }
    }

    /// The server at `index` answered: it is asked first from now on.
    func answered(_ index: Int) {
        preferred.withLock { $0 = index }
    }
}
