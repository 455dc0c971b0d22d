import B9Core
import Foundation
import Synchronization
import Testing

/// Tells a loop in another task to finish (cancelling it would cancel its SQLite work mid-call).
final class StopSignal: Sendable {
    private let raised = Mutex(false)
    func raise() { raised.withLock { $0 = true } }
    var isRaised: Bool { raised.withLock { $0 } }
}

@Suite("Online backup under write load")
struct StoreBackupTests {
    let policy = Fixtures.policy

    func ringSale(_ store: BillingStore, index: Int) async throws -> CompletedSale {
        var cart = Cart(currency: .bdt)
        try cart.add(try Fixtures.product("SOAP", price: "55.00"), quantity: Quantity(units: Int64(1 + index % 3)))
        try cart.add(try Fixtures.product("RICE", price: "92.50", vat: 0, unit: .kilogram), quantity: Quantity(thousandths: Int64(500 + index)))
        let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
        return try await store.completeSale(cart, tenders: [TenderInput(.card, amount: total)], policy: policy, cashier: "rina")
    }

    /// Sales keep committing while backups are taken; every backup opens as a store, passes
    /// integrity_check, verifies its journal chain, holds a gap-free prefix of the live sales that
    /// equal the live rows, and a restored copy goes on numbering receipts after its last one.
    @Test(.timeLimit(.minutes(5)))
    func backupTakenUnderLoadRestoresAndVerifies() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        for index in 0..<20 { _ = try await ringSale(store, index: index) }

        let stop = StopSignal()
        let writer = Task {
            var rung = 0
            while !stop.isRaised, rung < 2_000 {
                _ = try await ringSale(store, index: rung)
                rung += 1
            }
            return rung
        }
        var reports: [StoreBackupReport] = []
        for round in 0..<3 {
            reports.append(try await store.backup(to: folder.appendingPathComponent("backup-\(round).sqlite").path))
        }
        stop.raise()
        let written = try await writer.value
        let live = try await store.saleCount()
        #expect(live == 20 + written)

        for report in reports {
            #expect(report.sales >= 20 && report.sales <= live)
            #expect(report.bytes > 0)
            // Restore: copy the backup as a till would after losing its disk, and open it.
            let restoredPath = folder.appendingPathComponent("restored-\(UUID().uuidString).sqlite").path
            try FileManager.default.copyItem(atPath: report.path, toPath: restoredPath)
            let restored = try BillingStore.open(path: restoredPath, storeID: "shop-1", terminalID: "till-1")
            #expect(try await restored.integrityCheck() == "ok")
            let verification = try await restored.verifyJournal()
            #expect(verification.isValid)
            #expect(verification.headHash == report.journalHeadHash)
            #expect(try await restored.saleCount() == report.sales)
            for number in [1, report.sales / 2, report.sales] where number > 0 {
                let copied = try await restored.sale(receiptNumber: Int64(number))
                #expect(copied != nil)
                #expect(copied == (try await store.sale(receiptNumber: Int64(number))))
            }
            #expect(try await restored.sale(receiptNumber: Int64(report.sales + 1)) == nil)
            let next = try await ringSale(restored, index: 0)
            #expect(next.receiptNumber == Int64(report.sales + 1))
            #expect(try await restored.verifyJournal().isValid)
        }
    }

    @Test func backupNeverOverwritesAFile() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let existing = folder.appendingPathComponent("keep.sqlite").path
        try Data("precious".utf8).write(to: URL(fileURLWithPath: existing))
        await #expect(throws: CoreError.self) { try await store.backup(to: existing) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == Data("precious".utf8))
    }

    @Test func backupToAnUnwritablePlaceFailsAndLeavesNothing() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("no-such-folder/backup.sqlite").path
        await #expect(throws: CoreError.self) { try await store.backup(to: target) }
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(!FileManager.default.fileExists(atPath: target + ".partial"))
    }
}
