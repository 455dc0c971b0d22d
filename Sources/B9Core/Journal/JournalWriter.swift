import Foundation
import GRDB

/// Appends entries to the journal inside the caller's transaction.
enum JournalWriter {
    /// Appends one entry chained to the last one and moves the `journal_head` counter.
    static func append(_ db: Database, terminalID: String, kind: String, createdAt: String, payload: String) throws -> JournalEntry {
        let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")
        let sequence: Int64 = (last?["seq"] ?? 0) + 1
        let previousHash: [UInt8] = (last?["hash"] as Data?).map { Array($0) } ?? JournalHasher.genesisHash
        let hash = JournalHasher.hash(
            sequence: sequence, terminalID: terminalID, kind: kind, createdAt: createdAt, payload: payload, previousHash: previousHash
        )
        try db.execute(
            sql: "INSERT INTO journal (seq, terminal_id, kind, created_at, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [sequence, terminalID, kind, createdAt, payload, Data(previousHash), Data(hash)]
        )
        try Counters.set(db, Counters.journalHead, to: sequence)
        return JournalEntry(
            sequence: sequence, terminalID: terminalID, kind: kind, createdAt: createdAt, payload: payload, previousHash: previousHash, hash: hash
        )
    }
}

/// Named counters kept in the `counter` table, changed only inside transactions.
enum Counters {
    /// The sequence number of the last journal entry (detects a truncated journal).
    static let journalHead = "journal_head"
    /// The per-producer sequence of outbox events.
    static let eventSequence = "event_sequence"
    /// The last receipt number issued by `terminal`.
    static func receiptNumber(terminal: String) -> String { "receipt:\(terminal)" }
    /// The last return number issued by `terminal` (a series of its own).
    static func returnNumber(terminal: String) -> String { "return:\(terminal)" }
    /// The last shift number of `terminal`.
    static func shiftNumber(terminal: String) -> String { "shift:\(terminal)" }
    /// The last quotation number issued by `terminal` (a series of its own).
    static func quotationNumber(terminal: String) -> String { "quote:\(terminal)" }
    /// The last Z report number of `terminal`.
    static func zReportNumber(terminal: String) -> String { "z:\(terminal)" }

    static func value(_ db: Database, _ name: String) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT value FROM counter WHERE name = ?", arguments: [name]) ?? 0
    }

    static func set(_ db: Database, _ name: String, to value: Int64) throws {
        try db.execute(
            sql: "INSERT INTO counter (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            arguments: [name, value]
        )
    }

    /// Increments and returns the new value.
    static func next(_ db: Database, _ name: String) throws -> Int64 {
        let value = try value(db, name) + 1
        try set(db, name, to: value)
        return value
    }
}
