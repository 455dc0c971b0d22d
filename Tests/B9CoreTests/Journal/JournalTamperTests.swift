import B9Core
import Foundation
import GRDB
import Testing

/// T-F1/T-F2: any change to the journal or to a journaled sale is detected, and the first bad entry named.
@Suite("Journal tamper detection")
struct JournalTamperTests {
    /// A store with 12 sales, each with a print outcome: entries 1 (opened), then sale/print pairs.
    func populatedStore() async throws -> (path: String, folder: URL, entries: Int) {
        let (store, folder) = try makeStore()
        var cart = Cart(currency: .bdt)
        try cart.add(try Fixtures.product("SOAP", price: "55.00"), quantity: Quantity(units: 2))
        try cart.add(try Fixtures.product("APPLE", price: "320.00", vat: 0, unit: .kilogram), quantity: try Quantity(parsing: "0.750"))
        let total = try TotalsCalculator(policy: Fixtures.policy).totals(of: cart).grandTotal
        for _ in 0..<12 {
            let sale = try await store.completeSale(cart, tenders: [TenderInput(.card, amount: total)], policy: Fixtures.policy)
            try await store.recordPrintOutcome(saleID: sale.id, outcome: .printed)
        }
        #expect(try await store.verifyJournal().isValid)
        return (folder.appendingPathComponent("store.sqlite").path, folder, 25)
    }

    /// Opens the file behind the store's back, lifts the append-only triggers and runs `change`.
    func tamper(_ path: String, _ change: (Database) throws -> Void) throws {
        let raw = try DatabaseQueue(path: path)
        try raw.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            for trigger in ["journal_no_update", "journal_no_delete", "sale_no_update", "sale_line_no_update", "payment_no_update"] {
                try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger)")
            }
            try change(db)
        }
    }

    func firstProblem(_ path: String) async throws -> JournalVerification.Problem? {
        try await BillingStore.open(path: path, storeID: "shop-1", terminalID: "till-1").verifyJournal().firstProblem
    }

    /// Random single-byte flips over every column of every entry (from a fixed seed): each detected at
    /// its entry. `B9_TAMPER_FLIPS` sets how many (default 60; `make soak`: 1,000).
    @Test func everyFlippedByteIsDetectedAtItsEntry() async throws {
        var random = SeededBytes(seed: 0xB9)
        let columns = ["payload", "created_at", "kind", "terminal_id", "prev_hash", "hash"]
        let flips = Int(ProcessInfo.processInfo.environment["B9_TAMPER_FLIPS"] ?? "") ?? 60
        for round in 0..<flips {
            let (path, folder, entries) = try await populatedStore()
            defer { try? FileManager.default.removeItem(at: folder) }
            let sequence = Int64(2 + random.next() % UInt64(entries - 1))
            let column = columns[round % columns.count]
            try tamper(path) { db in
                let isBlob = column.hasSuffix("hash")
                let bytes = try [UInt8](Data.fetchOne(db, sql: "SELECT CAST(\(column) AS BLOB) FROM journal WHERE seq = ?", arguments: [sequence]) ?? Data())
                var changed = bytes
                let index = Int(random.next() % UInt64(bytes.count))
                changed[index] ^= UInt8(1 << (random.next() % 8))
                let cast = isBlob ? "?" : "CAST(? AS TEXT)"
                try db.execute(sql: "UPDATE journal SET \(column) = \(cast) WHERE seq = ?", arguments: [Data(changed), sequence])
            }
            let problem = try await firstProblem(path)
            #expect(problem?.sequence == sequence, "flip in \(column) of entry \(sequence): \(String(describing: problem))")
        }
    }

    @Test func aDeletedEntryIsDetected() async throws {
        let (path, folder, _) = try await populatedStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try tamper(path) { try $0.execute(sql: "DELETE FROM journal WHERE seq = 7") }
        let problem = try await firstProblem(path)
        #expect(problem?.sequence == 7)
        #expect(problem?.reason.contains("missing") == true)
    }

    @Test func aTruncatedTailIsDetected() async throws {
        let (path, folder, entries) = try await populatedStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try tamper(path) { try $0.execute(sql: "DELETE FROM journal WHERE seq >= ?", arguments: [entries - 1]) }
        #expect(try await firstProblem(path)?.sequence == Int64(entries - 1))
    }

    @Test func reorderedEntriesAreDetected() async throws {
        let (path, folder, _) = try await populatedStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Swap two sales' entries (payloads and hashes together), as a reordering would.
        try tamper(path) { db in
            try db.execute(sql: "UPDATE journal SET seq = 1000000 WHERE seq = 4")
            try db.execute(sql: "UPDATE journal SET seq = 4 WHERE seq = 10")
            try db.execute(sql: "UPDATE journal SET seq = 10 WHERE seq = 1000000")
        }
        #expect(try await firstProblem(path)?.sequence == 4)
    }

    @Test func changedSaleRowsAreDetectedAtTheirEntry() async throws {
        let (path, folder, _) = try await populatedStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Receipt 3 is journal entry 6 (1 opened, then sale/print pairs: 2/3, 4/5, 6/7 …).
        try tamper(path) { db in
            try db.execute(sql: "UPDATE sale_line SET net_minor = net_minor - 100 WHERE sale_id = (SELECT id FROM sale WHERE receipt_number = 3)")
        }
        let problem = try await firstProblem(path)
        #expect(problem?.sequence == 6)
        #expect(problem?.reason.contains("differ") == true)
    }

    @Test func aSaleWithoutItsEntryIsDetected() async throws {
        let (path, folder, _) = try await populatedStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try tamper(path) { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS payment_no_delete")
            try db.execute(sql: "DROP TRIGGER IF EXISTS sale_line_no_delete")
            try db.execute(sql: "DROP TRIGGER IF EXISTS sale_no_delete")
            try db.execute(sql: "DELETE FROM receipt_print WHERE sale_id = (SELECT id FROM sale WHERE receipt_number = 5)")
            try db.execute(sql: "DELETE FROM payment WHERE sale_id = (SELECT id FROM sale WHERE receipt_number = 5)")
            try db.execute(sql: "DELETE FROM sale_line WHERE sale_id = (SELECT id FROM sale WHERE receipt_number = 5)")
            try db.execute(sql: "DELETE FROM sale WHERE receipt_number = 5")
        }
        // Receipt 5 is entry 10.
        #expect(try await firstProblem(path)?.sequence == 10)
    }
}

/// A tiny seeded generator so the tamper positions are the same on every run.
struct SeededBytes {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
