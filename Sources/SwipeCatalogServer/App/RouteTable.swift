import Synchronization

/// The server's routes, for telling "no such endpoint" (404) from "not with this
/// method" (405, with an `Allow` header).
final class RouteTable: Sendable {
    private let routes = Mutex<[(method: String, segments: [Substring])]>([])

    /// Records the routes once they are registered.
    func fill(_ list: [(method: String, path: String)]) {
        routes.withLock { table in
            table = list.map { (method: $0.method, segments: $0.path.split(separator: "/")) }
        }
    }

    /// The methods that `path` answers to; empty when no route has that path.
    func methods(for path: String) -> [String] {
        let asked = path.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "/") } ?? []
        return routes.withLock { table in
            table.filter { route in
                route.segments.count == asked.count
                    && zip(route.segments, asked).allSatisfy { pattern, part in
                        pattern.hasPrefix(":") || pattern.hasPrefix("{") || pattern == "*" || pattern == part
                    }
            }.map(\.method).sorted()
        }
    }
}
