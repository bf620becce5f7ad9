/// A setting that is missing or wrong: one line naming the key and what is wrong.
public struct StationConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The key, dotted (`catalog.url`), or `nil` for the file as a whole.
    public var key: String?
    /// What is wrong, for a person.
    public var problem: String

    /// Creates an error about `key`.
    public init(key: String?, _ problem: String) {
        self.key = key
        self.problem = problem
    }

    /// `config error: catalog.url: missing (set it in the file or as SWIPE_CATALOG_URL)`.
    public var description: String {
        "config error: " + (key.map { "\($0): " } ?? "") + problem
    }
}
