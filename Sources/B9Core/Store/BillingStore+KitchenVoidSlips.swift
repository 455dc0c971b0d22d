import GRDB

/// A kitchen station's VOID slips, kept until a printer takes them: a slip that could not print (every
/// printer away) is printed by the same retry that prints unprinted tickets, once.
extension BillingStore {
    /// Voided items whose VOID slip no printer has taken yet, oldest first.
    public func pendingKitchenVoidSlips() async throws(CoreError) -> [KitchenItemVoidData] {
        try await read("read the pending VOID slips") { db in
            try String.fetchAll(db, sql: "SELECT json FROM kitchen_item_void WHERE slip = 'pending' ORDER BY received_at, order_id, line")
                .map { try CanonicalJSON.decode(KitchenItemVoidData.self, from: $0) }
        }
    }

    /// Records that `printer` printed the VOID slip of `line` of `orderID`: it is not printed again.
    public func markKitchenVoidSlipPrinted(orderID: String, line: Int, printer: String) async throws(CoreError) {
        _ = try await transaction("record a printed VOID slip") { db in
            try db.execute(
                sql: "UPDATE kitchen_item_void SET slip = 'printed', slip_printed_on = ? WHERE order_id = ? AND line = ? AND slip = 'pending'",
                arguments: [printer, orderID, line]
            )
            return true
        }
    }
}
