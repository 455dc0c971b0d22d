/// The invariants every catalog input must keep, whatever its bytes: shared by the fuzz target and
/// the corpus replay in `make test`.
public enum CatalogInputCheck {
    /// A broken invariant.
    public struct Violation: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses `bytes` as CSV and as JSON. Either may fail with a ``CoreError``; neither may crash, and:
    /// - CSV records written back with ``CSVWriter`` read back identically;
    /// - accepted products have unique SKUs and barcodes, non-negative prices and valid units.
    public static func check(_ bytes: [UInt8]) throws(Violation) {
        let importer = CatalogImporter(currency: .bdt)
        if let text = String(validating: bytes, as: UTF8.self), let records = try? CSVReader.records(text) {
            let fields = records.map(\.fields)
            guard let again = try? CSVReader.records(CSVWriter.write(fields)), again.map(\.fields) == fields else {
                throw Violation(description: "CSV records do not survive a write and read")
            }
        }
        for parsed in [try? importer.parseCSV(bytes), try? importer.parseJSON(bytes)] {
            guard let products = parsed?.products else { continue }
            guard Set(products.map(\.sku)).count == products.count else { throw Violation(description: "duplicate SKU accepted") }
            let codes = products.flatMap(\.barcodes)
            guard Set(codes).count == codes.count else { throw Violation(description: "duplicate barcode accepted") }
            for product in products {
                guard product.unitPrice.minorUnits >= 0, product.tiers.allSatisfy({ $0.unitPrice.minorUnits >= 0 }) else {
                    throw Violation(description: "negative price accepted for \(product.sku)")
                }
                guard (try? UnitOfMeasure.named(product.unit.code)) == product.unit else {
                    throw Violation(description: "invalid unit accepted for \(product.sku)")
                }
            }
        }
    }
}
