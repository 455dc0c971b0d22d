extension Migrations {
    /// Kitchen stations and the tills they answer: the orders a station received (one row per order,
    /// deduplicated by CloudEvents id and by order id) with its printing and status, and on the till the
    /// furthest status each station reported for the till's own orders. `WITHOUT ROWID` keeps each table in
    /// one b-tree, so the schema costs few pages of a size-capped store.
    static let v5Kitchen = """
        CREATE TABLE kitchen_order (
            order_id TEXT PRIMARY KEY NOT NULL,
            event_id TEXT NOT NULL UNIQUE,
            till TEXT NOT NULL,
            station TEXT NOT NULL,
            json TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('received', 'accepted', 'preparing', 'ready', 'bumped', 'recalled')),
            printed_on TEXT,
            received_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE kitchen_status (
            order_id TEXT PRIMARY KEY NOT NULL,
            event_id TEXT NOT NULL,
            station TEXT NOT NULL,
            status TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            received_at TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        """
}
