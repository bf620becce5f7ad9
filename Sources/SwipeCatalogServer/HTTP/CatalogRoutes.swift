import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwipeCatalogAPI

/// The catalog API's routes (docs/openapi.yaml is the contract).
struct CatalogRoutes {
    let service: CatalogService
    /// A body must arrive whole within this time.
    let bodyTimeout: Duration
    /// Largest request body accepted.
    let bodyLimit = 64 * 1024

    func register(on router: Router<BasicRequestContext>) {
        let v1 = router.group("v1")
        v1.get("districts") { _, _ in try JSONResponse.ok(try service.districts()) }
        v1.post("login") { request, context in
            let login = try service.decode(LoginRequest.self, from: try await body(request))
            return try JSONResponse.ok(try await service.login(login))
        }
        v1.get("card-key") { _, _ in try JSONResponse.ok(service.cardKey()) }
        v1.get("schools/:school/products") { request, context in
            let account = try await authenticate(request)
            return try JSONResponse.ok(
                try await service.products(school: try context.parameters.require("school"), for: account))
        }
        v1.get("images/:file") { request, context in
            let file = try context.parameters.require("file")
            guard file.hasSuffix(".jpg") else { throw CatalogFailure.notFound("No such image.") }
            let image = try await service.image(product: String(file.dropLast(4)))
            return Response(
                status: .ok, headers: [.contentType: "image/jpeg"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: image)))
        }
        v1.post("charges") { request, context in
            let account = try await authenticate(request)
            guard let key = request.headers[HTTPField.Name("Idempotency-Key")!], !key.isEmpty, key.count <= 255,
                key.allSatisfy({ $0.isASCII && !$0.isWhitespace })
            else {
                throw CatalogFailure(
                    status: 400, code: .idempotencyKeyRequired,
                    message: "Charges need an Idempotency-Key header (1 to 255 visible ASCII characters).")
            }
            let stored = try await service.charge(body: try await body(request), idempotencyKey: key, account: account)
            return JSONResponse.bytes(stored.body, status: HTTPResponse.Status(code: stored.status))
        }
        v1.post("charges/void-by-key") { request, context in
            let account = try await authenticate(request)
            let voidRequest = try service.decode(VoidByKeyRequest.self, from: try await body(request))
            guard !voidRequest.idempotencyKey.isEmpty, voidRequest.idempotencyKey.count <= 255 else {
                throw CatalogFailure.badRequest("idempotencyKey must be 1 to 255 characters.")
            }
            return try JSONResponse.ok(try await service.voidByKey(voidRequest.idempotencyKey, account: account))
        }
        v1.post("charges/:id/void") { request, context in
            let account = try await authenticate(request)
            return try JSONResponse.ok(
                try await service.void(chargeID: try context.parameters.require("id"), account: account))
        }
        v1.get("schools/:school/charges") { request, context in
            let account = try await authenticate(request)
            return try JSONResponse.ok(
                try await service.charges(
                    school: try context.parameters.require("school"), day: try day(request), account: account))
        }
        v1.get("schools/:school/reports/daily") { request, context in
            let account = try await authenticate(request)
            return try JSONResponse.ok(
                try await service.dailyReport(
                    school: try context.parameters.require("school"), day: try day(request), account: account))
        }
        router.get("health") { _, _ in Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "ok\n")))
        }
    }

    /// The whole body, within the size and time limits: a body that trickles in is a 408.
    private func body(_ request: Request) async throws -> [UInt8] {
        let limit = bodyLimit
        let timeout = bodyTimeout
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

    private func authenticate(_ request: Request) async throws -> Account {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw CatalogFailure.unauthorized
        }
        return try await service.account(forToken: String(header.dropFirst(7)))
    }

    /// `?date=YYYY-MM-DD`, today in New York by default.
    private func day(_ request: Request) throws -> String {
        guard let date = request.uri.queryParameters.get("date") else {
            return EasternCalendar.dayString(service.clock.now())
        }
        guard EasternCalendar.isDay(date) else { throw CatalogFailure.badRequest("date must be YYYY-MM-DD.") }
        return date
    }
}
