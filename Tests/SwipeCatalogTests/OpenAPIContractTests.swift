import Foundation
import SwipeCatalogAPI
import Testing

/// The server, the client and docs/openapi.yaml must tell the same story.
@Suite("OpenAPI document")
struct OpenAPIContractTests {
    static let spec: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../docs/openapi.yaml")
        return (try? String(contentsOf: url.standardized, encoding: .utf8)) ?? ""
    }()

    @Test(
        "every route is in the document",
        arguments: [
            "/v1/districts:", "/v1/login:", "/v1/card-key:", "/v1/schools/{school}/products:", "/v1/images/{file}:",
            "/v1/charges:", "/v1/charges/{id}/void:", "/v1/charges/void-by-key:", "/v1/schools/{school}/charges:",
            "/v1/schools/{school}/reports/daily:",
        ])
    func route(path: String) {
        #expect(Self.spec.contains("\n  \(path)\n"))
    }

    @Test("the error codes are the document's")
    func errorCodes() throws {
        let line = try #require(Self.spec.split(separator: "\n").first { $0.contains("enum: [bad_request") })
        let listed = line.split(separator: "[")[1].split(separator: "]")[0].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        #expect(Set(listed) == Set(APIErrorCode.allCases.map(\.rawValue)))
    }

    @Test("receipt fields are the document's")
    func receiptFields() throws {
        let receipt = Receipt(
            id: "ch_1", school: "s", status: .approved, declineReason: nil, amountCents: 1, feeCents: 0, totalCents: 1,
            brand: "visa", last4: "4242", authorizationCode: "A", entry: .swipe, items: [], createdBy: "u",
            createdAt: Date(), voidableUntil: Date(), voidedAt: nil)
        let object = try JSONSerialization.jsonObject(with: try APICoding.encoder().encode(receipt)) as! [String: Any]
        for key in object.keys { #expect(Self.spec.contains("        \(key): {"), "\(key)") }
    }
}
