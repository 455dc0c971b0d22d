extension Migrations {
    /// A till's record of the kitchen orders it sent, to prove each one reached its station: the order
    /// stays unacknowledged until the station's first status for it comes back, and until then the till
    /// sends the order's outbox event again (`resends` counts how often). The two indexes answer, per
    /// station, the newest order it answered and when it last answered. A broker killed with
    /// `kill -9` loses messages it had already acknowledged, so a PUBACK alone does not prove delivery.
    /// Orders sent before this migration are taken from the outbox, acknowledged when a status is kept.
    static let v7KitchenDelivery = """
        CREATE TABLE kitchen_sent (
            order_id TEXT PRIMARY KEY NOT NULL,
            event_id TEXT NOT NULL UNIQUE,
            station TEXT NOT NULL,
            created_at TEXT NOT NULL,
            resends INTEGER NOT NULL DEFAULT 0 CHECK (resends >= 0),
            acknowledged_at TEXT
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX kitchen_sent_unacknowledged ON kitchen_sent(created_at) WHERE acknowledged_at IS NULL;
        CREATE INDEX kitchen_sent_answered ON kitchen_sent(station, created_at) WHERE acknowledged_at IS NOT NULL;
        CREATE INDEX kitchen_sent_answer_time ON kitchen_sent(station, acknowledged_at);
        INSERT OR IGNORE INTO kitchen_sent (order_id, event_id, station, created_at, acknowledged_at)
            SELECT json_extract(o.payload, '$.data.orderID'), o.event_id, json_extract(o.payload, '$.data.station'), o.created_at,
                (SELECT s.received_at FROM kitchen_status s WHERE s.order_id = json_extract(o.payload, '$.data.orderID'))
            FROM outbox o
            WHERE o.type = 'com.b9pos.kitchen.order.created' AND json_extract(o.payload, '$.data.orderID') IS NOT NULL;
        """
}
