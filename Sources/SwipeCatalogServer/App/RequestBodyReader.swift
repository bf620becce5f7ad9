import Foundation
import Hummingbird
import NIOCore
import SwipeCatalogAPI

/// Reads request bodies within the API's limits, and decodes them.
struct RequestBodyReader: Sendable {
    /// Largest body accepted.
    static let limit = 64 * 1024
    /// A body must arrive whole within this time.
    let timeout: Duration

    /// The whole body: over the limit is a 413, one that trickles in a 408.
    func bytes(_ request: Request) async throws -> [UInt8] {
        let limit = Self.limit
        let timeout = timeout
        do {
            return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
                group.addTask {
                    var request = request
                    let buffer = try await request.collectBody(upTo: limit)
                    return Array(buffer.readableBytesView)
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let bytes = first else {
                    throw CatalogFailure(
                        status: 408, code: .badRequest, message: "The request body did not arrive in time.")
                }
                return bytes
            }
        } catch is NIOTooManyBytesError {
            throw CatalogFailure(
                status: 413, code: .payloadTooLarge, message: "The request body is larger than 64 KiB.")
        }
    }

    /// The body decoded as `type`.
    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        try Self.decode(type, from: try await bytes(request))
    }

    /// `body` decoded as `type`: not this endpoint's JSON, or a control character in
    /// any text, is a 400.
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws -> T {
        let value: T
        do {
            value = try APICoding.decoder().decode(type, from: Data(body))
        } catch {
            throw CatalogFailure.badRequest("The request body is not valid JSON for this endpoint.")
        }
        try TextFieldCheck.check(body)
        return value
    }
}
