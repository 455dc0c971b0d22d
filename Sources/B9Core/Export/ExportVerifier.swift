/// Re-adds every total of a ``JournalExport`` from its lines and re-checks its journal chain, so an
/// export can be trusted (or refused) without the terminal's database. Exports are read from files, so
/// sums wrap instead of trapping: an overflowing file simply does not add up.
///
/// Rules (see `docs/billing-export.md`):
/// 1. per line: `gross − discount == net` and `amount == net (+ vat when prices exclude VAT)`;
/// 2. per document: Σ line gross = subtotal, Σ discount = discounts, Σ line amount = total,
///    Σ exclusive line VAT = exclusiveVAT, Σ inclusive line VAT = inclusiveVAT;
/// 3. per document and rate: Σ line net = base and Σ line VAT = amount of the VAT row, and no rate
///    without lines;
/// 4. per document: Σ payments − change = amountDue = total + roundingAdjustment;
/// 5. journal: consecutive sequence numbers; each hash recomputes from its entry; each previous hash is
///    the hash before it; each document's journal entry is exported, of its kind, and its payload names it;
///    a sale's grand total and tips, and a return's total, equal those of its journal record;
/// 6. tips: per sale, Σ tip rows = `tips`, row by row the tips of its journal record; no tip without its sale;
/// 7. money received (deposits, payments on account): Σ its payments = its amount > 0, and its journal
///    entry is exported, of its kind, with the same id, amount and payments; no payment row without its
///    document or receipt.
public enum ExportVerifier {
    /// The result: how much was re-added and the problems found (empty when the export verifies).
    public struct Result: Sendable, Hashable, Codable {
        public let documents: Int
        public let lines: Int
        public let journalEntries: Int
        public let problems: [String]
        public var isValid: Bool { problems.isEmpty }
    }

    public static func verify(_ export: JournalExport) -> Result {
        var problems: [String] = []
        let linesByDocument = Dictionary(grouping: export.lines, by: \.documentID)
        let paymentsByDocument = Dictionary(grouping: export.payments, by: \.documentID)
        let vatByDocument = Dictionary(grouping: export.vat, by: \.documentID)
        let tipsByDocument = Dictionary(grouping: export.tips, by: \.documentID)
        let entries = Dictionary(export.journal.map { ($0.sequence, $0) }, uniquingKeysWith: { first, _ in first })
        for document in export.documents {
            let name = "\(document.type) \(document.number) (\(document.id))"
            let lines = linesByDocument[document.id] ?? []
            for line in lines {
                if line.gross &- line.discount != line.net {
                    problems.append("\(name) line \(line.lineNumber): gross − discount ≠ net")
                }
                if line.amount != line.net &+ (line.pricesIncludeVAT ? 0 : line.vat) {
                    problems.append("\(name) line \(line.lineNumber): amount ≠ net + VAT on top")
                }
            }
            func sum(_ values: [Int64]) -> Int64 { values.reduce(0, &+) }
            if sum(lines.map(\.gross)) != document.subtotal { problems.append("\(name): lines do not add up to the subtotal") }
            if sum(lines.map(\.discount)) != document.discounts { problems.append("\(name): line discounts do not add up to the discounts") }
            if sum(lines.map(\.amount)) != document.total { problems.append("\(name): lines do not add up to the total") }
            if sum(lines.filter { !$0.pricesIncludeVAT }.map(\.vat)) != document.exclusiveVAT {
                problems.append("\(name): line VAT does not add up to the exclusive VAT")
            }
            if sum(lines.filter(\.pricesIncludeVAT).map(\.vat)) != document.inclusiveVAT {
                problems.append("\(name): line VAT does not add up to the inclusive VAT")
            }
            let rates = vatByDocument[document.id] ?? []
            for rate in rates {
                let members = lines.filter { $0.vatRateBasisPoints == rate.rateBasisPoints && $0.pricesIncludeVAT == rate.pricesIncludeVAT }
                if members.isEmpty || sum(members.map(\.net)) != rate.base || sum(members.map(\.vat)) != rate.amount {
                    problems.append("\(name): VAT at \(rate.rateBasisPoints) bp does not add up from its lines")
                }
            }
            if lines.contains(where: { line in !rates.contains { $0.rateBasisPoints == line.vatRateBasisPoints && $0.pricesIncludeVAT == line.pricesIncludeVAT } }) {
                problems.append("\(name): a line's VAT rate has no VAT row")
            }
            let paid = sum((paymentsByDocument[document.id] ?? []).map(\.amount))
            if paid &- document.change != document.amountDue || document.total &+ document.roundingAdjustment != document.amountDue {
                problems.append("\(name): payments − change ≠ amount due ≠ total + rounding")
            }
            let tips = tipsByDocument[document.id] ?? []
            if sum(tips.map(\.amount)) != document.tips { problems.append("\(name): tips do not add up to the document's tips") }
            if let entry = entries[document.journalSequence] {
                let kind = document.type == "sale" ? JournalEntry.Kind.saleCompleted : JournalEntry.Kind.returnCompleted
                if entry.kind != kind || !entry.payload.contains("\"id\":\"\(document.id)\"") {
                    problems.append("\(name): journal entry \(document.journalSequence) is not its record")
                } else {
                    problems += recordProblems(document, tips: tips, entry: entry, name: name)
                }
            } else {
                problems.append("\(name): journal entry \(document.journalSequence) is not in the export")
            }
        }
        let documentIDs = Set(export.documents.map(\.id))
        for tip in export.tips where !documentIDs.contains(tip.documentID) {
            problems.append("tip \(tip.sequence) of \(tip.documentID): no such sale in the export")
        }
        let paymentOwners = documentIDs.union(export.received.map(\.id))
        for payment in export.payments where !paymentOwners.contains(payment.documentID) {
            problems.append("payment \(payment.sequence) of \(payment.documentID): no such document or receipt in the export")
        }
        for money in export.received {
            problems += receivedProblems(money, payments: paymentsByDocument[money.id] ?? [], entry: entries[money.journalSequence])
        }
        var previous: JournalExport.ChainEntry?
        for entry in export.journal {
            if let previous {
                if entry.sequence != previous.sequence &+ 1 { problems.append("journal: entry \(previous.sequence &+ 1) is missing") }
                if entry.previousHash != previous.hash { problems.append("journal entry \(entry.sequence): previous hash does not match") }
            }
            let recomputed = JournalHasher.hex(JournalHasher.hash(
                sequence: entry.sequence, terminalID: entry.terminalID, kind: entry.kind, createdAt: entry.createdAt, payload: entry.payload,
                previousHash: hexBytes(entry.previousHash)
            ))
            if recomputed != entry.hash { problems.append("journal entry \(entry.sequence): content does not match its hash") }
            previous = entry
        }
        return Result(documents: export.documents.count, lines: export.lines.count, journalEntries: export.journal.count, problems: problems)
    }

