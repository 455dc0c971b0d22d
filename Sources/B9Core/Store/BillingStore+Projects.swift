import Foundation
import GRDB

extension BillingStore {
    /// Creates a customer project (one site).
    public func createProject(_ project: CustomerProject, rules: ShopRules) async throws(CoreError) {
        try rules.require(.projects)
        guard !project.id.trimmingASCIIWhitespace().isEmpty, !project.customerName.trimmingASCIIWhitespace().isEmpty else {
            throw CoreError(.invalidConfiguration, "a project needs an id and a customer name")
        }
        for date in [project.deliveryDate, project.installationDate].compactMap({ $0 }) where !ShopLocalTime.isDate(date) {
            throw CoreError(.invalidConfiguration, "project dates are YYYY-MM-DD (got '\(date)')")
        }
        _ = try await transaction("create a project") { db in
            try db.execute(sql: "INSERT INTO customer_project (id, json) VALUES (?, ?)", arguments: [project.id, try CanonicalJSON.encode(project)])
            return true
        }
    }

    /// The project with this id.
    public func project(id: String) async throws(CoreError) -> CustomerProject {
        let found = try await read("read a project") { db in
            try String.fetchOne(db, sql: "SELECT json FROM customer_project WHERE id = ?", arguments: [id]).map {
                try CanonicalJSON.decode(CustomerProject.self, from: $0)
            }
        }
        guard let found else { throw CoreError(.orderNotFound, "there is no project '\(id)'") }
        return found
    }

