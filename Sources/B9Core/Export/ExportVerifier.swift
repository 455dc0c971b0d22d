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
///    the hash before it; each document's journal entry is exported, of its kind, and its payload names it.
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
            if let entry = entries[document.journalSequence] {
                let kind = document.type == "sale" ? JournalEntry.Kind.saleCompleted : JournalEntry.Kind.returnCompleted
                if entry.kind != kind || !entry.payload.contains("\"id\":\"\(document.id)\"") {
                    problems.append("\(name): journal entry \(document.journalSequence) is not its record")
                }
            } else {
                problems.append("\(name): journal entry \(document.journalSequence) is not in the export")
            }
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
