import GRDB

extension BillingStore {
    // MARK: Kitchen station

    /// Records an order received by this kitchen station. Idempotent by CloudEvents `eventID` and by
    /// order id: a redelivered order changes nothing.
    /// - Returns: whether the order was new.
    @discardableResult
    public func receiveKitchenOrder(eventID: String, order: KitchenOrderData) async throws(CoreError) -> Bool {
        let receivedAt = Timestamp.format(now())
        let json = try CanonicalJSON.encode(order)
        return try await transaction("record a kitchen order") { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO kitchen_order (order_id, event_id, till, station, json, status, received_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, 'received', ?, ?)
                    """,
                arguments: [order.orderID, eventID, order.till, order.station, json, receivedAt, receivedAt]
            )
            return db.changesCount > 0
        }
    }

    /// Records an item the till voided after sending it. Idempotent by order and line. When the order's
    /// ticket is already on paper, the void owes a VOID slip (``pendingKitchenVoidSlips()``) until a
    /// printer takes it; a ticket not printed yet prints with the item marked VOID instead.
    /// - Returns: whether the void was new.
    @discardableResult
    public func receiveKitchenItemVoid(eventID: String, _ data: KitchenItemVoidData) async throws(CoreError) -> Bool {
        let receivedAt = Timestamp.format(now())
        let json = try CanonicalJSON.encode(data)
        return try await transaction("record a voided kitchen item") { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO kitchen_item_void (order_id, line, event_id, json, received_at, slip)
                    VALUES (?, ?, ?, ?, ?, CASE WHEN EXISTS (
                        SELECT 1 FROM kitchen_order WHERE order_id = ? AND printed_on IS NOT NULL) THEN 'pending' END)
                    """,
                arguments: [data.orderID, data.line, eventID, json, receivedAt, data.orderID]
            )
            return db.changesCount > 0
        }
    }

    /// Orders this station received and has not accepted yet (not printed), oldest first: what to
    /// print after a restart.
    public func unacceptedKitchenOrders() async throws(CoreError) -> [KitchenInboxOrder] {
        try await kitchenOrders(whereSQL: "status = 'received'")
    }

    /// The orders this station shows on its display (every one not bumped), oldest first.
    public func openKitchenOrders() async throws(CoreError) -> [KitchenInboxOrder] {
        try await kitchenOrders(whereSQL: "status <> 'bumped'")
    }

    /// Every order this station keeps, oldest first.
    public func kitchenOrders() async throws(CoreError) -> [KitchenInboxOrder] {
        try await kitchenOrders(whereSQL: "1")
    }

    /// Moves an order of this station to `status` and writes the `com.b9pos.kitchen.order.status_changed`
    /// event to the outbox in the same transaction, so the till hears of it even after a broker outage.
    /// `accepted` also records the printer the ticket went to.
    /// - Returns: the status event's data, or `nil` when the order already had that status.
    /// - Throws: `orderNotFound` for an order this station never received; `notPermitted` for a step back
    ///   (ready → preparing) or a recall of an order that was not bumped.
    @discardableResult
    public func changeKitchenOrderStatus(
        orderID: String, to status: KitchenOrderStatus, printedOn printer: String? = nil
    ) async throws(CoreError) -> KitchenStatusData? {
        let changedAt = Timestamp.format(now())
        let storeID = storeID
        let terminalID = terminalID
        return try await transaction("change a kitchen order's status") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT till, status FROM kitchen_order WHERE order_id = ?", arguments: [orderID]) else {
                throw CoreError(.orderNotFound, "this station has no kitchen order \(orderID); list them with `b9terminal kitchen list`")
            }
            let till: String = row["till"]
            let current = KitchenOrderStatus(rawValue: row["status"])
            if current == status { return nil }
            let allowed: Bool
            switch (current, status) {
            case (nil, _): allowed = status != .recalled
            case (.bumped?, .recalled): allowed = true
            case (.recalled?, let next): allowed = next != .accepted && next != .recalled
            case (let now?, let next): allowed = next != .recalled && next.rank > now.rank
            }
            guard allowed else {
                throw CoreError(.notPermitted, "order \(orderID) is \(current?.rawValue ?? "received"); it cannot become \(status.rawValue)")
            }
            try db.execute(
                sql: "UPDATE kitchen_order SET status = ?, printed_on = COALESCE(?, printed_on), updated_at = ? WHERE order_id = ?",
                arguments: [status.rawValue, printer, changedAt, orderID]
            )
            let data = KitchenStatusData(orderID: orderID, till: till, station: terminalID, status: status, changedAt: changedAt)
            try OutboxWriter.enqueue(
                db, type: EventType.kitchenOrderStatusChanged, data: data, storeID: storeID, terminalID: terminalID, createdAt: changedAt
            )
            return data
        }
    }

    /// Writes the order's current status to the outbox again, as a new `status_changed` event with the
    /// time the status was reached: the answer to a till that sent an order this station already has
    /// (the till sends again when no status came back, and a broker crash may have lost the status).
    /// - Returns: the repeated status, or `nil` when the order is unknown or not accepted yet (its
    ///   `accepted` goes out when it prints).
    @discardableResult
    public func repeatKitchenOrderStatus(orderID: String) async throws(CoreError) -> KitchenStatusData? {
        let createdAt = Timestamp.format(now())
        let storeID = storeID
        let terminalID = terminalID
        return try await transaction("repeat a kitchen order's status") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT till, status, updated_at FROM kitchen_order WHERE order_id = ?", arguments: [orderID]),
                let status = KitchenOrderStatus(rawValue: row["status"])
            else { return nil }
            let changedAt: String = row["updated_at"]
            let data = KitchenStatusData(orderID: orderID, till: row["till"], station: terminalID, status: status, changedAt: changedAt)
            try OutboxWriter.enqueue(
                db, type: EventType.kitchenOrderStatusChanged, data: data, storeID: storeID, terminalID: terminalID, createdAt: createdAt
            )
            return data
        }
    }

    /// The order this station bumped last (the one a recall brings back), or `nil` when none is bumped.
    public func lastBumpedKitchenOrderID() async throws(CoreError) -> String? {
        try await read("read the last bumped kitchen order") { db in
            try String.fetchOne(
                db, sql: "SELECT order_id FROM kitchen_order WHERE status = 'bumped' ORDER BY updated_at DESC, order_id DESC LIMIT 1"
            )
        }
    }

    /// One order this station keeps, or `nil` when it has none with that id.
    public func kitchenOrder(orderID: String) async throws(CoreError) -> KitchenInboxOrder? {
        try await kitchenOrders(whereSQL: "order_id = ?", arguments: [orderID]).first
    }

    private func kitchenOrders(whereSQL: String, arguments: [String] = []) async throws(CoreError) -> [KitchenInboxOrder] {
        try await read("read kitchen orders") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM kitchen_order WHERE \(whereSQL) ORDER BY received_at, order_id", arguments: StatementArguments(arguments)).map { row in
                let orderID: String = row["order_id"]
                return KitchenInboxOrder(
                    order: try CanonicalJSON.decode(KitchenOrderData.self, from: row["json"]),
                    status: KitchenOrderStatus(rawValue: row["status"]), printedOn: row["printed_on"], receivedAt: row["received_at"],
                    voidedLines: try Int.fetchAll(db, sql: "SELECT line FROM kitchen_item_void WHERE order_id = ? ORDER BY line", arguments: [orderID])
                )
            }
        }
    }

    // MARK: Till

    /// Keeps a status a kitchen station reported for one of this till's orders: the furthest in the flow
    /// (accepted → preparing → ready → bumped → recalled) wins, so a redelivery (same event `eventID`) or a
    /// late, older status changes nothing. Any status acknowledges the order (the till stops sending it again).
    /// - Returns: whether the kept status changed.
    @discardableResult
    public func applyKitchenStatus(eventID: String, _ data: KitchenStatusData) async throws(CoreError) -> Bool {
        let receivedAt = Timestamp.format(now())
        return try await transaction("record a kitchen status") { db in
            // Any status proves the station has the order: the till stops sending it again.
            try db.execute(
                sql: "UPDATE kitchen_sent SET acknowledged_at = ? WHERE order_id = ? AND acknowledged_at IS NULL",
                arguments: [receivedAt, data.orderID]
            )
            if let kept = try String.fetchOne(db, sql: "SELECT status FROM kitchen_status WHERE order_id = ?", arguments: [data.orderID])
                .flatMap(KitchenOrderStatus.init(rawValue:)), kept.rank >= data.status.rank
            {
                return false
            }
            try db.execute(
                sql: """
                    INSERT INTO kitchen_status (order_id, event_id, station, status, changed_at, received_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(order_id) DO UPDATE SET event_id = excluded.event_id, station = excluded.station,
                        status = excluded.status, changed_at = excluded.changed_at, received_at = excluded.received_at
                    """,
                arguments: [data.orderID, eventID, data.station, data.status.rawValue, data.changedAt, receivedAt]
            )
            return true
        }
    }

    /// The latest status the kitchen reported for each of this till's orders, by order id.
    public func kitchenStatuses() async throws(CoreError) -> [String: KitchenStatusData] {
        let till = terminalID
        return try await read("read kitchen statuses") { db in
            var statuses: [String: KitchenStatusData] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM kitchen_status") {
                guard let status = KitchenOrderStatus(rawValue: row["status"]) else { continue }
                let orderID: String = row["order_id"]
                statuses[orderID] = KitchenStatusData(orderID: orderID, till: till, station: row["station"], status: status, changedAt: row["changed_at"])
            }
            return statuses
        }
    }
}
