import Foundation
import HTTPTypes
import Hummingbird
import SwipeCatalogAPI

/// Builds JSON responses in the API's one shape.
enum JSONResponse {
    static func ok(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        bytes(Array(try APICoding.encoder().encode(value)), status: status)
    }

    static func bytes(_ body: [UInt8], status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func error(_ failure: CatalogFailure) -> Response {
        let body =
            (try? APICoding.encoder().encode(APIErrorBody(code: failure.code, message: failure.message))) ?? Data()
        return bytes(Array(body), status: failure.status)
    }
}
