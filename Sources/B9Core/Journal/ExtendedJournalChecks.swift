import GRDB

/// The checks ``BillingStore/verifyJournal()`` makes on entries other than sales, in one pass in journal order:
/// - return numbers run 1, 2, 3 … per terminal in their own series, and the return counter agrees;
/// - every `return.completed` entry has its rows, which re-encode to exactly the journaled payload; its
///   lines add up to its total and its refunds to the same; a return against a receipt names a sale
///   journaled before it, and no line is returned beyond what was sold, over all returns;
/// - Z reports are numbered 1, 2, 3 … per terminal, cover exactly the entries since the previous Z
///   report, and their totals equal the totals re-added from those entries;
/// - a shift closing covers exactly the entries since its opening and its totals, expected cash and
///   over/short are re-added from them;
/// - each loyalty member's movements chain (balance before = the previous balance after, after = before +
///   points) and end at the stored balance; each project order's deposits chain the same way and end at
///   the order's stored deposited sum.
struct ExtendedJournalChecks {
    private var points: [String: Int64] = [:]
    private var deposited: [String: Int64] = [:]
    private var lastReturn: [String: Int64] = [:]
    private var lastZ: [String: Int64] = [:]
    private var sold: [String: [Int: Int64]] = [:]
    private var returned: [String: [Int: Int64]] = [:]
    private var journaledReturns = 0
    private var sinceZ = ReportTotals()
    private var sinceZStart: Int64 = 1
    private var openShifts: [String: (start: Int64, totals: ReportTotals)] = [:]

    /// The problem with `entry`, or `nil`.
    mutating func check(_ entry: JournalEntry, _ db: Database) throws -> String? {
        do {
            if let problem = try checkKind(entry, db) { return problem }
            try sinceZ.add(entry)
            for key in openShifts.keys { try openShifts[key]?.totals.add(entry) }
            return nil
        } catch let error as CoreError {
            return "\(entry.kind) payload cannot be read or added (\(error.message))"
        }
    }

