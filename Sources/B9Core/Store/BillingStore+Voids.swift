import GRDB

extension BillingStore {
    /// Voids a line of a sale in progress.
    ///
    /// A line the customer has not seen yet (`shown: false`, still being keyed) is simply removed. A line
    /// that was shown needs ``OperatorAction/voidLine`` (or an approval for subject = the line's SKU and
    /// amount = the line's amount) and is journaled as `void.recorded` with the operator and any approver.
    /// - Returns: the cart without the line.
    public func voidLine(
        _ lineID: Int, of cart: Cart, shown: Bool, reason: String, policy: BillingPolicy, session: OperatorSession,
        approval: ApprovalToken? = nil
    ) async throws(CoreError) -> Cart {
        var result = cart
        try result.removeLine(lineID)
        guard shown else { return result }
        let totals = try TotalsCalculator(policy: policy).totals(of: cart)
        guard let index = cart.lines.firstIndex(where: { $0.id == lineID }) else {
            throw CoreError(.lineNotFound, "there is no line \(lineID) in this sale")
        }
        let line = cart.lines[index]
        let amounts = totals.lines[index]
        let amount = amounts.net + (line.product.vat.pricesIncludeVAT ? 0 : amounts.vat)
        try await recordVoid(
            kind: "line", lines: [VoidRecord.Line(sku: line.product.sku, name: line.product.name, quantity: line.quantity.thousandths, amount: amount)],
            amount: amount, action: .voidLine, subject: line.product.sku, reason: reason, session: session, approval: approval
        )
        return result
    }

    /// Abandons a whole sale in progress: needs ``OperatorAction/voidSale`` (or an approval for subject ""
    /// and amount = the cart's grand total) and is journaled as `void.recorded`.
    public func voidSale(
        _ cart: Cart, reason: String, policy: BillingPolicy, session: OperatorSession, approval: ApprovalToken? = nil
    ) async throws(CoreError) -> VoidRecord {
        let totals = try TotalsCalculator(policy: policy).totals(of: cart)
        let lines = zip(cart.lines, totals.lines).map { line, amounts in
            VoidRecord.Line(
                sku: line.product.sku, name: line.product.name, quantity: line.quantity.thousandths,
                amount: amounts.net + (line.product.vat.pricesIncludeVAT ? 0 : amounts.vat)
            )
        }
        return try await recordVoid(
            kind: "sale", lines: lines, amount: totals.grandTotal, action: .voidSale, subject: "", reason: reason, session: session,
            approval: approval
        )
    }

    @discardableResult
    private func recordVoid(
        kind: String, lines: [VoidRecord.Line], amount: Int64, action: OperatorAction, subject: String, reason: String,
        session: OperatorSession, approval: ApprovalToken?
    ) async throws(CoreError) -> VoidRecord {
        guard !reason.trimmingASCIIWhitespace().isEmpty else { throw CoreError(.invalidAmount, "a void needs a reason") }
        let createdAt = Timestamp.format(now())
        let nowMS = Self.milliseconds(now())
        let terminalID = terminalID
        return try await transaction("record a void") { db in
            try Self.writeVoid(
                db, kind: kind, lines: lines, amount: amount, action: action, subject: subject, reason: reason, session: session,
                approval: approval, createdAt: createdAt, nowMS: nowMS, terminalID: terminalID
            )
        }
    }

    /// Authorizes and journals a void inside the caller's transaction.
    static func writeVoid(
        _ db: Database, kind: String, lines: [VoidRecord.Line], amount: Int64, action: OperatorAction, subject: String, reason: String,
        session: OperatorSession, approval: ApprovalToken?, createdAt: String, nowMS: Int64, terminalID: String
    ) throws -> VoidRecord {
        let authorization = try authorize(db, action, subject: subject, amount: amount, session: session, approval: approval, nowMS: nowMS)
        let record = VoidRecord(kind: kind, lines: lines, amount: amount, reason: reason, authorization: authorization)
        let entry = try JournalWriter.append(
            db, terminalID: terminalID, kind: JournalEntry.Kind.voidRecorded, createdAt: createdAt, payload: try CanonicalJSON.encode(record)
        )
        try markApprovalUsed(db, approval, authorization, at: createdAt, journalSequence: entry.sequence)
        return record
    }
}