    /// Prices `cart` for a project and stores it as a quotation valid until `validUntil` (inclusive),
    /// with the next quotation number of this terminal.
    public func issueQuotation(
        projectID: String, cart: Cart, validUntil: String, policy: BillingPolicy, rules: ShopRules, quotationID: String? = nil
    ) async throws(CoreError) -> Quotation {
        try rules.require(.projects)
        guard !cart.isEmpty else { throw CoreError(.emptyCart, "a quotation needs at least one line") }
        guard ShopLocalTime.isDate(validUntil) else { throw CoreError(.invalidConfiguration, "valid until is YYYY-MM-DD (got '\(validUntil)')") }
        let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
        let id = quotationID ?? UUID().uuidString.lowercased()
        let createdAt = Timestamp.format(now())
        let terminalID = terminalID
        return try await transaction("issue a quotation") { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM customer_project WHERE id = ?", arguments: [projectID]) == true else {
                throw CoreError(.orderNotFound, "there is no project '\(projectID)'")
            }
            let number = try Counters.next(db, Counters.quotationNumber(terminal: terminalID))
            let quotation = Quotation(
                id: id, number: number, projectID: projectID, createdAt: createdAt, validUntil: validUntil, cart: cart, grandTotal: total,
                status: .open, orderID: nil
            )
            try db.execute(
                sql: "INSERT INTO quotation (id, terminal_id, number, project_id, valid_until, json) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [id, terminalID, number, projectID, validUntil, try CanonicalJSON.encode(quotation)]
            )
            return quotation
        }
    }

    /// The quotation with this id.
    public func quotation(id: String) async throws(CoreError) -> Quotation {
        let found = try await read("read a quotation") { db in try Self.loadQuotation(db, id) }
        guard let found else { throw CoreError(.orderNotFound, "there is no quotation '\(id)'") }
        return found
    }

    /// Turns a quotation the customer accepted on `today` (`YYYY-MM-DD`, shop local date) into an order at
    /// the quoted prices. Refused once the quotation has expired or was already converted.
    public func convertQuotation(id: String, today: String, orderID: String? = nil) async throws(CoreError) -> ProjectOrder {
        let orderID = orderID ?? UUID().uuidString.lowercased()
        return try await transaction("turn a quotation into an order") { db in
            guard let quotation = try Self.loadQuotation(db, id) else { throw CoreError(.orderNotFound, "there is no quotation '\(id)'") }
            guard quotation.status == .open else {
                throw CoreError(.quotationNotValid, "quotation \(quotation.number) is already order \(quotation.orderID ?? "")")
            }
            guard today <= quotation.validUntil else {
                throw CoreError(.quotationNotValid, "quotation \(quotation.number) was valid until \(quotation.validUntil); issue a new one at today's prices")
            }
            let order = ProjectOrder(
                id: orderID, projectID: quotation.projectID, quotationID: quotation.id, cart: quotation.cart, grandTotal: quotation.grandTotal,
                deposited: 0, deliveries: [], invoiceSaleID: nil
            )
            let converted = Quotation(
                id: quotation.id, number: quotation.number, projectID: quotation.projectID, createdAt: quotation.createdAt,
                validUntil: quotation.validUntil, cart: quotation.cart, grandTotal: quotation.grandTotal, status: .converted, orderID: orderID
            )
            try db.execute(sql: "UPDATE quotation SET json = ? WHERE id = ?", arguments: [try CanonicalJSON.encode(converted), id])
            try db.execute(
                sql: "INSERT INTO project_order (id, project_id, quotation_id, grand_total_minor, deposited_minor, json) VALUES (?, ?, ?, ?, 0, ?)",
                arguments: [orderID, order.projectID, quotation.id, order.grandTotal, try CanonicalJSON.encode(order)]
            )
            return order
        }
    }

    /// The order with this id.
    public func projectOrder(id: String) async throws(CoreError) -> ProjectOrder {
        try await read("read a project order") { db in try Self.requireOrder(db, id) }
    }

    /// Takes a deposit (advance payment) against an order: cash, card or wallet, exactly, and never more
    /// than the order still needs. Journaled as `project.deposit` in the same transaction.
    public func takeDeposit(
        orderID: String, tenders: [TenderInput], policy: BillingPolicy, session: OperatorSession, depositID: String? = nil
    ) async throws(CoreError) -> ProjectDeposit {
        let (amount, payments) = try Self.exactPayments(tenders, policy: policy, for: "a deposit")
        let id = depositID ?? UUID().uuidString.lowercased()
        let createdAt = Timestamp.format(now())
        let terminalID = terminalID
        return try await transaction("take a deposit") { db in
            let operatorID = try Self.openSession(db, session)
            let order = try Self.requireOrder(db, orderID)
            guard order.invoiceSaleID == nil else { throw CoreError(.quotationNotValid, "order \(orderID) is already invoiced") }
            let after = try ExactArithmetic.add(order.deposited, amount)
            guard after <= order.grandTotal else {
                throw CoreError(.invalidAmount, "order \(orderID) needs \(order.balance) more minor units; a deposit of \(amount) is too much")
            }
            let deposit = ProjectDeposit(
                id: id, orderID: orderID, projectID: order.projectID, amount: amount, payments: payments, depositedAfter: after,
                createdAt: createdAt, operatorID: operatorID
            )
            _ = try JournalWriter.append(
                db, terminalID: terminalID, kind: JournalEntry.Kind.projectDeposit, createdAt: createdAt, payload: try CanonicalJSON.encode(deposit)
            )
            try Self.saveOrder(db, order.with(deposited: after))
            return deposit
        }
    }

    /// Records a delivery of part of an order; no line is ever delivered beyond what was ordered.
    public func recordDelivery(orderID: String, lines: [ReturnRequest.LineReturn], date: String) async throws(CoreError) -> ProjectOrder {
        guard ShopLocalTime.isDate(date), !lines.isEmpty else { throw CoreError(.invalidQuantity, "a delivery has a date (YYYY-MM-DD) and lines") }
        return try await transaction("record a delivery") { db in
            let order = try Self.requireOrder(db, orderID)
            var delivered = order.delivered
            var now: [Int: Int64] = [:]
            for item in lines {
                guard let line = order.cart.lines.first(where: { $0.id == item.line }) else {
                    throw CoreError(.lineNotFound, "order \(orderID) has no line \(item.line)")
                }
                guard item.quantity.thousandths > 0 else { throw CoreError(.invalidQuantity, "a delivered quantity is more than zero") }
                let total = try ExactArithmetic.add(delivered[item.line] ?? 0, item.quantity.thousandths)
                guard total <= line.quantity.thousandths else {
                    throw CoreError(
                        .invalidQuantity,
                        "line \(item.line) (\(line.product.name)): \(line.quantity) ordered, \(Quantity(thousandths: delivered[item.line] ?? 0)) delivered; \(item.quantity) more is too many"
                    )
                }
                delivered[item.line] = total
                now[item.line, default: 0] += item.quantity.thousandths
            }
            let delivery = ProjectOrder.Delivery(number: order.deliveries.count + 1, date: date, lines: now)
            let updated = order.with(deliveries: order.deliveries + [delivery])
            try Self.saveOrder(db, updated)
            return updated
        }
    }

    /// Issues the final invoice of an order: a sale (same id as the order) at the quoted prices, paid by
    /// the deposits (tender `deposit:<order>`, exactly what was deposited) and `tenders` for the balance.
    /// `deposit + balance = invoice total`, enforced when the sale is written.
    public func invoiceOrder(orderID: String, tenders: [TenderInput], policy: BillingPolicy, cashier: String? = nil) async throws(CoreError) -> CompletedSale {
        let order = try await projectOrder(id: orderID)
        let total = try TotalsCalculator(policy: policy).totals(of: order.cart).grandTotal
        guard total == order.grandTotal else {
            throw CoreError(.invalidConfiguration, "order \(orderID) was quoted at \(order.grandTotal) but prices to \(total) under this policy")
        }
        let deposits = order.deposited > 0 ? [TenderInput(.deposit(orderID: orderID), amount: order.deposited)] : []
        return try await completeSale(order.cart, tenders: deposits + tenders, policy: policy, cashier: cashier, saleID: orderID)
    }

    // MARK: - Inside transactions

    /// Uses up deposits paid by `sale` (inside its transaction): the amount must be exactly what the order
    /// holds, and the order is marked invoiced.
    static func useDeposits(_ sale: CompletedSale, _ db: Database) throws {
        for payment in sale.payments {
            guard case .deposit(let orderID) = try TenderKind(code: payment.tender) else { continue }
            let order = try requireOrder(db, orderID)
            guard orderID == sale.id, order.invoiceSaleID == nil, payment.amount == order.deposited else {
                throw CoreError(.invalidTender, "the deposits of order \(orderID) (\(order.deposited)) pay only its own final invoice, once, in full")
            }
            try saveOrder(db, order.with(invoiceSaleID: sale.id))
        }
    }

    static func loadQuotation(_ db: Database, _ id: String) throws -> Quotation? {
        try String.fetchOne(db, sql: "SELECT json FROM quotation WHERE id = ?", arguments: [id]).map { try CanonicalJSON.decode(Quotation.self, from: $0) }
    }

    static func requireOrder(_ db: Database, _ id: String) throws -> ProjectOrder {
        guard let json = try String.fetchOne(db, sql: "SELECT json FROM project_order WHERE id = ?", arguments: [id]) else {
            throw CoreError(.orderNotFound, "there is no project order '\(id)'")
        }
        return try CanonicalJSON.decode(ProjectOrder.self, from: json)
    }

    static func saveOrder(_ db: Database, _ order: ProjectOrder) throws {
        try db.execute(
            sql: "UPDATE project_order SET deposited_minor = ?, invoice_sale_id = ?, json = ? WHERE id = ?",
            arguments: [order.deposited, order.invoiceSaleID, try CanonicalJSON.encode(order), order.id]
        )
    }
}

extension ProjectOrder {
    func with(deposited: Int64? = nil, deliveries: [Delivery]? = nil, invoiceSaleID: String? = nil) -> ProjectOrder {
        ProjectOrder(
            id: id, projectID: projectID, quotationID: quotationID, cart: cart, grandTotal: grandTotal, deposited: deposited ?? self.deposited,
            deliveries: deliveries ?? self.deliveries, invoiceSaleID: invoiceSaleID ?? self.invoiceSaleID
        )
    }
}
