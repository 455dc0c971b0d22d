import Foundation
import GRDB

extension BillingStore {
    /// Journal entries from `sequence` on, at most `limit`.
    public func journalEntries(from sequence: Int64 = 1, limit: Int = 100) async throws(CoreError) -> [JournalEntry] {
        try await read("read the journal") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM journal WHERE seq >= ? ORDER BY seq LIMIT ?", arguments: [sequence, limit]).map(Self.entry(from:))
        }
    }

    /// Recomputes the whole chain and checks everything the journal promises:
    /// - sequence numbers run 1, 2, 3 … with no gap, and the `journal_head` counter names the last one;
    /// - each entry's previous hash is the hash before it, and its own hash matches its content;
    /// - sale receipt numbers run 1, 2, 3 … per terminal in journal order, and the receipt counter agrees;
    /// - every `sale.completed` entry has its sale rows, which re-encode to exactly the journaled payload,
    ///   and no sale row exists without its entry;
    /// - returns, Z reports and shift closings add up (see `ExtendedJournalChecks`).
    /// Stops at the first problem and names that entry.
    public func verifyJournal() async throws(CoreError) -> JournalVerification {
        try await read("verify the journal") { db in try Self.verify(db) }
    }

    private static func verify(_ db: Database) throws -> JournalVerification {
        var expectedSequence: Int64 = 1
        var previousHash = JournalHasher.genesisHash
        var checked = 0
        var salesChecked = 0
        var lastReceipt: [String: Int64] = [:]
        var journaledSales = Set<String>()
        var extended = ExtendedJournalChecks()
        func result(_ sequence: Int64, _ reason: String) -> JournalVerification {
            JournalVerification(
                entriesChecked: checked, salesChecked: salesChecked, headHash: JournalHasher.hex(previousHash),
                firstProblem: .init(sequence: sequence, reason: reason)
            )
        }
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM journal ORDER BY seq")
        while let row = try rows.next() {
            let entry: JournalEntry
            do {
                entry = try Self.entry(from: row)
            } catch {
                return result(expectedSequence, "unreadable row (\(error))")
            }
            if entry.sequence != expectedSequence {
                return result(expectedSequence, entry.sequence > expectedSequence
                    ? "missing: the next entry is \(entry.sequence)" : "out of order: found \(entry.sequence)")
            }
            if entry.previousHash != previousHash {
                return result(entry.sequence, "previous hash does not match the entry before it")
            }
            let recomputed = JournalHasher.hash(
                sequence: entry.sequence, terminalID: entry.terminalID, kind: entry.kind, createdAt: entry.createdAt,
                payload: entry.payload, previousHash: entry.previousHash
            )
            if recomputed != entry.hash {
                return result(entry.sequence, "content does not match its hash (altered)")
            }
            if entry.sequence == 1 && entry.kind != JournalEntry.Kind.opened {
                return result(1, "the journal does not start with \(JournalEntry.Kind.opened)")
            }
            if entry.kind == JournalEntry.Kind.saleCompleted {
                guard let sale = try? CanonicalJSON.decode(CompletedSale.self, from: entry.payload) else {
                    return result(entry.sequence, "sale payload cannot be read")
                }
                let expectedReceipt = (lastReceipt[sale.terminalID] ?? 0) + 1
                if sale.receiptNumber != expectedReceipt {
                    return result(entry.sequence, "receipt number \(sale.receiptNumber) where \(expectedReceipt) was next on terminal \(sale.terminalID)")
                }
                lastReceipt[sale.terminalID] = sale.receiptNumber
                guard try Int64.fetchOne(db, sql: "SELECT journal_seq FROM sale WHERE id = ?", arguments: [sale.id]) == entry.sequence else {
                    return result(entry.sequence, "sale \(sale.id) (receipt \(sale.receiptNumber)) is missing from the sales table")
                }
                let stored = try CanonicalJSON.encode(try loadSale(db, id: sale.id))
                if stored != entry.payload {
                    return result(entry.sequence, "the stored rows of sale \(sale.receiptNumber) differ from the journal")
                }
                journaledSales.insert(sale.id)
                salesChecked += 1
            }
            if let problem = try extended.check(entry, db) {
                return result(entry.sequence, problem)
            }
            previousHash = entry.hash
            checked += 1
            expectedSequence += 1
        }
        let head = try Counters.value(db, Counters.journalHead)
        if head != expectedSequence - 1 {
            return result(expectedSequence, "the journal ends at \(expectedSequence - 1) but its head counter says \(head) (entries removed from the end)")
        }
        for (terminal, last) in lastReceipt {
            let counter = try Counters.value(db, Counters.receiptNumber(terminal: terminal))
            if counter != last {
                return result(expectedSequence, "terminal \(terminal) issued receipt \(counter) but the journal ends at \(last)")
            }
        }
        let saleRows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sale") ?? 0
        if saleRows != journaledSales.count {
            return result(expectedSequence, "\(saleRows - journaledSales.count) sale rows have no journal entry")
        }
        if let problem = try extended.finish(db) {
            return result(expectedSequence, problem)
        }
        return JournalVerification(entriesChecked: checked, salesChecked: salesChecked, headHash: JournalHasher.hex(previousHash), firstProblem: nil)
    }

    static func entry(from row: Row) throws -> JournalEntry {
        guard let previous = row["prev_hash"] as Data?, let hash = row["hash"] as Data? else {
            throw CoreError(.storage, "journal row without hashes")
        }
        return JournalEntry(
            sequence: row["seq"], terminalID: row["terminal_id"], kind: row["kind"], createdAt: row["created_at"],
            payload: row["payload"], previousHash: Array(previous), hash: Array(hash)
        )
    }
}
