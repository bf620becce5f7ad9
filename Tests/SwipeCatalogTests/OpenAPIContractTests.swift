import Foundation
import SwipeCatalogAPI
import SwipeCatalogServer
import Testing

/// The server, the client and docs/openapi.yaml must tell the same story.
@Suite("OpenAPI document")
struct OpenAPIContractTests {
    static let spec: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../docs/openapi.yaml")
        return (try? String(contentsOf: url.standardized, encoding: .utf8)) ?? ""
    }()

    @Test("every route the router serves is in the document, with its method")
    func routes() async throws {
        let catalog = try await TestCatalog.start()
        let routes = CatalogServer.routes(of: catalog.service).filter { $0.path.hasPrefix("/v1/") }
        #expect(routes.count >= 10)
        let lines = Self.spec.split(separator: "\n", omittingEmptySubsequences: false)
        for route in routes {
            // /v1/charges/:id/void -> /v1/charges/{id}/void
            let documented = route.path.split(separator: "/").map { part in
                part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
            }.joined(separator: "/")
            let start = try #require(
                lines.firstIndex(of: Substring("  /\(documented):")), "\(route.path) is not in the document")
            let block = lines[(start + 1)...].prefix { $0.hasPrefix("    ") }
            #expect(
                block.contains { $0.hasPrefix("    \(route.method.lowercased()):") },
                "\(route.method) \(route.path) is not in the document")
        }
        try await catalog.stop()
    }

    @Test("the date parameter's pattern takes real days only")
    func datePattern() throws {
        let line = try #require(Self.spec.split(separator: "\n").first { $0.contains("name: date") })
        let pattern = try #require(line.split(separator: "pattern: \"").last?.split(separator: "\"").first)
        let regex = try Regex(String(pattern).replacingOccurrences(of: "\\\\", with: "\\"))
        #expect(try regex.wholeMatch(in: "2026-11-27") != nil)
        for bad in ["0000-00-00", "2026-13-01", "2026-11-32", "2026-1-1"] {
            #expect(try regex.wholeMatch(in: bad) == nil, "\(bad)")
        }
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

    @Test("the product list's pricing is the document's, and the server sends it")
    func pricingFields() async throws {
        let pricing = SchoolPricing(
            feeFlatCents: 30, feeBasisPoints: 290, maxChargeCents: 100_000, maxItemCents: 50_000)
        let object = try JSONSerialization.jsonObject(with: try APICoding.encoder().encode(pricing)) as! [String: Any]
        for key in object.keys { #expect(Self.spec.contains("        \(key): {"), "\(key)") }
        #expect(Self.spec.contains("        pricing: { $ref: \"#/components/schemas/SchoolPricing\" }"))
        let catalog = try await TestCatalog.start()
        let list = try await catalog.signIn().products(school: "demo-high")
        // The demo school: a 25-cent fee and 3%, at most $1,000 a charge and $500 an item.
        #expect(
            list.pricing
                == SchoolPricing(feeFlatCents: 25, feeBasisPoints: 300, maxChargeCents: 100_000, maxItemCents: 50_000))
        try await catalog.stop()
    }
}
