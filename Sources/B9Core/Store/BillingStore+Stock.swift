import GRDB

extension BillingStore {
    /// The stock of `sku` this terminal knows: the sum of every movement it recorded or received, in the product's unit.
    public func stockLevel(sku: String) async throws(CoreError) -> Quantity {
        try await read("read stock") { db in
            Quantity(thousandths: try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(quantity_milli), 0) FROM stock_movement WHERE sku = ?", arguments: [sku]) ?? 0)
        }
    }

    /// Records a stock movement reported by another station (or the back office). Idempotent by `eventID`:
    /// a redelivered event changes nothing.
    /// - Returns: whether the movement was new.
    @discardableResult
    public func applyStockMovement(eventID: String, sku: String, quantity: Quantity, reason: String, reference: String?, originTerminal: String) async throws(CoreError) -> Bool {
        let createdAt = Timestamp.format(now())
        return try await transaction("record a stock movement") { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO stock_movement (sku, quantity_milli, reason, reference, origin_terminal, event_id, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [sku, quantity.thousandths, reason, reference, originTerminal, eventID, createdAt]
            )
            return db.changesCount > 0
        }
    }
}
