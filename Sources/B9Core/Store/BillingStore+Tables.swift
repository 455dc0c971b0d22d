import Foundation
import GRDB

extension BillingStore {
    /// Adds a dining table (free).
    public func addDiningTable(id: String, name: String, seats: Int, rules: ShopRules) async throws(CoreError) {
        try rules.require(.tables)
        guard !id.trimmingASCIIWhitespace().isEmpty, seats >= 1 else {
            throw CoreError(.invalidConfiguration, "a table needs an id and at least one seat")
        }
        _ = try await transaction("add a table") { db in
            try db.execute(sql: "INSERT INTO dining_table (id, name, seats, status) VALUES (?, ?, ?, 'free')", arguments: [id, name, seats])
            return true
        }
    }

    /// Every table with its status, by id.
    public func diningTables() async throws(CoreError) -> [DiningTable] {
        try await read("read the tables") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM dining_table ORDER BY id").map(Self.table(from:))
        }
    }

    /// The open tab on a table, or `nil`.
    public func tab(tableID: String) async throws(CoreError) -> OpenTab? {
        try await read("read a tab") { db in try Self.loadTab(db, tableID: tableID) }
    }

    /// The open tab with this id (whichever table it is on now), or `nil`.
    public func tab(id: String) async throws(CoreError) -> OpenTab? {
        try await read("read a tab") { db in
            try String.fetchOne(db, sql: "SELECT tab_json FROM open_tab WHERE tab_id = ?", arguments: [id]).map {
                try CanonicalJSON.decode(OpenTab.self, from: $0)
            }
        }
    }

    /// Seats guests: opens a tab on a free table.
    public func openTab(
        tableID: String, covers: Int, waiter: String?, rules: ShopRules, policy: BillingPolicy, tabID: String? = nil
    ) async throws(CoreError) -> OpenTab {
        try rules.require(.tables)
        guard covers >= 1 else { throw CoreError(.invalidQuantity, "a tab is for at least one guest") }
        let tab = OpenTab(
            id: tabID ?? UUID().uuidString.lowercased(), tableID: tableID, covers: covers, waiter: waiter,
            openedAt: Timestamp.format(now()), cart: Cart(currency: policy.currency), lines: []
        )
        let updatedAt = tab.openedAt
        return try await transaction("open a tab") { db in
            let table = try Self.requireTable(db, tableID)
            guard table.status == .free else {
                throw CoreError(.invalidConfiguration, "table \(table.name) is \(table.status.rawValue); free it first")
            }
            try Self.saveTab(db, tab, status: .occupied, at: updatedAt)
            return tab
        }
    }

    /// Changes how many guests a tab is for (someone joined or left), 1 to 99. Stored with the tab; the
    /// bill and the paid sale show the new count. The table's status stays as it is: the amounts do not change.
    public func setCovers(tableID: String, covers: Int) async throws(CoreError) -> OpenTab {
        guard (1...99).contains(covers) else { throw CoreError(.invalidQuantity, "a tab is for 1 to 99 guests, not \(covers)") }
        let updatedAt = Timestamp.format(now())
        return try await transaction("change a tab's guests") { db in
            guard var tab = try Self.loadTab(db, tableID: tableID) else { throw CoreError(.lineNotFound, "table \(tableID) has no open tab") }
            tab.covers = covers
            try Self.saveTab(db, tab, status: try Self.requireTable(db, tableID).status, at: updatedAt)
            return tab
        }
    }

    /// Adds an item to a table's tab with its course, modifiers and notes. A printed bill is withdrawn.
    public func addToTab(
        tableID: String, product: Product, quantity: Quantity = .one, course: Int = 1, modifiers: [String] = [], notes: String? = nil,
        policy: BillingPolicy
    ) async throws(CoreError) -> OpenTab {
        guard course >= 1 else { throw CoreError(.invalidQuantity, "courses are numbered from 1") }
        return try await changeTab(tableID, "add to a tab") { tab in
            // Each order is its own line: the kitchen makes it with its own modifiers and course.
            let line = try tab.cart.addSeparateLine(product, quantity: quantity)
            tab.lines.append(OpenTab.Line(line: line, course: course, modifiers: modifiers, notes: notes, kitchenOrderID: nil))
        }
    }

    /// Removes a line the kitchen has not received yet. A line already sent is voided with
    /// ``voidTabLine(tableID:line:reason:policy:session:approval:)`` instead.
    public func removeFromTab(tableID: String, line: Int) async throws(CoreError) -> OpenTab {
        try await changeTab(tableID, "remove from a tab") { tab in
            guard let index = tab.lines.firstIndex(where: { $0.line == line }) else { throw CoreError(.lineNotFound, "the tab has no line \(line)") }
            guard tab.lines[index].kitchenOrderID == nil else {
                throw CoreError(.notPermitted, "line \(line) is already in the kitchen; void it with a supervisor")
            }
            try tab.cart.removeLine(line)
            tab.lines.remove(at: index)
        }
    }

    /// Voids a line the kitchen already has: needs ``OperatorAction/voidLine`` (or a supervisor's approval
    /// for subject = the SKU and amount = ``tabLineAmount(_:line:policy:)``) and is journaled as
    /// `void.recorded`, in the same transaction that takes the line off the tab and writes the
    /// `com.b9pos.kitchen.order.item_voided` event that tells the station to stop making it.
    /// - Parameter routing: finds the station of a line sent before stations were remembered on the tab.
    public func voidTabLine(
        tableID: String, line: Int, reason: String, policy: BillingPolicy, session: OperatorSession, approval: ApprovalToken? = nil,
        routing: KitchenRouting? = nil
    ) async throws(CoreError) -> OpenTab {
        guard !reason.trimmingASCIIWhitespace().isEmpty else { throw CoreError(.invalidAmount, "a void needs a reason") }
        let createdAt = Timestamp.format(now())
        let updatedAt = createdAt
        let nowMS = Self.milliseconds(now())
        let terminalID = terminalID
        let storeID = storeID
        return try await transaction("void a line of a tab") { db in
            guard var tab = try Self.loadTab(db, tableID: tableID) else { throw CoreError(.lineNotFound, "table \(tableID) has no open tab") }
            guard let index = tab.cart.lines.firstIndex(where: { $0.id == line }) else { throw CoreError(.lineNotFound, "the tab has no line \(line)") }
            let cartLine = tab.cart.lines[index]
            let amount = try Self.tabLineAmount(tab, line: line, policy: policy)
            let record = try Self.writeVoid(
                db, kind: "line",
                lines: [VoidRecord.Line(sku: cartLine.product.sku, name: cartLine.product.name, quantity: cartLine.quantity.thousandths, amount: amount)],
                amount: amount, action: .voidLine, subject: cartLine.product.sku, reason: reason, session: session, approval: approval,
                createdAt: createdAt, nowMS: nowMS, terminalID: terminalID
            )
            if let sent = tab.lines.first(where: { $0.line == line }), let orderID = sent.kitchenOrderID,
                let station = sent.kitchenStation ?? routing?.station(for: cartLine.product.category)
            {
                let data = KitchenItemVoidData(
                    orderID: orderID, saleID: tab.id, till: terminalID, station: station, table: tab.tableID, line: line,
                    sku: cartLine.product.sku, name: cartLine.product.name, quantity: cartLine.quantity.description, reason: reason,
                    voidedBy: record.authorization.operatorID, approvedBy: record.authorization.approvedBy, voidedAt: createdAt
                )
                try OutboxWriter.enqueue(db, type: EventType.kitchenItemVoided, data: data, storeID: storeID, terminalID: terminalID, createdAt: createdAt)
            }
            try tab.cart.removeLine(line)
            tab.lines.removeAll { $0.line == line }
            try Self.saveTab(db, tab, status: .occupied, at: updatedAt)
            return tab
        }
    }

    /// Sends every unsent line to the kitchen: one `com.b9pos.kitchen.order.created` event per station
    /// and course (station chosen by the product's category), written to the outbox in the same
    /// transaction that marks the lines sent, and recorded as unacknowledged until the station's first
    /// status comes back (``resendUnacknowledgedKitchenOrders(_:)``). Returns the orders (empty when
    /// nothing was unsent).
    public func sendToKitchen(tableID: String, routing: KitchenRouting, notes: String? = nil) async throws(CoreError) -> [KitchenOrderData] {
        let createdAt = Timestamp.format(now())
        let updatedAt = createdAt
        let storeID = storeID
        let terminalID = terminalID
        return try await transaction("send a table's order to the kitchen") { db in
            guard var tab = try Self.loadTab(db, tableID: tableID) else { throw CoreError(.lineNotFound, "table \(tableID) has no open tab") }
            var groups: [String: [OpenTab.Line]] = [:]
            var order: [String] = []
            for line in tab.unsent {
                guard let cartLine = tab.cart.lines.first(where: { $0.id == line.line }) else { continue }
                let key = "\(routing.station(for: cartLine.product.category))#\(line.course)"
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(line)
            }
            var orders: [KitchenOrderData] = []
            for key in order {
                guard let lines = groups[key], let first = lines.first, let firstLine = tab.cart.lines.first(where: { $0.id == first.line }) else { continue }
                let orderID = UUID().uuidString.lowercased()
                let items = lines.compactMap { line -> KitchenOrderData.Item? in
                    guard let cartLine = tab.cart.lines.first(where: { $0.id == line.line }) else { return nil }
                    return KitchenOrderData.Item(
                        line: line.line, sku: cartLine.product.sku, name: cartLine.product.name, quantity: cartLine.quantity.description,
                        category: cartLine.product.category, modifiers: line.modifiers, notes: line.notes
                    )
                }
                let data = KitchenOrderData(
                    orderID: orderID, saleID: tab.id, till: terminalID, station: routing.station(for: firstLine.product.category),
                    table: tab.tableID, waiter: tab.waiter, course: first.course, notes: notes, createdAt: createdAt, items: items
                )
                let eventID = try OutboxWriter.enqueue(
                    db, type: EventType.kitchenOrderCreated, data: data, storeID: storeID, terminalID: terminalID, createdAt: createdAt)
                try Self.recordKitchenOrderSent(db, data, eventID: eventID)
                for line in lines {
                    if let index = tab.lines.firstIndex(where: { $0.line == line.line }) {
                        tab.lines[index].kitchenOrderID = orderID
                        tab.lines[index].kitchenStation = data.station
                    }
                }
                orders.append(data)
            }
            // Sending changes nothing on the bill: a printed bill stays printed.
            try Self.saveTab(db, tab, status: try Self.requireTable(db, tableID).status, at: updatedAt)
            return orders
        }
    }

    /// Moves a tab to a free table (the guests changed tables); the old table needs cleaning.
    public func transferTab(from source: String, to target: String) async throws(CoreError) -> OpenTab {
        let updatedAt = Timestamp.format(now())
        return try await transaction("move a tab to another table") { db in
            guard var tab = try Self.loadTab(db, tableID: source) else { throw CoreError(.lineNotFound, "table \(source) has no open tab") }
            let destination = try Self.requireTable(db, target)
            guard destination.status == .free else {
                throw CoreError(.invalidConfiguration, "table \(destination.name) is \(destination.status.rawValue); merge the tabs instead")
            }
            // The bill goes with the guests: a printed one stays printed.
            let status = try Self.requireTable(db, source).status
            try db.execute(sql: "DELETE FROM open_tab WHERE table_id = ?", arguments: [source])
            try Self.setStatus(db, source, .needsCleaning)
            tab.tableID = target
            try Self.saveTab(db, tab, status: status, at: updatedAt)
            return tab
        }
    }

    /// Merges the tab of `source` into the tab of `target`: lines (with course, modifiers, notes and
    /// kitchen state) and covers move over; the source table needs cleaning.
    public func mergeTabs(from source: String, into target: String) async throws(CoreError) -> OpenTab {
        let updatedAt = Timestamp.format(now())
        return try await transaction("merge two tabs") { db in
            guard source != target else { throw CoreError(.invalidConfiguration, "a tab cannot be merged into itself") }
            guard let moving = try Self.loadTab(db, tableID: source) else { throw CoreError(.lineNotFound, "table \(source) has no open tab") }
            guard var tab = try Self.loadTab(db, tableID: target) else { throw CoreError(.lineNotFound, "table \(target) has no open tab") }
            guard tab.cart.currency == moving.cart.currency else { throw CoreError(.currencyMismatch, "the tabs are in different currencies") }
            for line in moving.lines {
                guard let cartLine = moving.cart.lines.first(where: { $0.id == line.line }) else { continue }
                let id = tab.cart.append(cartLine)
                tab.lines.append(OpenTab.Line(line: id, course: line.course, modifiers: line.modifiers, notes: line.notes, kitchenOrderID: line.kitchenOrderID))
            }
            tab.covers += moving.covers
            try db.execute(sql: "DELETE FROM open_tab WHERE table_id = ?", arguments: [source])
            try Self.setStatus(db, source, .needsCleaning)
            try Self.saveTab(db, tab, status: .occupied, at: updatedAt)
            return tab
        }
    }

    /// Prints a table's bill before payment: the tab priced as ``settleTab(tableID:tenders:pricing:split:tips:loyalty:policy:cashier:)``
    /// will charge it, journaled as `bill.printed` with its copy number (a reprint is allowed and
    /// journaled too), and the table becomes bill-printed. Adding to or voiding from the tab afterwards
    /// makes it occupied again.
    public func printBill(tableID: String, pricing: ShopPricing, policy: BillingPolicy) async throws(CoreError) -> GuestBill {
        let at = now()
        let printedAt = Timestamp.format(at)
        let terminalID = terminalID
        return try await transaction("print a table's bill") { db in
            guard var tab = try Self.loadTab(db, tableID: tableID) else { throw CoreError(.lineNotFound, "table \(tableID) has no open tab") }
            guard !tab.cart.isEmpty else { throw CoreError(.emptyCart, "the tab of table \(tableID) has nothing on it") }
            let cart = try pricing.price(tab.cart, at: at, policy: policy)
            let totals = try TotalsCalculator(policy: policy).totals(of: cart)
            let copy = (tab.billsPrinted ?? 0) + 1
            tab.billsPrinted = copy
            let record = BillPrintRecord(tab: tab.id, table: tableID, copy: copy, total: totals.grandTotal, waiter: tab.waiter)
            _ = try JournalWriter.append(
                db, terminalID: terminalID, kind: JournalEntry.Kind.billPrinted, createdAt: printedAt, payload: try CanonicalJSON.encode(record)
            )
            try Self.saveTab(db, tab, status: .billPrinted, at: printedAt)
            return GuestBill(
                tabID: tab.id, tableID: tableID, covers: tab.covers, waiter: tab.waiter, copy: copy, printedAt: printedAt, terminalID: terminalID,
                cart: cart, totals: totals, serviceChargeSKU: pricing.serviceCharge?.sku
            )
        }
    }

    /// What voiding `line` of `tab` takes off the bill (its net amount, plus its VAT when prices exclude
    /// VAT): the amount a supervisor's approval of the void is bound to.
    public static func tabLineAmount(_ tab: OpenTab, line: Int, policy: BillingPolicy) throws(CoreError) -> Int64 {
        guard let amount = try BillSplit.lineAmounts(tab.cart, policy: policy).lines[line] else {
            throw CoreError(.lineNotFound, "the tab has no line \(line)")
        }
        return amount
    }

    /// Pays a table's tab with the service charge as its only pricing rule (no promotions); see
    /// ``settleTab(tableID:tenders:pricing:split:tips:loyalty:policy:cashier:)``.
    public func settleTab(
        tableID: String, tenders: [TenderInput], serviceCharge: ServiceChargeRule?, split: [Int64]? = nil, tips: [Tip] = [],
        loyalty: LoyaltyCheckout? = nil, policy: BillingPolicy, cashier: String? = nil
    ) async throws(CoreError) -> CompletedSale {
        let pricing = try ShopPricing(rules: ShopRules(variant: .restaurant), serviceCharge: serviceCharge)
        return try await settleTab(
            tableID: tableID, tenders: tenders, pricing: pricing, split: split, tips: tips, loyalty: loyalty, policy: policy, cashier: cashier
        )
    }

    /// Pays a table's tab: completes the bill (the tab priced by the shop's rules, ``ShopPricing``) as a sale whose id is the tab's id (with the table,
    /// covers, waiter, split and tips on it), then closes the tab and the table needs cleaning.
    ///
    /// Safe to repeat: if the till stops between the sale and closing the tab, paying again returns
    /// the sale already stored and closes the tab.
    /// - Parameter split: the parts the guests pay (from ``BillSplit``); they must add up to the bill.
    public func settleTab(
        tableID: String, tenders: [TenderInput], pricing: ShopPricing, split: [Int64]? = nil, tips: [Tip] = [],
        loyalty: LoyaltyCheckout? = nil, policy: BillingPolicy, cashier: String? = nil
    ) async throws(CoreError) -> CompletedSale {
        guard let tab = try await tab(tableID: tableID) else { throw CoreError(.lineNotFound, "table \(tableID) has no open tab") }
        let bill = try pricing.price(tab.cart, at: now(), policy: policy)
        if let split {
            let total = try TotalsCalculator(policy: policy).totals(of: bill).grandTotal
            guard split.allSatisfy({ $0 >= 0 }), split.reduce(0, +) == total else {
                throw CoreError(.invalidAmount, "the parts of the split add up to \(split.reduce(0, +)), the bill is \(total)")
            }
        }
        let detail = TableSale(tableID: tableID, covers: tab.covers, waiter: tab.waiter, split: split, tips: tips.isEmpty ? nil : tips)
        let sale = try await completeSale(
            bill, tenders: tenders, policy: policy, cashier: cashier, saleID: tab.id, extras: SaleExtras(loyalty: loyalty, restaurant: detail)
        )
        _ = try await transaction("close a paid tab") { db in
            try db.execute(sql: "DELETE FROM open_tab WHERE tab_id = ?", arguments: [tab.id])
            try Self.setStatus(db, tableID, .needsCleaning)
            return true
        }
        return sale
    }

    /// A table that needs cleaning is free again.
    public func markTableClean(tableID: String) async throws(CoreError) {
        _ = try await transaction("free a table") { db in
            let table = try Self.requireTable(db, tableID)
            guard table.status == .needsCleaning else {
                throw CoreError(.invalidConfiguration, "table \(table.name) is \(table.status.rawValue), not waiting to be cleaned")
            }
            try Self.setStatus(db, tableID, .free)
            return true
        }
    }

    // MARK: - Inside transactions

    private func changeTab(_ tableID: String, _ doing: String, _ change: @escaping @Sendable (inout OpenTab) throws -> Void) async throws(CoreError) -> OpenTab {
        let updatedAt = Timestamp.format(now())
        return try await transaction(doing) { db in
            guard var tab = try Self.loadTab(db, tableID: tableID) else { throw CoreError(.lineNotFound, "table \(tableID) has no open tab") }
            try change(&tab)
            try Self.saveTab(db, tab, status: .occupied, at: updatedAt)
            return tab
        }
    }

    static func table(from row: Row) throws -> DiningTable {
        guard let status = DiningTable.Status(rawValue: row["status"]) else { throw CoreError(.storage, "table \(row["id"] as String) has an unknown status") }
        return DiningTable(id: row["id"], name: row["name"], seats: row["seats"], status: status)
    }

    static func requireTable(_ db: Database, _ id: String) throws -> DiningTable {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM dining_table WHERE id = ?", arguments: [id]) else {
            throw CoreError(.lineNotFound, "there is no table '\(id)'")
        }
        return try table(from: row)
    }

    static func setStatus(_ db: Database, _ id: String, _ status: DiningTable.Status) throws {
        try db.execute(sql: "UPDATE dining_table SET status = ? WHERE id = ?", arguments: [status.rawValue, id])
        guard db.changesCount == 1 else { throw CoreError(.lineNotFound, "there is no table '\(id)'") }
    }

    static func loadTab(_ db: Database, tableID: String) throws -> OpenTab? {
        try String.fetchOne(db, sql: "SELECT tab_json FROM open_tab WHERE table_id = ?", arguments: [tableID]).map {
            try CanonicalJSON.decode(OpenTab.self, from: $0)
        }
    }

    static func saveTab(_ db: Database, _ tab: OpenTab, status: DiningTable.Status, at updatedAt: String) throws {
        _ = try requireTable(db, tab.tableID)
        try db.execute(
            sql: """
                INSERT INTO open_tab (table_id, tab_id, tab_json, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(table_id) DO UPDATE SET tab_id = excluded.tab_id, tab_json = excluded.tab_json, updated_at = excluded.updated_at
                """,
            arguments: [tab.tableID, tab.id, try CanonicalJSON.encode(tab), updatedAt]
        )
        try setStatus(db, tab.tableID, status)
    }
}
