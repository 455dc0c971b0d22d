import Foundation
import GRDB

extension BillingStore {
    /// Completes a sale: prices the cart, settles the tenders and writes the sale, its lines and
    /// payments, its stock movements, the account charge, its journal entry, its receipt number and
    /// its outbox events in ONE transaction. Printing and the drawer come after this returns.
    ///
    /// Idempotent by `saleID` (a new UUID when `nil`): completing the same id again returns the sale already stored.
    /// - Throws: any pricing or tender error before anything is written; ``CoreError/Code/creditLimitExceeded``,
    ///   ``CoreError/Code/storageFull`` and other storage errors roll the whole sale back.
    public func completeSale(
        _ cart: Cart,
        tenders: [TenderInput],
        policy: BillingPolicy,
        cashier: String? = nil,
        saleID: String? = nil,
        extras: SaleExtras = SaleExtras()
    ) async throws(CoreError) -> CompletedSale {
        let saleID = saleID ?? UUID().uuidString.lowercased()
        guard !cart.isEmpty else { throw CoreError(.emptyCart, "the sale has no lines") }
        let totals = try TotalsCalculator(policy: policy).totals(of: cart)
        let settlement = try Settlement.settle(total: totals.grandTotal, tenders: tenders, policy: policy)
        try extras.validate(payments: settlement.payments)
        let createdAt = Timestamp.format(now())
        let storeID = storeID
        let terminalID = terminalID
        return try await transaction("save the sale") { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM sale WHERE id = ?", arguments: [saleID]) == true {
                return try Self.loadSale(db, id: saleID)
            }
            let receiptNumber = try Counters.next(db, Counters.receiptNumber(terminal: terminalID))
            var sale = CompletedSale(
                id: saleID, storeID: storeID, terminalID: terminalID, receiptNumber: receiptNumber, createdAt: createdAt,
                cashier: cashier, cart: cart, totals: totals, settlement: settlement
            )
            sale.loyalty = try Self.saleLoyalty(db, loyalty: extras.loyalty, grandTotal: totals.grandTotal, payments: settlement.payments)
            sale.restaurant = extras.restaurant
            let entry = try JournalWriter.append(
                db, terminalID: terminalID, kind: JournalEntry.Kind.saleCompleted, createdAt: createdAt, payload: try CanonicalJSON.encode(sale)
            )
            try Self.insert(sale, journalSequence: entry.sequence, db)
            try Self.chargeAccounts(sale, db)
            try Self.useDeposits(sale, db)
            if let loyalty = sale.loyalty {
                try Self.movePoints(
                    db, memberID: loyalty.memberID, points: -loyalty.pointsRedeemed, reason: .redeemed, reference: sale.id,
                    terminalID: terminalID, createdAt: createdAt
                )
                try Self.movePoints(
                    db, memberID: loyalty.memberID, points: loyalty.pointsEarned, reason: .earned, reference: sale.id,
                    terminalID: terminalID, createdAt: createdAt
                )
            }
            try OutboxWriter.enqueue(db, type: EventType.saleCompleted, data: sale, storeID: storeID, terminalID: terminalID, createdAt: createdAt)
            for line in sale.lines where line.stockTracked {
                let movement = StockMovedData(
                    sku: line.sku, quantity: DecimalText.format(-line.quantity, scale: Quantity.scale), unit: line.unit,
                    reason: "sale", reference: sale.id, terminal: terminalID
                )
                let eventID = try OutboxWriter.enqueue(
                    db, type: EventType.stockMoved, data: movement, storeID: storeID, terminalID: terminalID, createdAt: createdAt
                )
                try db.execute(
                    sql: """
                        INSERT INTO stock_movement (sku, quantity_milli, reason, reference, origin_terminal, event_id, created_at)
                        VALUES (?, ?, 'sale', ?, ?, ?, ?)
                        """,
                    arguments: [line.sku, -line.quantity, sale.id, terminalID, eventID, createdAt]
                )
            }
            return sale
        }
    }

    /// The stored sale with this id, or `nil`.
    public func sale(id: String) async throws(CoreError) -> CompletedSale? {
        try await read("read a sale") { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM sale WHERE id = ?", arguments: [id]) == true else { return nil }
            return try Self.loadSale(db, id: id)
        }
    }

    /// The stored sale with this receipt number on this terminal, or `nil`.
    public func sale(receiptNumber: Int64) async throws(CoreError) -> CompletedSale? {
        let terminalID = terminalID
        return try await read("read a sale") { db in
            guard let id = try String.fetchOne(
                db, sql: "SELECT id FROM sale WHERE terminal_id = ? AND receipt_number = ?", arguments: [terminalID, receiptNumber]
            ) else { return nil }
            return try Self.loadSale(db, id: id)
        }
    }

    /// How many sales are stored.
    public func saleCount() async throws(CoreError) -> Int {
        try await read("count sales") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sale") ?? 0 }
    }

    private static func insert(_ sale: CompletedSale, journalSequence: Int64, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO sale (id, store_id, terminal_id, receipt_number, created_at, cashier, currency, currency_digits,
                    subtotal_minor, line_discount_minor, cart_discount_minor, vat_exclusive_minor, vat_inclusive_minor,
                    grand_total_minor, rounding_minor, amount_due_minor, change_minor, vat_json, journal_seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                sale.id, sale.storeID, sale.terminalID, sale.receiptNumber, sale.createdAt, sale.cashier, sale.currency,
                sale.currencyDigits, sale.subtotal, sale.lineDiscounts, sale.cartDiscount, sale.exclusiveVAT, sale.inclusiveVAT,
                sale.grandTotal, sale.roundingAdjustment, sale.amountDue, sale.change, try CanonicalJSON.encode(sale.vat),
                journalSequence,
            ]
        )
        for line in sale.lines {
            try db.execute(
                sql: """
                    INSERT INTO sale_line (sale_id, line_no, sku, name, category, unit, quantity_milli, unit_price_minor, gross_minor,
                        line_discount_minor, cart_discount_minor, net_minor, vat_rate_bp, vat_inclusive, vat_minor,
                        price_override_reason, stock_tracked)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    sale.id, line.number, line.sku, line.name, line.category, line.unit, line.quantity, line.unitPrice, line.gross,
                    line.lineDiscount, line.cartDiscountShare, line.net, line.vatRateBasisPoints, line.pricesIncludeVAT, line.vat,
                    line.priceOverrideReason, line.stockTracked,
                ]
            )
        }
        for (index, payment) in sale.payments.enumerated() {
            try db.execute(
                sql: "INSERT INTO payment (sale_id, seq, tender, amount_minor, foreign_amount_minor, reference) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [sale.id, index + 1, payment.tender, payment.amount, payment.foreignAmount, payment.reference]
            )
        }
        if sale.promotions != nil || sale.loyalty != nil || sale.restaurant != nil {
            try db.execute(
                sql: "INSERT INTO sale_extra (sale_id, promotions_json, loyalty_json, restaurant_json) VALUES (?, ?, ?, ?)",
                arguments: [
                    sale.id, try sale.promotions.map { try CanonicalJSON.encode($0) }, try sale.loyalty.map { try CanonicalJSON.encode($0) },
                    try sale.restaurant.map { try CanonicalJSON.encode($0) },
                ]
            )
        }
    }

    private static func chargeAccounts(_ sale: CompletedSale, _ db: Database) throws {
        for payment in sale.payments {
            guard case .customerCredit(let account) = try TenderKind(code: payment.tender) else { continue }
            guard let row = try Row.fetchOne(
                db, sql: "SELECT balance_minor, credit_limit_minor FROM customer_account WHERE id = ?", arguments: [account]
            ) else {
                throw CoreError(.accountNotFound, "there is no customer account '\(account)'")
            }
            let balance: Int64 = row["balance_minor"]
            let limit: Int64 = row["credit_limit_minor"]
            let newBalance = try ExactArithmetic.add(balance, payment.amount)
            guard newBalance <= limit else {
                let available = DecimalText.format(max(0, limit - balance), scale: sale.currencyDigits)
                throw CoreError(.creditLimitExceeded, "account \(account) has \(available) \(sale.currency) of credit left; take the rest with another tender")
            }
            try db.execute(sql: "UPDATE customer_account SET balance_minor = ? WHERE id = ?", arguments: [newBalance, account])
        }
    }

    /// Rebuilds a sale from its rows (used for receipts, reprints and to check rows against the journal).
    static func loadSale(_ db: Database, id: String) throws -> CompletedSale {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sale WHERE id = ?", arguments: [id]) else {
            throw CoreError(.storage, "sale \(id) is not in the store")
        }
        let lines = try Row.fetchAll(db, sql: "SELECT * FROM sale_line WHERE sale_id = ? ORDER BY line_no", arguments: [id]).map { line in
            CompletedSale.Line(
                number: line["line_no"], sku: line["sku"], name: line["name"], unit: line["unit"], quantity: line["quantity_milli"],
                unitPrice: line["unit_price_minor"], gross: line["gross_minor"], lineDiscount: line["line_discount_minor"],
                cartDiscountShare: line["cart_discount_minor"], net: line["net_minor"], vatRateBasisPoints: line["vat_rate_bp"],
                pricesIncludeVAT: line["vat_inclusive"], vat: line["vat_minor"], priceOverrideReason: line["price_override_reason"],
                stockTracked: line["stock_tracked"], category: line["category"]
            )
        }
        let payments = try Row.fetchAll(db, sql: "SELECT * FROM payment WHERE sale_id = ? ORDER BY seq", arguments: [id]).map { payment in
            CompletedSale.Payment(
                tender: payment["tender"], amount: payment["amount_minor"], foreignAmount: payment["foreign_amount_minor"],
                reference: payment["reference"]
            )
        }
        var sale = CompletedSale(
            id: row["id"], storeID: row["store_id"], terminalID: row["terminal_id"], receiptNumber: row["receipt_number"],
            createdAt: row["created_at"], cashier: row["cashier"], currency: row["currency"], currencyDigits: row["currency_digits"],
            lines: lines, vat: try CanonicalJSON.decode([CompletedSale.VAT].self, from: row["vat_json"]),
            subtotal: row["subtotal_minor"], lineDiscounts: row["line_discount_minor"], cartDiscount: row["cart_discount_minor"],
            exclusiveVAT: row["vat_exclusive_minor"], inclusiveVAT: row["vat_inclusive_minor"], grandTotal: row["grand_total_minor"],
            roundingAdjustment: row["rounding_minor"], amountDue: row["amount_due_minor"], payments: payments, change: row["change_minor"]
        )
        if let extra = try Row.fetchOne(db, sql: "SELECT * FROM sale_extra WHERE sale_id = ?", arguments: [id]) {
            sale.promotions = try (extra["promotions_json"] as String?).map { try CanonicalJSON.decode([AppliedPromotion].self, from: $0) }
            sale.loyalty = try (extra["loyalty_json"] as String?).map { try CanonicalJSON.decode(SaleLoyalty.self, from: $0) }
            sale.restaurant = try (extra["restaurant_json"] as String?).map { try CanonicalJSON.decode(TableSale.self, from: $0) }
        }
        return sale
    }
}
