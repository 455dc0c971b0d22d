extension Migrations {
    /// Items a till voided after their kitchen order was sent, as the station received them: one row per
    /// order line (a redelivered or repeated void changes nothing). No reference to `kitchen_order`: a
    /// void may arrive before its order and still applies when the order comes.
    static let v6KitchenVoids = """
        CREATE TABLE kitchen_item_void (
            order_id TEXT NOT NULL,
            line INTEGER NOT NULL,
            event_id TEXT NOT NULL,
            json TEXT NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (order_id, line)
        ) STRICT, WITHOUT ROWID;
        """
}
