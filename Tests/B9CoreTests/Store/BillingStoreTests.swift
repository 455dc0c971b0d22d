import B9Core
import Foundation
import GRDB
import Testing

@Suite("Billing store")
struct BillingStoreTests {
    let policy = Fixtures.policy

    func cart(_ store: BillingStore) async throws -> Cart {
        var cart = Cart(currency: .bdt)
        try cart.add(try Fixtures.product("SOAP", price: "55.00"), quantity: Quantity(units: 2))
        try cart.add(try Fixtures.product("APPLE", price: "320.00", vat: 0, unit: .kilogram), quantity: try Quantity(parsing: "1.250"))
        try cart.add(try Fixtures.product("FIT", price: "1500.00", inclusive: false, stock: false))
        return cart
    }

    /// T-DB3: every writer runs WAL with synchronous = FULL (GRDB alone would leave NORMAL).
    @Test func writerIsWALWithSynchronousFull() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let settings = try await store.durabilitySettings()
        #expect(settings.journalMode == "wal")
        #expect(settings.synchronous == 2)
        // Reopening keeps it.
        let again = try BillingStore.open(path: folder.appendingPathComponent("store.sqlite").path, storeID: "shop-1", terminalID: "till-1")
        #expect(try await again.durabilitySettings().synchronous == 2)
    }

    @Test func aDatabaseBelongsToOneTerminal() throws {
        let (_, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: CoreError.self) {
            try BillingStore.open(path: folder.appendingPathComponent("store.sqlite").path, storeID: "shop-1", terminalID: "till-2")
        }
    }

    /// One transaction writes the sale, lines, payments, stock, journal, outbox and receipt number.
    @Test func completingASaleWritesEverythingTogether() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cart = try await cart(store)
        let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
        let sale = try await store.completeSale(cart, tenders: [TenderInput(.cash, amount: total + 10_000)], policy: policy, cashier: "rina")

        #expect(sale.receiptNumber == 1)
        #expect(sale.change == 10_000)
        #expect(try await store.sale(id: sale.id) == sale)
        // Stock moves only for stock-tracked lines, by minus the quantity sold.
        #expect(try await store.stockLevel(sku: "SOAP") == Quantity(units: -2))
        #expect(try await store.stockLevel(sku: "APPLE") == (try Quantity(parsing: "-1.250")))
        #expect(try await store.stockLevel(sku: "FIT") == .zero)
        let events = try await store.pendingEvents()
        #expect(events.map(\.type) == ["com.b9pos.sale.completed", "com.b9pos.stock.moved", "com.b9pos.stock.moved"])
        #expect(events.map(\.topic) == ["b9pos/shop-1/till-1/sale/completed", "b9pos/shop-1/till-1/stock/moved", "b9pos/shop-1/till-1/stock/moved"])
        #expect(events[0].payload.contains("\"specversion\":\"1.0\"") && events[0].payload.contains(sale.id))
        #expect(try await store.journalEntries().map(\.kind) == ["journal.opened", "sale.completed"])

        let second = try await store.completeSale(cart, tenders: [TenderInput(.card, amount: total)], policy: policy)
        #expect(second.receiptNumber == 2)
        #expect(try await store.verifyJournal().isValid)
    }

    @Test func completingTheSameSaleIDTwiceStoresItOnce() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cart = try await cart(store)
        let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
        let first = try await store.completeSale(cart, tenders: [TenderInput(.card, amount: total)], policy: policy, saleID: "fixed-id")
        let again = try await store.completeSale(cart, tenders: [TenderInput(.card, amount: total)], policy: policy, saleID: "fixed-id")
        #expect(again == first)
        #expect(try await store.saleCount() == 1)
    }

    @Test func creditLimitHoldsAndAFailedSaleLeavesNoTrace() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await store.openAccount(id: "C-1", name: "Karim Builders", creditLimit: 100_000)
        var cart = Cart(currency: .bdt)
        try cart.add(try Fixtures.product("CEMENT", price: "600.00", vat: 0), quantity: Quantity(units: 1))
        _ = try await store.completeSale(cart, tenders: [TenderInput(.customerCredit(accountID: "C-1"), amount: 60_000)], policy: policy)
        #expect(try await store.account(id: "C-1").balance == 60_000)

        let eventsBefore = try await store.pendingEventCount()
        await #expect {
            try await store.completeSale(cart, tenders: [TenderInput(.customerCredit(accountID: "C-1"), amount: 60_000)], policy: policy)
        } throws: { ($0 as? CoreError)?.code == .creditLimitExceeded }
        #expect(try await store.account(id: "C-1").balance == 60_000)
        #expect(try await store.saleCount() == 1)
        #expect(try await store.pendingEventCount() == eventsBefore)
        #expect(try await store.stockLevel(sku: "CEMENT") == Quantity(units: -1))
        // The failed attempt consumed no receipt number.
        var small = Cart(currency: .bdt)
        try small.add(try Fixtures.product("BAG", price: "10.00", vat: 0))
        #expect(try await store.completeSale(small, tenders: [TenderInput(.cash, amount: 1_000)], policy: policy).receiptNumber == 2)
        await #expect(throws: CoreError.self) {
            try await store.completeSale(small, tenders: [TenderInput(.customerCredit(accountID: "NOBODY"), amount: 1_000)], policy: policy)
        }
    }

    /// A full disk is a clear error; the sale is not half-written and the store keeps its promises.
    @Test func fullDiskIsAClearErrorAndLosesNothing() async throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        // SQLite answers SQLITE_FULL past max_page_count exactly as it does on a full disk. The cap leaves
        // room for the schema (which grows with each migration) plus a dozen sales.
        let store = try BillingStore.open(path: path, storeID: "shop-1", terminalID: "till-1", maximumSizeBytes: 600_000)
        let cart = try await cart(store)
        let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
        var committed: [CompletedSale] = []
        var fullError: CoreError?
        for _ in 0..<2_000 {
            do {
                committed.append(try await store.completeSale(cart, tenders: [TenderInput(.card, amount: total)], policy: policy))
            } catch {
                fullError = error
                break
            }
        }
        #expect(fullError?.code == .storageFull)
        #expect(fullError?.message.contains("disk is full") == true)
        #expect(committed.count > 10)

        let reopened = try BillingStore.open(path: path, storeID: "shop-1", terminalID: "till-1")
        #expect(try await reopened.saleCount() == committed.count)
        #expect(try await reopened.sale(receiptNumber: Int64(committed.count)) == committed.last)
        let verification = try await reopened.verifyJournal()
        #expect(verification.isValid, "\(String(describing: verification.firstProblem))")
        #expect(try await reopened.integrityCheck() == "ok")
        // With space again, numbering continues without a gap.
        let next = try await reopened.completeSale(cart, tenders: [TenderInput(.card, amount: total)], policy: policy)
        #expect(next.receiptNumber == Int64(committed.count) + 1)
    }

    /// T-F3: journal and sale rows cannot be changed or removed through SQL.
    @Test(arguments: [
        "UPDATE journal SET payload = 'x' WHERE seq = 2", "DELETE FROM journal WHERE seq = 2",
        "UPDATE sale SET amount_due_minor = 1", "DELETE FROM sale", "UPDATE sale_line SET net_minor = 0",
        "DELETE FROM sale_line", "UPDATE payment SET amount_minor = 1", "DELETE FROM payment",
    ])
    func appendOnlyTablesRefuseChanges(statement: String) async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cart = try await cart(store)
        let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
        _ = try await store.completeSale(cart, tenders: [TenderInput(.card, amount: total)], policy: policy)
        let raw = try DatabaseQueue(path: folder.appendingPathComponent("store.sqlite").path)
        #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: statement) } }
        #expect(try await store.verifyJournal().isValid)
    }

    @Test func receiptsWithoutAConfirmedPrintAreListed() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cart = try await cart(store)
        let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
        var sales: [CompletedSale] = []
        for _ in 0..<4 {
            sales.append(try await store.completeSale(cart, tenders: [TenderInput(.card, amount: total)], policy: policy))
        }
        try await store.recordPrintOutcome(saleID: sales[0].id, outcome: .printed)
        try await store.recordPrintOutcome(saleID: sales[1].id, outcome: .failed(reason: "paper end"))
        try await store.recordPrintOutcome(saleID: sales[2].id, outcome: .unknown(reason: "connection dropped mid-job"))
        let unconfirmed = try await store.unconfirmedReceipts()
        #expect(unconfirmed.map(\.receiptNumber) == [2, 3, 4])
        #expect(unconfirmed.map(\.lastOutcome) == ["failed", "unknown", nil])
        #expect(try await store.verifyJournal().isValid)
    }

    @Test func stockFromOtherStationsIsAppliedOnce() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try await store.applyStockMovement(eventID: "e-1", sku: "SOAP", quantity: Quantity(units: -3), reason: "sale", reference: "s-9", originTerminal: "till-2")
        let again = try await store.applyStockMovement(eventID: "e-1", sku: "SOAP", quantity: Quantity(units: -3), reason: "sale", reference: "s-9", originTerminal: "till-2")
        #expect(first && !again)
        #expect(try await store.stockLevel(sku: "SOAP") == Quantity(units: -3))
    }

    @Test func outboxDeliveryIsRecorded() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cart = try await cart(store)
        let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
        _ = try await store.completeSale(cart, tenders: [TenderInput(.card, amount: total)], policy: policy)
        let pending = try await store.pendingEvents()
        let sequences = pending.compactMap { try? JSONSerialization.jsonObject(with: Data($0.payload.utf8)) as? [String: Any] }.compactMap { $0["sequence"] as? String }
        #expect(sequences == ["1", "2", "3"])
        try await store.markDelivered([pending[0].eventID])
        #expect(try await store.pendingEvents().map(\.eventID) == Array(pending.dropFirst()).map(\.eventID))
    }

    @Test("The next outbox window is read after the last event sent, skipping those not yet marked")
    func outboxWindowAfterASequence() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cart = try await cart(store)
        let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
        _ = try await store.completeSale(cart, tenders: [TenderInput(.card, amount: total)], policy: policy)
        let pending = try await store.pendingEvents()
        #expect(pending.count == 3)
        let after = try await store.pendingEvents(after: pending[0].sequence, limit: 10)
        #expect(after.map(\.eventID) == pending.dropFirst().map(\.eventID))
        #expect(try await store.pendingEvents(after: pending[2].sequence).isEmpty)
        #expect(try await store.pendingEvents(after: pending[0].sequence, limit: 1).map(\.eventID) == [pending[1].eventID])
    }
}


