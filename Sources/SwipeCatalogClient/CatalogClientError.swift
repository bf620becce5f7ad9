public import SwipeCatalogAPI

/// What can go wrong talking to the catalog. Messages never hold card data.
public enum CatalogClientError: Error, CustomStringConvertible, Sendable {
    /// The server refused, with its stable code.
    case api(status: Int, code: APIErrorCode?, message: String)
    /// The server could not be reached or did not answer in time.
    case transport(String)
    /// Retries ran out without an answer; the charge was then cancelled by its key (`voided`) or not.
    case outcomeUnknown(voided: Bool)
    /// The answer was not what the API promises.
    case invalidResponse(String)
    /// The catalog answered with a redirect, which is never followed: credentials and
    /// sealed cards go only to the configured address.
    case redirected(status: Int, location: String?)
    /// The system gave no randomness for a new idempotency key: nothing was sent.
    case noRandomness(String)

    /// A sentence for people; never card data.
    public var description: String {
        switch self {
        case .api(let status, let code, let message): "\(message) (\(code?.rawValue ?? "http_\(status)"))"
        case .transport(let reason): "The catalog server cannot be reached: \(reason). Check the network and try again."
        case .outcomeUnknown(true):
            "The charge could not be confirmed, so it was cancelled: no money was taken. Swipe the card again."
        case .outcomeUnknown(false):
            "The charge could not be confirmed and could not be cancelled yet: do not swipe again; ask the bookkeeper to check today's charges."
        case .invalidResponse(let reason): "The catalog server gave an unexpected answer: \(reason)."
        case .redirected(let status, let location):
            "The catalog server answered with a redirect (HTTP \(status)) to \(location.map(SafeText.url) ?? "nowhere"), "
                + "which swipe does not follow: set the catalog's own address."
        case .noRandomness(let reason):
            "The station cannot make a secure key for the charge (\(reason)): nothing was charged. Tell the operator."
        }
    }

    /// The server's error code, when it gave one.
    public var code: APIErrorCode? {
        if case .api(_, let code, _) = self { return code }
        return nil
    }
}