    /// Rule 5 and 6 against the journal: the record's totals and tips are the exported ones.
    private static func recordProblems(
        _ document: JournalExport.Document, tips: [JournalExport.TipRow], entry: JournalExport.ChainEntry, name: String
    ) -> [String] {
        if document.type == "sale" {
            guard let sale = try? CanonicalJSON.decode(CompletedSale.self, from: entry.payload) else {
                return ["\(name): journal entry \(entry.sequence) is not a readable sale"]
            }
            var problems: [String] = []
            if sale.grandTotal != document.total { problems.append("\(name): total differs from its journal record") }
            let recorded = (sale.restaurant?.tips ?? []).map { [$0.tender, String($0.amount)] }
            let exported = tips.sorted { $0.sequence < $1.sequence }.map { [$0.tender, String($0.amount)] }
            if recorded != exported { problems.append("\(name): tips differ from its journal record") }
            return problems
        }
        guard let record = try? CanonicalJSON.decode(CompletedReturn.self, from: entry.payload) else {
            return ["\(name): journal entry \(entry.sequence) is not a readable return"]
        }
        return record.total == document.total ? [] : ["\(name): total differs from its journal record"]
    }

    /// Rule 7: a deposit or payment on account adds up and is what its journal entry records.
    private static func receivedProblems(
        _ money: JournalExport.MoneyReceived, payments: [JournalExport.Payment], entry: JournalExport.ChainEntry?
    ) -> [String] {
        let name = "\(money.type) \(money.id)"
        var problems: [String] = []
        if money.amount <= 0 || payments.reduce(Int64(0), { $0 &+ $1.amount }) != money.amount {
            problems.append("\(name): payments do not add up to its amount")
        }
        guard let entry else { return problems + ["\(name): journal entry \(money.journalSequence) is not in the export"] }
        let recorded: (id: String, amount: Int64, payments: [CompletedSale.Payment])?
        switch (money.type, entry.kind) {
        case (JournalExport.MoneyReceived.deposit, JournalEntry.Kind.projectDeposit):
            recorded = (try? CanonicalJSON.decode(ProjectDeposit.self, from: entry.payload)).map { ($0.id, $0.amount, $0.payments) }
        case (JournalExport.MoneyReceived.accountPayment, JournalEntry.Kind.accountPayment):
            recorded = (try? CanonicalJSON.decode(AccountPayment.self, from: entry.payload)).map { ($0.id, $0.amount, $0.payments) }
        default:
            recorded = nil
        }
        guard let recorded, recorded.id == money.id else {
            return problems + ["\(name): journal entry \(money.journalSequence) is not its record"]
        }
        let exported = payments.sorted { $0.sequence < $1.sequence }.map { [$0.tender, String($0.amount)] }
        if recorded.amount != money.amount || recorded.payments.map({ [$0.tender, String($0.amount)] }) != exported {
            problems.append("\(name): amount or payments differ from its journal record")
        }
        return problems
    }

    static func hexBytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var high: UInt8?
        for byte in text.utf8 {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            default: return []
            }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return bytes
    }
}
