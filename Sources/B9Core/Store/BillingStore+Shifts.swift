import Foundation
import GRDB

extension BillingStore {
    /// Opens a shift on this terminal with `float` minor units in the drawer. One shift is open at a time.
    /// - Throws: ``CoreError/Code/shiftAlreadyOpen``.
    public func openShift(float: Int64, session: OperatorSession) async throws(CoreError) -> ShiftEvent {
        guard float >= 0 else { throw CoreError(.invalidAmount, "a float is zero or more") }
        let createdAt = Timestamp.format(now())
        let terminalID = terminalID
        let shiftID = UUID().uuidString.lowercased()
        return try await transaction("open a shift") { db in
            let operatorID = try Self.openSession(db, session)
            if let open = try Self.openShiftRow(db, terminalID: terminalID) {
                throw CoreError(.shiftAlreadyOpen, "shift \(open.event.number) is still open; close it first")
            }
            let number = try Counters.next(db, Counters.shiftNumber(terminal: terminalID))
            let event = ShiftEvent(shiftID: shiftID, number: number, operatorID: operatorID, float: float, openedAt: createdAt)
            let entry = try JournalWriter.append(
                db, terminalID: terminalID, kind: JournalEntry.Kind.shiftOpened, createdAt: createdAt, payload: try CanonicalJSON.encode(event)
            )
            try db.execute(
                sql: "INSERT INTO shift (id, terminal_id, number, operator_id, opened_at, opened_seq, float_minor) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [shiftID, terminalID, number, operatorID, createdAt, entry.sequence, float]
            )
            return event
        }
    }

    /// The open shift of this terminal, or `nil`.
    public func currentShift() async throws(CoreError) -> ShiftEvent? {
        let terminalID = terminalID
        return try await read("read the open shift") { db in try Self.openShiftRow(db, terminalID: terminalID)?.event }
    }

    /// Puts cash into, or takes cash out of, the drawer of the open shift, with a reason.
    /// Needs ``OperatorAction/cashInOut`` (an approval names subject = `direction.rawValue` and the amount).
    public func moveCash(
        _ direction: CashMovement.Direction, amount: Int64, reason: String, session: OperatorSession, approval: ApprovalToken? = nil
    ) async throws(CoreError) -> CashMovement {
        guard amount > 0 else { throw CoreError(.invalidAmount, "a cash movement is more than zero") }
        guard !reason.trimmingASCIIWhitespace().isEmpty else { throw CoreError(.invalidAmount, "a cash movement needs a reason") }
        let createdAt = Timestamp.format(now())
        let nowMS = Self.milliseconds(now())
        let terminalID = terminalID
        return try await transaction("record a cash movement") { db in
            guard let shift = try Self.openShiftRow(db, terminalID: terminalID) else {
                throw CoreError(.shiftNotOpen, "no shift is open; open one with its float first")
            }
            let authorization = try Self.authorize(
                db, .cashInOut, subject: direction.rawValue, amount: amount, session: session, approval: approval, nowMS: nowMS
            )
            let movement = CashMovement(shiftID: shift.event.shiftID, direction: direction, amount: amount, reason: reason, authorization: authorization)
            let entry = try JournalWriter.append(
                db, terminalID: terminalID, kind: JournalEntry.Kind.cashMovement, createdAt: createdAt, payload: try CanonicalJSON.encode(movement)
            )
            try Self.markApprovalUsed(db, approval, authorization, at: createdAt, journalSequence: entry.sequence)
            return movement
        }
    }

    /// Closes the open shift with the cash counted by denomination; computes what the drawer should
    /// hold from the journal and the over/short. Needs ``OperatorAction/shiftClose`` (an approval names
    /// subject = the shift id, no amount).
    public func closeShift(counted: [Denomination], session: OperatorSession, approval: ApprovalToken? = nil) async throws(CoreError) -> ShiftClosing {
        let createdAt = Timestamp.format(now())
        let nowMS = Self.milliseconds(now())
        let terminalID = terminalID
        var countedTotal: Int64 = 0
        for denomination in counted {
            countedTotal = try ExactArithmetic.add(countedTotal, try ExactArithmetic.mulDiv(denomination.value, denomination.count, 1, rounding: .exact))
        }
        let total = countedTotal
        return try await transaction("close the shift") { db in
            guard let shift = try Self.openShiftRow(db, terminalID: terminalID) else {
                throw CoreError(.shiftNotOpen, "no shift is open")
            }
            let authorization = try Self.authorize(
                db, .shiftClose, subject: shift.event.shiftID, amount: nil, session: session, approval: approval, nowMS: nowMS
            )
            let head = try Counters.value(db, Counters.journalHead)
            let totals = try Self.totals(db, after: shift.openedSequence, through: head)
            let expected = try ExactArithmetic.add(shift.event.float, totals.cashMovementNet)
            let closing = ShiftClosing(
                shiftID: shift.event.shiftID, number: shift.event.number, operatorID: authorization.operatorID, authorization: authorization,
                float: shift.event.float, counted: counted, countedTotal: total, expectedCash: expected, overShort: total - expected,
                fromSequence: shift.openedSequence + 1, toSequence: head, totals: totals
            )
            let entry = try JournalWriter.append(
                db, terminalID: terminalID, kind: JournalEntry.Kind.shiftClosed, createdAt: createdAt, payload: try CanonicalJSON.encode(closing)
            )
            try Self.markApprovalUsed(db, approval, authorization, at: createdAt, journalSequence: entry.sequence)
            try db.execute(
                sql: "UPDATE shift SET closed_at = ?, closed_seq = ? WHERE id = ?", arguments: [createdAt, entry.sequence, shift.event.shiftID]
            )
            return closing
        }
    }

