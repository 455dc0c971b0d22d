/// The CSV form of a ``JournalExport``: seven files with a header row each, every field quoted
/// (``CSVWriter``), amounts as integer minor units, booleans `1`/`0`, absent values empty.
extension JournalExport {
    /// File names, in the order they are written.
    public static let csvFileNames = ["sales.csv", "lines.csv", "payments.csv", "vat.csv", "tips.csv", "received.csv", "journal.csv"]

    static let documentHeader = [
        "type", "id", "terminal_id", "number", "created_at", "original_sale_id", "currency", "currency_digits", "subtotal_minor",
        "discounts_minor", "exclusive_vat_minor", "inclusive_vat_minor", "total_minor", "rounding_minor", "amount_due_minor", "change_minor",
        "tips_minor", "journal_seq",
    ]
    static let lineHeader = [
        "document_id", "line_no", "sku", "name", "unit", "quantity_milli", "unit_price_minor", "gross_minor", "discount_minor", "net_minor",
        "vat_rate_bp", "vat_inclusive", "vat_minor", "amount_minor",
    ]
    static let paymentHeader = ["document_id", "seq", "tender", "amount_minor", "foreign_amount_minor"]
    static let vatHeader = ["document_id", "vat_rate_bp", "vat_inclusive", "base_minor", "vat_minor"]
    static let tipHeader = ["document_id", "seq", "tender", "amount_minor", "waiter", "reference"]
    static let receivedHeader = [
        "type", "id", "terminal_id", "created_at", "account_id", "order_id", "project_id", "amount_minor", "journal_seq",
    ]
    static let journalHeader = ["seq", "terminal_id", "kind", "created_at", "payload", "prev_hash", "hash"]

    /// File name → CSV text.
    public func csvFiles() -> [String: String] {
        func flag(_ value: Bool) -> String { value ? "1" : "0" }
        return [
            "sales.csv": CSVWriter.write([Self.documentHeader] + documents.map {
                [
                    $0.type, $0.id, $0.terminalID, String($0.number), $0.createdAt, $0.originalSaleID ?? "", $0.currency, String($0.currencyDigits),
                    String($0.subtotal), String($0.discounts), String($0.exclusiveVAT), String($0.inclusiveVAT), String($0.total),
                    String($0.roundingAdjustment), String($0.amountDue), String($0.change), String($0.tips), String($0.journalSequence),
                ]
            }),
            "lines.csv": CSVWriter.write([Self.lineHeader] + lines.map {
                [
                    $0.documentID, String($0.lineNumber), $0.sku, $0.name, $0.unit, String($0.quantity), String($0.unitPrice), String($0.gross),
                    String($0.discount), String($0.net), String($0.vatRateBasisPoints), flag($0.pricesIncludeVAT), String($0.vat), String($0.amount),
                ]
            }),
            "payments.csv": CSVWriter.write([Self.paymentHeader] + payments.map {
                [$0.documentID, String($0.sequence), $0.tender, String($0.amount), $0.foreignAmount.map(String.init) ?? ""]
            }),
            "vat.csv": CSVWriter.write([Self.vatHeader] + vat.map {
                [$0.documentID, String($0.rateBasisPoints), flag($0.pricesIncludeVAT), String($0.base), String($0.amount)]
            }),
            "tips.csv": CSVWriter.write([Self.tipHeader] + tips.map {
                [$0.documentID, String($0.sequence), $0.tender, String($0.amount), $0.waiter ?? "", $0.reference ?? ""]
            }),
            "received.csv": CSVWriter.write([Self.receivedHeader] + received.map {
                [
                    $0.type, $0.id, $0.terminalID, $0.createdAt, $0.accountID ?? "", $0.orderID ?? "", $0.projectID ?? "", String($0.amount),
                    String($0.journalSequence),
                ]
            }),
            "journal.csv": CSVWriter.write([Self.journalHeader] + journal.map {
                [String($0.sequence), $0.terminalID, $0.kind, $0.createdAt, $0.payload, $0.previousHash, $0.hash]
            }),
        ]
    }

