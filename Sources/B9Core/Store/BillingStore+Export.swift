import GRDB

extension BillingStore {
    /// The export of the UTC days `from...to` (`YYYY-MM-DD`, inclusive): the sales and returns written
    /// on those days and every journal entry from the first to the last entry of the period.
    public func exportJournal(from: String, to: String) async throws(CoreError) -> JournalExport {
        guard Self.isDay(from), Self.isDay(to), from <= to else {
            throw CoreError(.invalidAmount, "--from and --to are UTC days YYYY-MM-DD, from not after to (got \(from), \(to))")
        }
        let storeID = storeID
        let terminalID = terminalID
        let entries: [JournalEntry] = try await read("read the journal for export") { db in
            guard let range = try Row.fetchOne(
                db, sql: "SELECT MIN(seq) AS first, MAX(seq) AS last FROM journal WHERE substr(created_at, 1, 10) BETWEEN ? AND ?",
                arguments: [from, to]
            ), let first = range["first"] as Int64?, let last = range["last"] as Int64? else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM journal WHERE seq BETWEEN ? AND ? ORDER BY seq", arguments: [first, last])
                .map(Self.entry(from:))
        }
        return try JournalExport.build(from: from, to: to, storeID: storeID, terminalID: terminalID, entries: entries)
    }

    static func isDay(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        let digits = bytes.enumerated().filter { $0.offset != 4 && $0.offset != 7 }.map(\.element)
        guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let month = Int(String(text.dropFirst(5).prefix(2))), let day = Int(String(text.suffix(2)))
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
