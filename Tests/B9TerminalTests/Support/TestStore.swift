@testable import B9Terminal
import B9Core
import Foundation

/// A billing store on a temporary file with the sample catalog loaded.
struct TestStore {
    let store: BillingStore
    let folder: URL

    init(storeID: String = "s1", terminalID: String = "till-1") async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("b9-daemon-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try BillingStore.open(path: folder.appendingPathComponent("store.sqlite").path, storeID: storeID, terminalID: terminalID)
        let parsed = try CatalogImporter(currency: BillingPolicy.standard.currency).parseCSV(Array(SampleCatalog.csv.utf8))
        try await store.importCatalog(parsed.products, source: "sample-catalog.csv", digest: parsed.sha256)
    }

    /// Rings `count` sample sales through `completeSale` (the real sale transaction, outbox included).
    @discardableResult
    func ringSales(_ count: Int, seed: UInt64) async throws -> [CompletedSale] {
        let policy = BillingPolicy.standard
        let demo = DemoSales(products: try await store.allProducts(), policy: policy)
        var random = SplitMix64(seed: seed)
        var sales: [CompletedSale] = []
        for _ in 0..<count {
            let cart = try demo.cart(using: &random)
            let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
            sales.append(try await store.completeSale(cart, tenders: demo.tenders(for: total, using: &random), policy: policy))
        }
        return sales
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// The CloudEvents envelope fields a consumer needs to deduplicate and order.
struct ReceivedEnvelope: Decodable, Hashable {
    let id: String
    let type: String
    let source: String
    let sequence: String

    init(_ message: MQTTMessage) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(message.payload))
    }

    var sequenceNumber: Int { Int(sequence) ?? -1 }
}