    /// Reads the seven CSV files back (for the verifier). Period and ids are not in the CSV files and come back empty.
    public static func fromCSV(_ files: [String: String]) throws(CoreError) -> JournalExport {
        func table(_ name: String, _ header: [String]) throws(CoreError) -> [[String]] {
            guard let text = files[name] else { throw CoreError(.invalidConfiguration, "the export has no \(name)") }
            let records = try CSVReader.records(text)
            guard let first = records.first, first.fields == header else {
                throw CoreError(.invalidConfiguration, "\(name): the header must be \(header.joined(separator: ","))")
            }
            for record in records.dropFirst() where record.fields.count != header.count {
                throw CoreError(.invalidConfiguration, "\(name) line \(record.line): \(record.fields.count) fields, \(header.count) expected")
            }
            return records.dropFirst().map(\.fields)
        }
        func int(_ text: String, _ what: String) throws(CoreError) -> Int64 {
            guard let value = Int64(text) else { throw CoreError(.invalidAmount, "\(what): '\(text)' is not an integer") }
            return value
        }
        var documents: [Document] = []
        for f in try table("sales.csv", documentHeader) {
            documents.append(Document(
                type: f[0], id: f[1], terminalID: f[2], number: try int(f[3], "number"), createdAt: f[4], originalSaleID: f[5].isEmpty ? nil : f[5],
                currency: f[6], currencyDigits: Int(try int(f[7], "currency_digits")), subtotal: try int(f[8], "subtotal"),
                discounts: try int(f[9], "discounts"), exclusiveVAT: try int(f[10], "exclusive_vat"), inclusiveVAT: try int(f[11], "inclusive_vat"),
                total: try int(f[12], "total"), roundingAdjustment: try int(f[13], "rounding"), amountDue: try int(f[14], "amount_due"),
                change: try int(f[15], "change"), tips: try int(f[16], "tips"), journalSequence: try int(f[17], "journal_seq")
            ))
        }
        var lines: [Line] = []
        for f in try table("lines.csv", lineHeader) {
            lines.append(Line(
                documentID: f[0], lineNumber: Int(try int(f[1], "line_no")), sku: f[2], name: f[3], unit: f[4], quantity: try int(f[5], "quantity"),
                unitPrice: try int(f[6], "unit_price"), gross: try int(f[7], "gross"), discount: try int(f[8], "discount"), net: try int(f[9], "net"),
                vatRateBasisPoints: try int(f[10], "vat_rate_bp"), pricesIncludeVAT: f[11] == "1", vat: try int(f[12], "vat"),
                amount: try int(f[13], "amount")
            ))
        }
        var payments: [Payment] = []
        for f in try table("payments.csv", paymentHeader) {
            payments.append(Payment(
                documentID: f[0], sequence: Int(try int(f[1], "seq")), tender: f[2], amount: try int(f[3], "amount"),
                foreignAmount: f[4].isEmpty ? nil : try int(f[4], "foreign_amount")
            ))
        }
        var vat: [VATRate] = []
        for f in try table("vat.csv", vatHeader) {
            vat.append(VATRate(
                documentID: f[0], rateBasisPoints: try int(f[1], "vat_rate_bp"), pricesIncludeVAT: f[2] == "1", base: try int(f[3], "base"),
                amount: try int(f[4], "vat")
            ))
        }
        var tips: [TipRow] = []
        for f in try table("tips.csv", tipHeader) {
            tips.append(TipRow(
                documentID: f[0], sequence: Int(try int(f[1], "seq")), tender: f[2], amount: try int(f[3], "amount"),
                waiter: f[4].isEmpty ? nil : f[4], reference: f[5].isEmpty ? nil : f[5]
            ))
        }
        var received: [MoneyReceived] = []
        for f in try table("received.csv", receivedHeader) {
            received.append(MoneyReceived(
                type: f[0], id: f[1], terminalID: f[2], createdAt: f[3], accountID: f[4].isEmpty ? nil : f[4], orderID: f[5].isEmpty ? nil : f[5],
                projectID: f[6].isEmpty ? nil : f[6], amount: try int(f[7], "amount"), journalSequence: try int(f[8], "journal_seq")
            ))
        }
        var journal: [ChainEntry] = []
        for f in try table("journal.csv", journalHeader) {
            journal.append(ChainEntry(
                sequence: try int(f[0], "seq"), terminalID: f[1], kind: f[2], createdAt: f[3], payload: f[4], previousHash: f[5], hash: f[6]
            ))
        }
        return JournalExport(
            from: "", to: "", storeID: "", terminalID: "", documents: documents, lines: lines, payments: payments, vat: vat, tips: tips,
            received: received, journal: journal
        )
    }
}
