import Foundation
import GRDB

extension BillingStore {
    /// Replaces or adds `products` (and their barcodes) in one transaction, and journals the import.
    ///
    /// All or nothing: if any product conflicts (a barcode already used by another product, a
    /// currency other than `currency`), nothing of the batch is stored.
    /// - Parameter source: what was imported (a file name), recorded in the journal.
    /// - Parameter digest: SHA-256 hex of the imported file, recorded in the journal.
    public func importCatalog(_ products: [Product], source: String, digest: String) async throws(CoreError) {
        let createdAt = Timestamp.format(now())
        let terminalID = terminalID
        _ = try await transaction("import the catalog") { db in
            for product in products {
                for code in product.barcodes {
                    if let owner = try String.fetchOne(db, sql: "SELECT sku FROM barcode WHERE code = ?", arguments: [code]),
                        owner != product.sku,
                        !products.contains(where: { $0.sku == owner })
                    {
                        throw CoreError(.catalogImport, "barcode \(code) of \(product.sku) already belongs to \(owner); nothing was imported")
                    }
                }
            }
            let skus = products.map(\.sku)
            for sku in skus {
                try db.execute(sql: "DELETE FROM barcode WHERE sku = ?", arguments: [sku])
            }
            for product in products {
                try db.execute(
                    sql: """
                        INSERT INTO product (sku, name, category, unit, unit_price_minor, currency, vat_rate_bp, vat_inclusive,
                                             is_service, stock_tracked, tiers_json, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(sku) DO UPDATE SET
                            name = excluded.name, category = excluded.category, unit = excluded.unit,
                            unit_price_minor = excluded.unit_price_minor, currency = excluded.currency,
                            vat_rate_bp = excluded.vat_rate_bp, vat_inclusive = excluded.vat_inclusive,
                            is_service = excluded.is_service, stock_tracked = excluded.stock_tracked,
                            tiers_json = excluded.tiers_json, updated_at = excluded.updated_at
                        """,
                    arguments: [
                        product.sku, product.name, product.category, product.unit.code, product.unitPrice.minorUnits,
                        product.unitPrice.currency.code, product.vat.rateBasisPoints, product.vat.pricesIncludeVAT,
                        product.isService, product.isStockTracked, try CanonicalJSON.encode(product.tiers), createdAt,
                    ]
                )
                for code in product.barcodes {
                    do {
                        try db.execute(sql: "INSERT INTO barcode (code, sku) VALUES (?, ?)", arguments: [code, product.sku])
                    } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                        throw CoreError(.catalogImport, "barcode \(code) is listed for more than one product; nothing was imported")
                    }
                }
            }
            let payload = try CanonicalJSON.encode(ImportRecord(source: source, sha256: digest, products: products.count))
            _ = try JournalWriter.append(db, terminalID: terminalID, kind: JournalEntry.Kind.catalogImported, createdAt: createdAt, payload: payload)
            return true
        }
    }

    private struct ImportRecord: Codable {
        let source: String
        let sha256: String
        let products: Int
    }

    /// The product with this SKU, or `nil`.
    public func product(sku: String) async throws(CoreError) -> Product? {
        try await read("look up a product") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM product WHERE sku = ?", arguments: [sku]).map { try Self.product(from: $0, db) }
        }
    }

    /// The product a scanned or typed code means: a barcode first, then a SKU.
    /// - Throws: ``CoreError/Code/productNotFound`` naming the code.
    public func product(code: String) async throws(CoreError) -> Product {
        let found: Product? = try await read("look up a product") { db in
            let sku = try String.fetchOne(db, sql: "SELECT sku FROM barcode WHERE code = ?", arguments: [code]) ?? code
            return try Row.fetchOne(db, sql: "SELECT * FROM product WHERE sku = ?", arguments: [sku]).map { try Self.product(from: $0, db) }
        }
        guard let found else { throw CoreError(.productNotFound, "no product has the barcode or SKU '\(code)'") }
        return found
    }

    /// Every product, by SKU.
    public func allProducts() async throws(CoreError) -> [Product] {
        try await read("list the catalog") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM product ORDER BY sku").map { try Self.product(from: $0, db) }
        }
    }

    static func product(from row: Row, _ db: Database) throws -> Product {
        let sku: String = row["sku"]
        let currency = try Currency.named(row["currency"])
        let barcodes = try String.fetchAll(db, sql: "SELECT code FROM barcode WHERE sku = ? ORDER BY code", arguments: [sku])
        return try Product(
            sku: sku,
            name: row["name"],
            barcodes: barcodes,
            category: row["category"],
            unit: try UnitOfMeasure.named(row["unit"]),
            unitPrice: Money(minorUnits: row["unit_price_minor"], currency: currency),
            tiers: try CanonicalJSON.decode([Product.PriceTier].self, from: row["tiers_json"]),
            vat: try VATClass(rateBasisPoints: row["vat_rate_bp"], pricesIncludeVAT: row["vat_inclusive"]),
            isService: row["is_service"],
            isStockTracked: row["stock_tracked"]
        )
    }
}