@Suite("Stock invariant")
struct StockInvariantTests {
    /// Stock movements sum to minus the quantities sold, per SKU, over random committed sales.
    @Test func stockMovesByMinusWhatWasSold() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let products = [
            try Fixtures.product("SOAP", price: "55.00"),
            try Fixtures.product("APPLE", price: "320.00", vat: 0, unit: .kilogram),
            try Fixtures.product("CABLE", price: "62.50", inclusive: false, unit: .metre),
            try Fixtures.product("FIT", price: "1500.00", stock: false),
        ]
        var random = SeededBytes(seed: 99)
        var sold: [String: Int64] = [:]
        for _ in 0..<40 {
            var cart = Cart(currency: .bdt)
            for _ in 0..<(1 + Int(random.next() % 4)) {
                let product = products[Int(random.next() % UInt64(products.count))]
                let quantity = product.unit.allowsFraction
                    ? Quantity(thousandths: Int64(1 + random.next() % 5_000)) : Quantity(units: Int64(1 + random.next() % 5))
                try cart.add(product, quantity: quantity)
            }
            let total = try TotalsCalculator(policy: Fixtures.policy).totals(of: cart).grandTotal
            let sale = try await store.completeSale(cart, tenders: [TenderInput(.cash, amount: total + 5_000)], policy: Fixtures.policy)
            for line in sale.lines where line.stockTracked {
                sold[line.sku, default: 0] += line.quantity
            }
        }
        for product in products {
            let level = try await store.stockLevel(sku: product.sku)
            #expect(level.thousandths == -(sold[product.sku] ?? 0), "\(product.sku)")
        }
        #expect(sold["FIT"] == nil)
    }
}