    /// The X report: today's totals so far (everything after the last Z report), computed from the
    /// journal. Needs no permission and changes nothing.
    public func xReport(policy: BillingPolicy) async throws(CoreError) -> DayReport {
        let createdAt = Timestamp.format(now())
        let storeID = storeID
        let terminalID = terminalID
        return try await read("compute the X report") { db in
            let from = try Self.lastZSequence(db, terminalID: terminalID)
            let head = try Counters.value(db, Counters.journalHead)
            return DayReport(
                kind: "X", number: nil, storeID: storeID, terminalID: terminalID, createdAt: createdAt, fromSequence: from + 1,
                toSequence: head, currency: policy.currency.code, currencyDigits: policy.currency.minorUnitDigits, authorization: nil,
                totals: try Self.totals(db, after: from, through: head)
            )
        }
    }

    /// Takes the Z report: the day's totals from the journal, numbered per terminal without gaps and
    /// journaled as `report.z`; the next day's totals start after it. Needs ``OperatorAction/zReport``
    /// (an approval names subject "" and no amount).
    public func zReport(policy: BillingPolicy, session: OperatorSession, approval: ApprovalToken? = nil) async throws(CoreError) -> DayReport {
        let createdAt = Timestamp.format(now())
        let nowMS = Self.milliseconds(now())
        let storeID = storeID
        let terminalID = terminalID
        return try await transaction("take the Z report") { db in
            let authorization = try Self.authorize(db, .zReport, subject: "", amount: nil, session: session, approval: approval, nowMS: nowMS)
            let from = try Self.lastZSequence(db, terminalID: terminalID)
            let head = try Counters.value(db, Counters.journalHead)
            let number = try Counters.next(db, Counters.zReportNumber(terminal: terminalID))
            let report = DayReport(
                kind: "Z", number: number, storeID: storeID, terminalID: terminalID, createdAt: createdAt, fromSequence: from + 1,
                toSequence: head, currency: policy.currency.code, currencyDigits: policy.currency.minorUnitDigits,
                authorization: authorization, totals: try Self.totals(db, after: from, through: head)
            )
            let entry = try JournalWriter.append(
                db, terminalID: terminalID, kind: JournalEntry.Kind.zReport, createdAt: createdAt, payload: try CanonicalJSON.encode(report)
            )
            try Self.markApprovalUsed(db, approval, authorization, at: createdAt, journalSequence: entry.sequence)
            try db.execute(
                sql: "INSERT INTO z_report (terminal_id, number, journal_seq) VALUES (?, ?, ?)", arguments: [terminalID, number, entry.sequence]
            )
            return report
        }
    }

    /// A Z report taken earlier, by number, as journaled.
    public func zReport(number: Int64) async throws(CoreError) -> DayReport? {
        let terminalID = terminalID
        return try await read("read a Z report") { db in
            guard let payload = try String.fetchOne(
                db, sql: "SELECT j.payload FROM z_report z JOIN journal j ON j.seq = z.journal_seq WHERE z.terminal_id = ? AND z.number = ?",
                arguments: [terminalID, number]
            ) else { return nil }
            return try CanonicalJSON.decode(DayReport.self, from: payload)
        }
    }

    // MARK: - Inside transactions

    struct OpenShift {
        let event: ShiftEvent
        let openedSequence: Int64
    }

    static func openShiftRow(_ db: Database, terminalID: String) throws -> OpenShift? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM shift WHERE terminal_id = ? AND closed_seq IS NULL", arguments: [terminalID]) else {
            return nil
        }
        return OpenShift(
            event: ShiftEvent(
                shiftID: row["id"], number: row["number"], operatorID: row["operator_id"], float: row["float_minor"], openedAt: row["opened_at"]
            ),
            openedSequence: row["opened_seq"]
        )
    }

    static func lastZSequence(_ db: Database, terminalID: String) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(journal_seq), 0) FROM z_report WHERE terminal_id = ?", arguments: [terminalID]) ?? 0
    }

    /// Re-adds the journal entries `after < seq <= through`.
    static func totals(_ db: Database, after: Int64, through: Int64) throws -> ReportTotals {
        var totals = ReportTotals()
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM journal WHERE seq > ? AND seq <= ? ORDER BY seq", arguments: [after, through])
        while let row = try rows.next() {
            try totals.add(try entry(from: row))
        }
        return totals
    }
}
