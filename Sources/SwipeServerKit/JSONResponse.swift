public import Foundation
public import Hummingbird
import NIOCore
import SwipeCatalogAPI

/// JSON answers as both of the project's servers (the catalog and the station) write them: one
/// encoder (the API's: sorted keys, ISO 8601 dates with milliseconds), never cached.
public enum JSONResponse {
    /// The encoder every JSON answer is written with.
    public static func encoder() -> JSONEncoder { APICoding.encoder() }

    /// `value` as a JSON answer.
    public static func ok(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        bytes(Array(try encoder().encode(value)), status: status)
    }

    /// An answer of JSON bytes.
    public static func bytes(_ body: [UInt8], status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// An error that renders itself in the one error shape of both servers:
/// `{"error": {"code": "...", "message": "..."}}`, the message for a person, never card data.
public protocol JSONError: Error, HTTPResponseError {
    /// A stable code for programs (`bad_request`, `conflict`, ...).
    var code: String { get }
    /// What a person can do about it.
    var message: String { get }
}

extension JSONError {
    /// The error as its JSON answer.
    public var jsonResponse: Response {
        let body = ["error": ["code": code, "message": message]]
        return JSONResponse.bytes(Array((try? JSONResponse.encoder().encode(body)) ?? Data()), status: status)
    }

    /// Renders the error (Hummingbird's `HTTPResponseError`).
    public func response(from request: Request, context: some RequestContext) throws -> Response { jsonResponse }
}
