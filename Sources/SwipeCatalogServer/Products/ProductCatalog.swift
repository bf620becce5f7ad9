import CardSealing
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwipeCatalogAPI

/// What a school sells, product images and the card-sealing key:
/// `GET /v1/schools/{school}/products`, `GET /v1/images/{file}`, `GET /v1/card-key`.
struct ProductCatalog: Sendable {
    let store: any CatalogStore
    let clock: CatalogClock
    let opener: CardOpener

    func publicRoutes(on v1: RouterGroup<CatalogContext>) {
        v1.get("card-key") { _, _ in cardKey() }
        v1.get("images/:file") { _, context in
            let file = try context.parameters.require("file")
            guard file.hasSuffix(".jpg") else { throw CatalogFailure.notFound("No such image.") }
            let image = try await image(product: String(file.dropLast(4)))
            return Response(
                status: .ok, headers: [.contentType: "image/jpeg"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: image)))
        }
    }

    func routes(on v1: RouterGroup<CatalogContext>) {
        v1.get("schools/:school/products") { _, context in
            try await products(school: try context.parameters.require("school"), for: try context.requireAccount())
        }
    }

    func products(school: String, for account: Account) async throws -> ProductList {
        guard let schoolInfo = account.schools.first(where: { $0.id == school }) else {
            throw CatalogFailure.forbidden("This account does not sell for that school.")
        }
        let now = clock.now().timeIntervalSince1970
        let (products, pricing) = try await store.read { tx in
            let products = try tx.rows(
                """
                SELECT id, name, price_cents, minimum_cents, maximum_cents, over_the_counter_only,
                CASE WHEN image IS NULL THEN 0 ELSE 1 END AS has_image
                FROM products WHERE school_id = ? AND starts_at <= ? AND ends_at >= ?
                AND requires_student_id = 0 AND swipe_allowed = 1 ORDER BY name
                """, school, now, now
            ).map { row -> Product in
                let id = try row.string("id")
                return Product(
                    id: id, name: try row.string("name"), priceCents: try row.optionalInt("price_cents"),
                    minimumCents: try row.optionalInt("minimum_cents"),
                    maximumCents: try row.optionalInt("maximum_cents"),
                    overTheCounterOnly: try row.bool("over_the_counter_only"),
                    imageURL: try row.bool("has_image") ? "/v1/images/\(id).jpg" : nil)
            }
            return (products, try Pricing.schoolPricing(of: school, tx: tx))
        }
        return ProductList(school: schoolInfo, products: products, pricing: pricing)
    }

    func image(product: String) async throws -> Data {
        let image = try await store.read { tx in
            try tx.row("SELECT image FROM products WHERE id = ? AND image IS NOT NULL", product)?.optionalData("image")
        }
        guard let image else { throw CatalogFailure.notFound("No image for that product.") }
        return image
    }

    func cardKey() -> CardKey {
        CardKey(
            keyID: opener.keyID, ciphersuite: CardSealing.ciphersuiteName,
            publicKey: opener.privateKey.publicKey.x963Representation.base64EncodedString())
    }
}
