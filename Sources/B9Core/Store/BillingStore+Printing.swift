import GRDB

/// A sale whose receipt has not been confirmed printed.
public struct UnconfirmedReceipt: Sendable, Hashable {
    public let saleID: String
    public let receiptNumber: Int64
    /// The last recorded outcome, or `nil` if the terminal stopped before it could record one.
    public let lastOutcome: String?
}

extension BillingStore {
    /// Records how printing a sale's receipt ended, as a journal entry and a `receipt_print` row.
    public func recordPrintOutcome(saleID: String, outcome: PrintOutcome) async throws(CoreError) {
        let createdAt = Timestamp.format(now())
        let terminalID = terminalID
        _ = try await transaction("record the print outcome") { db in
            guard let receipt = try Int64.fetchOne(db, sql: "SELECT receipt_number FROM sale WHERE id = ?", arguments: [saleID]) else {
                throw CoreError(.storage, "sale \(saleID) is not in the store")
            }
            let payload = try CanonicalJSON.encode(PrintRecord(sale: saleID, receipt: receipt, outcome: outcome.code, detail: outcome.detail))
            let entry = try JournalWriter.append(db, terminalID: terminalID, kind: JournalEntry.Kind.receiptPrint, createdAt: createdAt, payload: payload)
            try db.execute(
                sql: "INSERT INTO receipt_print (sale_id, outcome, detail, journal_seq, recorded_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [saleID, outcome.code, outcome.detail, entry.sequence, createdAt]
            )
            return true
        }
    }

    private struct PrintRecord: Codable {
        let sale: String
        let receipt: Int64
        let outcome: String
        let detail: String?
    }

    /// Sales whose receipt was not confirmed printed: none recorded (the terminal stopped between
    /// commit and print), or the last outcome was `failed` or `unknown`. An `unknown` one needs an
    /// operator's confirmation before it is printed again.
    public func unconfirmedReceipts() async throws(CoreError) -> [UnconfirmedReceipt] {
        try await read("list unconfirmed receipts") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id, s.receipt_number,
                           (SELECT outcome FROM receipt_print p WHERE p.sale_id = s.id ORDER BY p.id DESC LIMIT 1) AS last_outcome
                    FROM sale s
                    WHERE NOT EXISTS (SELECT 1 FROM receipt_print p WHERE p.sale_id = s.id AND p.outcome = 'printed')
                    ORDER BY s.receipt_number
                    """
            ).map { UnconfirmedReceipt(saleID: $0["id"], receiptNumber: $0["receipt_number"], lastOutcome: $0["last_outcome"]) }
        }
    }
}
