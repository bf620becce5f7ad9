import HTTPTypes
import Hummingbird
import SwipeCatalogAPI
import SwipeServerKit

/// A refusal the API reports with a status, a stable code and a message a person
/// can act on. It renders itself in the API's one error shape (``JSONError``).
struct CatalogFailure: Sendable, JSONError {
    var statusCode: Int
    var apiCode: APIErrorCode
    var message: String

    /// The stable code, as the API writes it.
    var code: String { apiCode.rawValue }

    init(status: Int, code: APIErrorCode, message: String) {
        statusCode = status
        apiCode = code
        self.message = message
    }

    /// The HTTP status.
    var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    static func badRequest(_ message: String) -> CatalogFailure {
        .init(status: 400, code: .badRequest, message: message)
    }
    static func forbidden(_ message: String) -> CatalogFailure {
        .init(status: 403, code: .forbidden, message: message)
    }
    static func notFound(_ message: String) -> CatalogFailure { .init(status: 404, code: .notFound, message: message) }
    static let unauthorized = CatalogFailure(
        status: 401, code: .unauthorized, message: "Sign in again: the session is missing or has expired.")
}
