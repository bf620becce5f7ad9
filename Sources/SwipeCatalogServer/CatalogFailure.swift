import SwipeCatalogAPI

/// A refusal the API reports with a status, a stable code and a message a person can act on.
struct CatalogFailure: Error, Sendable {
    var status: Int
    var code: APIErrorCode
    var message: String

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
