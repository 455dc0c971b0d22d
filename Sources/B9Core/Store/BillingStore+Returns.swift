import Foundation
import GRDB

extension BillingStore {
    /// Prices a return without writing anything: what the supervisor approves and the customer gets back.
    public func quoteReturn(_ request: ReturnRequest, policy: BillingPolicy) async throws(CoreError) -> ReturnQuote {
        try await read("price a return") { db in try Self.quote(db, request, policy: policy) }
    }

    /// Takes goods back and refunds them, in ONE transaction: the return with its own gap-free number,
    /// its lines and refunds, stock back for stock-tracked lines, account balances down for account
    /// refunds, the `return.completed` journal entry (negative amounts, naming the original sale, the
    /// operator and any approver) and its outbox events.
    ///
    /// - Parameters:
    ///   - refunds: the tenders to pay back (positive amounts), or `nil` to follow ``RefundRules`` automatically.
    ///   - approval: a supervisor's approval of ``ReturnQuote/action`` for ``ReturnQuote/subject`` and
    ///     ``ReturnQuote/amount`` when the operator's role does not allow it.
    /// - Throws: ``CoreError/Code/returnExceedsSale`` when more would be returned than was sold (over all
    ///   returns of the sale); ``CoreError/Code/refundNotAllowed``; ``CoreError/Code/notPermitted``.
    public func completeReturn(
        _ request: ReturnRequest, refunds: [TenderInput]? = nil, policy: BillingPolicy, session: OperatorSession,
        approval: ApprovalToken? = nil, returnID: String? = nil
    ) async throws(CoreError) -> CompletedReturn {
        guard !request.reason.trimmingASCIIWhitespace().isEmpty else {
            throw CoreError(.invalidAmount, "a return needs a reason")
        }
        let returnID = returnID ?? UUID().uuidString.lowercased()
        let createdAt = Timestamp.format(now())
        let nowMS = Self.milliseconds(now())
        let storeID = storeID
        let terminalID = terminalID
        return try await transaction("save the return") { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM return_receipt WHERE id = ?", arguments: [returnID]) == true {
                return try Self.loadReturn(db, id: returnID)
            }
            let quote = try Self.quote(db, request, policy: policy)
            let authorization = try Self.authorize(
                db, quote.action, subject: quote.subject, amount: quote.amount, session: session, approval: approval, nowMS: nowMS
            )
            var refunded: [String: Int64] = [:]
            var original: CompletedSale?
            if let saleID = quote.originalSaleID {
                original = try Self.loadSale(db, id: saleID)
                for row in try Row.fetchAll(
                    db,
                    sql: "SELECT tender, -SUM(refund.amount_minor) AS amount FROM refund JOIN return_receipt r ON r.id = refund.return_id WHERE r.original_sale_id = ? GROUP BY tender",
                    arguments: [saleID]
                ) {
                    refunded[row["tender"]] = row["amount"]
                }
            }
            let plan = try RefundRules.plan(total: quote.amount, sale: original, refunded: refunded, requested: refunds)
            let returnNumber = try Counters.next(db, Counters.returnNumber(terminal: terminalID))
            let record = CompletedReturn(
                id: returnID, storeID: storeID, terminalID: terminalID, returnNumber: returnNumber, createdAt: createdAt,
                originalSaleID: quote.originalSaleID, originalReceiptNumber: quote.originalReceiptNumber, reason: request.reason,
                authorization: authorization, currency: policy.currency.code, currencyDigits: policy.currency.minorUnitDigits,
                lines: quote.lines, vat: quote.vat, total: quote.total,
                refunds: plan.map { CompletedReturn.Refund(tender: $0.tender, amount: -$0.amount) }
            )
            let entry = try JournalWriter.append(
                db, terminalID: terminalID, kind: JournalEntry.Kind.returnCompleted, createdAt: createdAt, payload: try CanonicalJSON.encode(record)
            )
            try Self.markApprovalUsed(db, approval, authorization, at: createdAt, journalSequence: entry.sequence)
            try Self.insert(record, journalSequence: entry.sequence, db)
            for refund in record.refunds {
                guard case .customerCredit(let account) = try TenderKind(code: refund.tender) else { continue }
                try db.execute(sql: "UPDATE customer_account SET balance_minor = balance_minor + ? WHERE id = ?", arguments: [refund.amount, account])
                guard db.changesCount == 1 else { throw CoreError(.accountNotFound, "there is no customer account '\(account)'") }
            }
            if let original {
                try Self.returnPoints(db, original: original, record: record, refundedBefore: refunded, policy: policy, terminalID: terminalID)
            }
            try OutboxWriter.enqueue(db, type: EventType.returnCompleted, data: record, storeID: storeID, terminalID: terminalID, createdAt: createdAt)
            for line in record.lines where line.stockTracked {
                let movement = StockMovedData(
                    sku: line.sku, quantity: DecimalText.format(-line.quantity, scale: Quantity.scale), unit: line.unit,
                    reason: "return", reference: record.id, terminal: terminalID
                )
                let eventID = try OutboxWriter.enqueue(
                    db, type: EventType.stockMoved, data: movement, storeID: storeID, terminalID: terminalID, createdAt: createdAt
                )
                try db.execute(
                    sql: """
                        INSERT INTO stock_movement (sku, quantity_milli, reason, reference, origin_terminal, event_id, created_at)
                        VALUES (?, ?, 'return', ?, ?, ?, ?)
                        """,
                    arguments: [line.sku, -line.quantity, record.id, terminalID, eventID, createdAt]
                )
            }
            return record
        }
    }

    /// The stored return with this id, or `nil`.
    public func storedReturn(id: String) async throws(CoreError) -> CompletedReturn? {
        try await read("read a return") { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM return_receipt WHERE id = ?", arguments: [id]) == true else { return nil }
            return try Self.loadReturn(db, id: id)
        }
    }

    /// How much of each line of `saleID` has been returned so far (thousandths, positive), by line number.
    public func returnedQuantities(saleID: String) async throws(CoreError) -> [Int: Int64] {
        try await read("read returned quantities") { db in try Self.returnedQuantities(db, saleID: saleID) }
    }

    // MARK: - Inside transactions

    static func returnedQuantities(_ db: Database, saleID: String) throws -> [Int: Int64] {
        var result: [Int: Int64] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT l.original_line_no AS line, -SUM(l.quantity_milli) AS quantity FROM return_line l
                JOIN return_receipt r ON r.id = l.return_id WHERE r.original_sale_id = ? GROUP BY l.original_line_no
                """,
            arguments: [saleID]
        ) {
            if let line = row["line"] as Int? { result[line] = row["quantity"] }
        }
        return result
    }

    static func quote(_ db: Database, _ request: ReturnRequest, policy: BillingPolicy) throws -> ReturnQuote {
        switch request.items {
        case .againstReceipt(let saleID, let requested):
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM sale WHERE id = ?", arguments: [saleID]) == true else {
                throw CoreError(.saleNotFound, "there is no sale \(saleID) on this till; check the receipt or return without receipt")
            }
            let sale = try loadSale(db, id: saleID)
            guard sale.currency == policy.currency.code else {
                throw CoreError(.currencyMismatch, "the sale was in \(sale.currency), the shop bills in \(policy.currency.code)")
            }
            let before = try returnedQuantities(db, saleID: saleID)
            let wanted: [ReturnRequest.LineReturn] = requested ?? sale.lines.compactMap { line in
                let left = line.quantity - (before[line.number] ?? 0)
                return left > 0 ? ReturnRequest.LineReturn(line: line.number, quantity: Quantity(thousandths: left)) : nil
            }
            guard !wanted.isEmpty else {
                throw CoreError(.returnExceedsSale, "everything on receipt \(sale.receiptNumber) has already been returned")
            }
            var lines: [CompletedReturn.Line] = []
            var returning: [Int: Int64] = [:]
            for item in wanted {
                guard let line = sale.lines.first(where: { $0.number == item.line }) else {
                    throw CoreError(.lineNotFound, "receipt \(sale.receiptNumber) has no line \(item.line)")
                }
                let previously = (before[line.number] ?? 0) + (returning[line.number] ?? 0)
                let quantity = item.quantity.thousandths
                guard quantity > 0 else { throw CoreError(.invalidQuantity, "a returned quantity is more than zero") }
                guard try ExactArithmetic.add(previously, quantity) <= line.quantity else {
                    throw CoreError(
                        .returnExceedsSale,
                        "line \(line.number) (\(line.name)): \(Quantity(thousandths: line.quantity)) sold, \(Quantity(thousandths: previously)) already returned; \(item.quantity) more is too many"
                    )
                }
                returning[line.number, default: 0] += quantity
                let net = try ReturnMath.share(of: line.net, sold: line.quantity, returnedBefore: previously, returning: quantity, rounding: policy.rounding)
                let vat = try ReturnMath.share(of: line.vat, sold: line.quantity, returnedBefore: previously, returning: quantity, rounding: policy.rounding)
                lines.append(CompletedReturn.Line(
                    number: lines.count + 1, originalLine: line.number, sku: line.sku, name: line.name, category: line.category,
                    unit: line.unit, quantity: -quantity, net: -net, vat: -vat, amount: -(line.pricesIncludeVAT ? net : net + vat),
                    vatRateBasisPoints: line.vatRateBasisPoints, pricesIncludeVAT: line.pricesIncludeVAT, stockTracked: line.stockTracked
                ))
            }
            return ReturnQuote(
                originalSaleID: sale.id, originalReceiptNumber: sale.receiptNumber, lines: lines, vat: vatSummary(lines),
                total: lines.reduce(0) { $0 + $1.amount }
            )
        case .withoutReceipt(let cart):
            guard !cart.isEmpty else { throw CoreError(.emptyCart, "the return has no lines") }
            let totals = try TotalsCalculator(policy: policy).totals(of: cart)
            let lines = zip(cart.lines, totals.lines).enumerated().map { index, pair in
                let (line, amounts) = pair
                return CompletedReturn.Line(
                    number: index + 1, originalLine: nil, sku: line.product.sku, name: line.product.name, category: line.product.category,
                    unit: line.product.unit.code, quantity: -line.quantity.thousandths, net: -amounts.net, vat: -amounts.vat,
                    amount: -(line.product.vat.pricesIncludeVAT ? amounts.net : amounts.net + amounts.vat),
                    vatRateBasisPoints: line.product.vat.rateBasisPoints, pricesIncludeVAT: line.product.vat.pricesIncludeVAT,
                    stockTracked: line.product.isStockTracked
                )
            }
            return ReturnQuote(originalSaleID: nil, originalReceiptNumber: nil, lines: lines, vat: vatSummary(lines), total: -totals.grandTotal)
        }
    }

    /// VAT per rate of return lines, in the order each rate first appears.
    static func vatSummary(_ lines: [CompletedReturn.Line]) -> [CompletedSale.VAT] {
        var order: [String] = []
        var sums: [String: CompletedSale.VAT] = [:]
        for line in lines {
            let key = "\(line.vatRateBasisPoints)/\(line.pricesIncludeVAT)"
            let old = sums[key]
            if old == nil { order.append(key) }
            sums[key] = CompletedSale.VAT(
                rateBasisPoints: line.vatRateBasisPoints, pricesIncludeVAT: line.pricesIncludeVAT,
                base: (old?.base ?? 0) + line.net, amount: (old?.amount ?? 0) + line.vat
            )
        }
        return order.compactMap { sums[$0] }
    }

    private static func insert(_ record: CompletedReturn, journalSequence: Int64, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO return_receipt (id, store_id, terminal_id, return_number, created_at, original_sale_id, original_receipt_number,
                    reason, authorization_json, currency, currency_digits, total_minor, vat_json, journal_seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.id, record.storeID, record.terminalID, record.returnNumber, record.createdAt, record.originalSaleID,
                record.originalReceiptNumber, record.reason, try CanonicalJSON.encode(record.authorization), record.currency,
                record.currencyDigits, record.total, try CanonicalJSON.encode(record.vat), journalSequence,
            ]
        )
        for line in record.lines {
            try db.execute(
                sql: """
                    INSERT INTO return_line (return_id, line_no, original_line_no, sku, name, category, unit, quantity_milli, net_minor,
                        vat_minor, amount_minor, vat_rate_bp, vat_inclusive, stock_tracked)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.id, line.number, line.originalLine, line.sku, line.name, line.category, line.unit, line.quantity, line.net,
                    line.vat, line.amount, line.vatRateBasisPoints, line.pricesIncludeVAT, line.stockTracked,
                ]
            )
        }
        for (index, refund) in record.refunds.enumerated() {
            try db.execute(
                sql: "INSERT INTO refund (return_id, seq, tender, amount_minor) VALUES (?, ?, ?, ?)",
                arguments: [record.id, index + 1, refund.tender, refund.amount]
            )
        }
    }

    /// Rebuilds a return from its rows.
    static func loadReturn(_ db: Database, id: String) throws -> CompletedReturn {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM return_receipt WHERE id = ?", arguments: [id]) else {
            throw CoreError(.storage, "return \(id) is not in the store")
        }
        let lines = try Row.fetchAll(db, sql: "SELECT * FROM return_line WHERE return_id = ? ORDER BY line_no", arguments: [id]).map { line in
            CompletedReturn.Line(
                number: line["line_no"], originalLine: line["original_line_no"], sku: line["sku"], name: line["name"],
                category: line["category"], unit: line["unit"], quantity: line["quantity_milli"], net: line["net_minor"],
                vat: line["vat_minor"], amount: line["amount_minor"], vatRateBasisPoints: line["vat_rate_bp"],
                pricesIncludeVAT: line["vat_inclusive"], stockTracked: line["stock_tracked"]
            )
        }
        let refunds = try Row.fetchAll(db, sql: "SELECT * FROM refund WHERE return_id = ? ORDER BY seq", arguments: [id]).map {
            CompletedReturn.Refund(tender: $0["tender"], amount: $0["amount_minor"])
        }
        return CompletedReturn(
            id: row["id"], storeID: row["store_id"], terminalID: row["terminal_id"], returnNumber: row["return_number"],
            createdAt: row["created_at"], originalSaleID: row["original_sale_id"], originalReceiptNumber: row["original_receipt_number"],
            reason: row["reason"], authorization: try CanonicalJSON.decode(Authorization.self, from: row["authorization_json"]),
            currency: row["currency"], currencyDigits: row["currency_digits"], lines: lines,
            vat: try CanonicalJSON.decode([CompletedSale.VAT].self, from: row["vat_json"]), total: row["total_minor"], refunds: refunds
        )
    }
}
