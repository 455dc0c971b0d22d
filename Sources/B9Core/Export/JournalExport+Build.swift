extension JournalExport {
    /// Builds the export of journal `entries` (consecutive) from the sales and returns they record.
    static func build(
        from: String, to: String, storeID: String, terminalID: String, entries: [JournalEntry]
    ) throws(CoreError) -> JournalExport {
        var documents: [Document] = []
        var lines: [Line] = []
        var payments: [Payment] = []
        var vat: [VATRate] = []
        var tips: [TipRow] = []
        var received: [MoneyReceived] = []
        for entry in entries where String(entry.createdAt.prefix(10)) >= from && String(entry.createdAt.prefix(10)) <= to {
            switch entry.kind {
            case JournalEntry.Kind.saleCompleted:
                let sale = try CanonicalJSON.decode(CompletedSale.self, from: entry.payload)
                let saleTips = sale.restaurant?.tips ?? []
                documents.append(Document(
                    type: "sale", id: sale.id, terminalID: sale.terminalID, number: sale.receiptNumber, createdAt: sale.createdAt,
                    originalSaleID: nil, currency: sale.currency, currencyDigits: sale.currencyDigits, subtotal: sale.subtotal,
                    discounts: sale.lineDiscounts + sale.cartDiscount, exclusiveVAT: sale.exclusiveVAT, inclusiveVAT: sale.inclusiveVAT,
                    total: sale.grandTotal, roundingAdjustment: sale.roundingAdjustment, amountDue: sale.amountDue, change: sale.change,
                    tips: try tipTotal(saleTips),
                    journalSequence: entry.sequence
                ))
                for line in sale.lines {
                    lines.append(Line(
                        documentID: sale.id, lineNumber: line.number, sku: line.sku, name: line.name, unit: line.unit, quantity: line.quantity,
                        unitPrice: line.unitPrice, gross: line.gross, discount: line.lineDiscount + line.cartDiscountShare, net: line.net,
                        vatRateBasisPoints: line.vatRateBasisPoints, pricesIncludeVAT: line.pricesIncludeVAT, vat: line.vat,
                        amount: line.net + (line.pricesIncludeVAT ? 0 : line.vat)
                    ))
                }
                for (index, payment) in sale.payments.enumerated() {
                    payments.append(Payment(
                        documentID: sale.id, sequence: index + 1, tender: payment.tender, amount: payment.amount, foreignAmount: payment.foreignAmount
                    ))
                }
                for (index, tip) in saleTips.enumerated() {
                    tips.append(TipRow(
                        documentID: sale.id, sequence: index + 1, tender: tip.tender, amount: tip.amount, waiter: tip.waiter, reference: tip.reference
                    ))
                }
                for rate in sale.vat {
                    vat.append(VATRate(
                        documentID: sale.id, rateBasisPoints: rate.rateBasisPoints, pricesIncludeVAT: rate.pricesIncludeVAT, base: rate.base,
                        amount: rate.amount
                    ))
                }
            case JournalEntry.Kind.returnCompleted:
                let record = try CanonicalJSON.decode(CompletedReturn.self, from: entry.payload)
                let exclusive = record.vat.filter { !$0.pricesIncludeVAT }.reduce(Int64(0)) { $0 + $1.amount }
                let inclusive = record.vat.filter(\.pricesIncludeVAT).reduce(Int64(0)) { $0 + $1.amount }
                documents.append(Document(
                    type: "return", id: record.id, terminalID: record.terminalID, number: record.returnNumber, createdAt: record.createdAt,
                    originalSaleID: record.originalSaleID, currency: record.currency, currencyDigits: record.currencyDigits,
                    subtotal: record.lines.reduce(0) { $0 + $1.net }, discounts: 0, exclusiveVAT: exclusive, inclusiveVAT: inclusive,
                    total: record.total, roundingAdjustment: 0, amountDue: record.total, change: 0, tips: 0, journalSequence: entry.sequence
                ))
                for line in record.lines {
                    lines.append(Line(
                        documentID: record.id, lineNumber: line.number, sku: line.sku, name: line.name, unit: line.unit, quantity: line.quantity,
                        unitPrice: 0, gross: line.net, discount: 0, net: line.net, vatRateBasisPoints: line.vatRateBasisPoints,
                        pricesIncludeVAT: line.pricesIncludeVAT, vat: line.vat, amount: line.amount
                    ))
                }
                for (index, refund) in record.refunds.enumerated() {
                    payments.append(Payment(documentID: record.id, sequence: index + 1, tender: refund.tender, amount: refund.amount, foreignAmount: nil))
                }
                for rate in record.vat {
                    vat.append(VATRate(
                        documentID: record.id, rateBasisPoints: rate.rateBasisPoints, pricesIncludeVAT: rate.pricesIncludeVAT, base: rate.base,
                        amount: rate.amount
                    ))
                }
            case JournalEntry.Kind.projectDeposit:
                let deposit = try CanonicalJSON.decode(ProjectDeposit.self, from: entry.payload)
                received.append(MoneyReceived(
                    type: MoneyReceived.deposit, id: deposit.id, terminalID: entry.terminalID, createdAt: deposit.createdAt, accountID: nil,
                    orderID: deposit.orderID, projectID: deposit.projectID, amount: deposit.amount, journalSequence: entry.sequence
                ))
                payments += receivedPayments(deposit.id, deposit.payments)
            case JournalEntry.Kind.accountPayment:
                let payment = try CanonicalJSON.decode(AccountPayment.self, from: entry.payload)
                received.append(MoneyReceived(
                    type: MoneyReceived.accountPayment, id: payment.id, terminalID: entry.terminalID, createdAt: payment.createdAt,
                    accountID: payment.accountID, orderID: nil, projectID: nil, amount: payment.amount, journalSequence: entry.sequence
                ))
                payments += receivedPayments(payment.id, payment.payments)
            default:
                break
            }
        }
        let chain = entries.map {
            ChainEntry(
                sequence: $0.sequence, terminalID: $0.terminalID, kind: $0.kind, createdAt: $0.createdAt, payload: $0.payload,
                previousHash: JournalHasher.hex($0.previousHash), hash: JournalHasher.hex($0.hash)
            )
        }
        return JournalExport(
            from: from, to: to, storeID: storeID, terminalID: terminalID, documents: documents, lines: lines, payments: payments, vat: vat,
            tips: tips, received: received, journal: chain
        )
    }

    /// Σ tips, refusing an overflow.
    private static func tipTotal(_ tips: [Tip]) throws(CoreError) -> Int64 {
        var total: Int64 = 0
        for tip in tips { total = try ExactArithmetic.add(total, tip.amount) }
        return total
    }

    /// The payment rows of money received outside a sale.
    private static func receivedPayments(_ id: String, _ parts: [CompletedSale.Payment]) -> [Payment] {
        parts.enumerated().map { index, part in
            Payment(documentID: id, sequence: index + 1, tender: part.tender, amount: part.amount, foreignAmount: part.foreignAmount)
        }
    }
}
