import B9Core
import Foundation

/// A fresh folder under the system temporary directory, removed by the caller when done.
func temporaryDirectory(_ name: String = #function) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("b9core-tests-\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// A store in a fresh temporary file.
func makeStore(_ name: String = #function, terminal: String = "till-1") throws -> (BillingStore, URL) {
    let folder = try temporaryDirectory(name)
    let store = try BillingStore.open(path: folder.appendingPathComponent("store.sqlite").path, storeID: "shop-1", terminalID: terminal)
    return (store, folder)
}

enum Fixtures {
    static let bdt = Currency.bdt
    static let policy = BillingPolicy.standard

    static func money(_ text: String) -> Money {
        // Fixture literals are valid by construction; a typo fails the test at this line.
        (try? Money(parsing: text, currency: .bdt)) ?? Money(minorUnits: Int64.min, currency: .bdt)
    }

    static func product(
        _ sku: String, price: String, vat: Int64 = 1_500, inclusive: Bool = true, unit: UnitOfMeasure = .piece,
        barcodes: [String] = [], tiers: [Product.PriceTier] = [], stock: Bool = true
    ) throws -> Product {
        try Product(
            sku: sku, name: "Item \(sku)", barcodes: barcodes, category: "test", unit: unit, unitPrice: money(price), tiers: tiers,
            vat: try VATClass(rateBasisPoints: vat, pricesIncludeVAT: inclusive), isStockTracked: stock
        )
    }
}
