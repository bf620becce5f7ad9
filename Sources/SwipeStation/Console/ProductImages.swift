import Foundation
import Logging

/// Product images for the console's tiles, fetched from the catalog once and kept
/// on the device (`product-images/` beside the journal), so tiles still show their
/// pictures when the catalog is slow or away.
actor ProductImages {
    private let folder: URL
    private let connection: CatalogConnection
    private let logger: Logger
    private var memory: [String: Data] = [:]

    init(folder: URL, connection: CatalogConnection, logger: Logger) {
        self.folder = folder
        self.connection = connection
        self.logger = logger
    }

    /// The JPEG of `product`, or `nil` when it has none (or it cannot be had now).
    func image(product: String) async -> Data? {
        guard Self.isSafe(product) else { return nil }
        if let data = memory[product] { return data }
        let file = folder.appendingPathComponent(product + ".jpg")
        if let data = try? Data(contentsOf: file), data.starts(with: [0xFF, 0xD8, 0xFF]) {
            memory[product] = data
            return data
        }
        guard let session = await connection.ready(),
            let path = session.products.first(where: { $0.id == product })?.imageURL
        else { return nil }
        do {
            let data = try await session.client.image(path: path)
            memory[product] = data
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            do { try data.write(to: file, options: .atomic) } catch {
                logger.warning("product image \(product) not cached on disk: \(error.localizedDescription)")
            }
            return data
        } catch {
            logger.warning("product image \(product) not fetched: \(error)")
            return nil
        }
    }

    /// Product ids become file names: letters, digits, `-` and `_` only.
    static func isSafe(_ product: String) -> Bool {
        !product.isEmpty && product.count <= 100
            && product.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