    private mutating func checkKind(_ entry: JournalEntry, _ db: Database) throws -> String? {
        switch entry.kind {
        case JournalEntry.Kind.saleCompleted:
            let sale = try CanonicalJSON.decode(CompletedSale.self, from: entry.payload)
            sold[sale.id] = Dictionary(sale.lines.map { ($0.number, $0.quantity) }, uniquingKeysWith: +)
        case JournalEntry.Kind.returnCompleted:
            let record = try CanonicalJSON.decode(CompletedReturn.self, from: entry.payload)
            let expected = (lastReturn[record.terminalID] ?? 0) + 1
            if record.returnNumber != expected {
                return "return number \(record.returnNumber) where \(expected) was next on terminal \(record.terminalID)"
            }
            lastReturn[record.terminalID] = record.returnNumber
            guard try Int64.fetchOne(db, sql: "SELECT journal_seq FROM return_receipt WHERE id = ?", arguments: [record.id]) == entry.sequence else {
                return "return \(record.returnNumber) is missing from the returns table"
            }
            if try CanonicalJSON.encode(try BillingStore.loadReturn(db, id: record.id)) != entry.payload {
                return "the stored rows of return \(record.returnNumber) differ from the journal"
            }
            let lineSum = record.lines.reduce(Int64(0)) { $0 &+ $1.amount }
            let refundSum = record.refunds.reduce(Int64(0)) { $0 &+ $1.amount }
            if lineSum != record.total || refundSum != record.total || record.total > 0 {
                return "return \(record.returnNumber): lines add up to \(lineSum), refunds to \(refundSum), total says \(record.total)"
            }
            if let saleID = record.originalSaleID {
                guard let soldLines = sold[saleID] else {
                    return "return \(record.returnNumber) refers to sale \(saleID), which is not journaled before it"
                }
                for line in record.lines {
                    guard let original = line.originalLine, let quantity = soldLines[original] else {
                        return "return \(record.returnNumber) line \(line.number) names no line of the original sale"
                    }
                    let total = (returned[saleID]?[original] ?? 0) &- line.quantity
                    if total > quantity {
                        return "return \(record.returnNumber): line \(original) of sale \(saleID) returned \(total) of \(quantity) thousandths sold"
                    }
                    returned[saleID, default: [:]][original] = total
                }
            }
            journaledReturns += 1
        case JournalEntry.Kind.loyaltyPoints:
            let movement = try CanonicalJSON.decode(LoyaltyMovement.self, from: entry.payload)
            let before = points[movement.memberID] ?? 0
            if movement.balanceBefore != before || movement.balanceAfter != before &+ movement.points {
                return "points of member \(movement.memberID) do not follow on: \(movement.balanceBefore) + \(movement.points) → \(movement.balanceAfter) after \(before)"
            }
            points[movement.memberID] = movement.balanceAfter
        case JournalEntry.Kind.projectDeposit:
            let deposit = try CanonicalJSON.decode(ProjectDeposit.self, from: entry.payload)
            let before = deposited[deposit.orderID] ?? 0
            let paid = deposit.payments.reduce(Int64(0)) { $0 &+ $1.amount }
            if deposit.amount <= 0 || paid != deposit.amount || deposit.depositedAfter != before &+ deposit.amount {
                return "deposit \(deposit.id) on order \(deposit.orderID) does not add up"
            }
            deposited[deposit.orderID] = deposit.depositedAfter
        case JournalEntry.Kind.zReport:
            let report = try CanonicalJSON.decode(DayReport.self, from: entry.payload)
            let expected = (lastZ[report.terminalID] ?? 0) + 1
            if report.number != expected {
                return "Z report \(report.number.map(String.init) ?? "without number") where \(expected) was next"
            }
            lastZ[report.terminalID] = expected
            if report.fromSequence != sinceZStart || report.toSequence != entry.sequence - 1 {
                return "Z report \(expected) covers \(report.fromSequence)...\(report.toSequence), not \(sinceZStart)...\(entry.sequence - 1)"
            }
            if report.totals != sinceZ {
                return "Z report \(expected) totals differ from the journal entries it covers"
            }
            sinceZ = ReportTotals()
            sinceZStart = entry.sequence + 1
        case JournalEntry.Kind.shiftOpened:
            let event = try CanonicalJSON.decode(ShiftEvent.self, from: entry.payload)
            openShifts[event.shiftID] = (entry.sequence + 1, ReportTotals())
        case JournalEntry.Kind.shiftClosed:
            let closing = try CanonicalJSON.decode(ShiftClosing.self, from: entry.payload)
            guard let shift = openShifts.removeValue(forKey: closing.shiftID) else {
                return "shift \(closing.number) is closed but was never opened"
            }
            if closing.fromSequence != shift.start || closing.toSequence != entry.sequence - 1 || closing.totals != shift.totals {
                return "shift \(closing.number) closing totals differ from the journal entries of the shift"
            }
            let counted = closing.counted.reduce(Int64(0)) { $0 &+ $1.value &* $1.count }
            if counted != closing.countedTotal || closing.expectedCash != closing.float &+ shift.totals.cashMovementNet
                || closing.overShort != closing.countedTotal &- closing.expectedCash
            {
                return "shift \(closing.number): counted, expected or over/short do not add up"
            }
        default:
            break
        }
        return nil
    }

    /// Checks that need the whole journal: counters and rows without entries.
    func finish(_ db: Database) throws -> String? {
        for (terminal, last) in lastReturn where try Counters.value(db, Counters.returnNumber(terminal: terminal)) != last {
            return "terminal \(terminal) issued more return numbers than the journal holds (last journaled: \(last))"
        }
        for (terminal, last) in lastZ where try Counters.value(db, Counters.zReportNumber(terminal: terminal)) != last {
            return "terminal \(terminal) numbered more Z reports than the journal holds (last journaled: \(last))"
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, points FROM loyalty_member") where (points[row["id"]] ?? 0) != row["points"] {
            return "loyalty member \(row["id"] as String) holds \(row["points"] as Int64) points but the journal says \(points[row["id"]] ?? 0)"
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, deposited_minor FROM project_order") where (deposited[row["id"]] ?? 0) != row["deposited_minor"] {
            return "project order \(row["id"] as String) holds \(row["deposited_minor"] as Int64) in deposits but the journal says \(deposited[row["id"]] ?? 0)"
        }
        let rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM return_receipt") ?? 0
        if rows != journaledReturns {
            return "\(rows - journaledReturns) return rows have no journal entry"
        }
        return nil
    }
}
