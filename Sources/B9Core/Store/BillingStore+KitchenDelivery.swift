public import Foundation
import GRDB

/// When a till sends a kitchen order again: the broker's PUBACK does not prove the station got it (a
/// broker killed with `kill -9` loses what it acknowledged since its last save), the station's first
/// status does. An order the broker took and no status answered is sent again after ``firstWait``,
/// then after twice as long each time up to ``longestWait``, until it is ``giveUpAfter`` old — but
/// only when it looks lost: the station answered a later order (it gets orders in sending order, so
/// this one went missing), or it has answered nothing for as long as the wait (it is down, or the
/// order was its last). While a station works through a backlog, answering older orders, the orders
/// behind are left alone.
public struct KitchenResendPolicy: Sendable, Hashable {
    public var firstWait: Duration
    public var longestWait: Duration
    public var giveUpAfter: Duration

    public init(firstWait: Duration = .seconds(30), longestWait: Duration = .seconds(600), giveUpAfter: Duration = .seconds(86_400)) {
        self.firstWait = firstWait
        self.longestWait = max(firstWait, longestWait)
        self.giveUpAfter = giveUpAfter
    }

    /// How long after the broker took the order for the `resends`+1-th time to send it again.
    public func wait(afterResends resends: Int) -> Duration {
        var wait = firstWait
        for _ in 0..<min(max(resends, 0), 32) where wait < longestWait { wait *= 2 }
        return min(wait, longestWait)
    }
}

/// How a till's kitchen orders stand, for status lines, metrics and tests.
public struct KitchenDeliveryCounts: Sendable, Hashable {
    /// Orders sent (one per station and course).
    public var sent: Int
    /// Orders no status has come back for yet.
    public var unacknowledged: Int
    /// Times an order was sent again, over all orders.
    public var resends: Int
    /// Orders sent more than once.
    public var resentOrders: Int

    public init(sent: Int, unacknowledged: Int, resends: Int, resentOrders: Int) {
        self.sent = sent
        self.unacknowledged = unacknowledged
        self.resends = resends
        self.resentOrders = resentOrders
    }
}

extension BillingStore {
    /// Records, inside `sendToKitchen`'s transaction, an order whose event `eventID` was just written to the outbox.
    static func recordKitchenOrderSent(_ db: Database, _ order: KitchenOrderData, eventID: String) throws {
        try db.execute(
            sql: "INSERT INTO kitchen_sent (order_id, event_id, station, created_at) VALUES (?, ?, ?, ?)",
            arguments: [order.orderID, eventID, order.station, order.createdAt]
        )
    }

    /// Puts back into the outbox (undelivered, `attempts` + 1) the event of every kitchen order that the
    /// broker took, its station has not answered within the policy's wait, and looks lost (see
    /// ``KitchenResendPolicy``); the publisher sends it again with the same event id, so the station
    /// drops it if it has it and repeats its status.
    /// - Returns: the order ids sent again.
    public func resendUnacknowledgedKitchenOrders(_ policy: KitchenResendPolicy) async throws(CoreError) -> [String] {
        let now = now()
        let oldest = Timestamp.format(now.addingTimeInterval(-policy.giveUpAfter.timeInterval))
        return try await transaction("send unacknowledged kitchen orders again") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT k.order_id, k.event_id, k.station, k.created_at, k.resends, o.delivered_at
                    FROM kitchen_sent k JOIN outbox o ON o.event_id = k.event_id
                    WHERE k.acknowledged_at IS NULL AND k.created_at >= ? AND o.delivered_at IS NOT NULL
                    ORDER BY o.seq
                    """,
                arguments: [oldest]
            )
            /// Per station: the newest order it answered, and when it last answered.
            var stations: [String: (newestAnswered: String?, lastAnswer: String?)] = [:]
            var resent: [String] = []
            for row in rows {
                let station: String = row["station"]
                if stations[station] == nil {
                    stations[station] = (
                        try String.fetchOne(
                            db, sql: "SELECT MAX(created_at) FROM kitchen_sent WHERE station = ? AND acknowledged_at IS NOT NULL", arguments: [station]),
                        try String.fetchOne(db, sql: "SELECT MAX(acknowledged_at) FROM kitchen_sent WHERE station = ?", arguments: [station])
                    )
                }
                let resends: Int = row["resends"]
                let due = Timestamp.format(now.addingTimeInterval(-policy.wait(afterResends: resends).timeInterval))
                let deliveredAt: String = row["delivered_at"]
                guard deliveredAt <= due else { continue }
                let createdAt: String = row["created_at"]
                let answeredLater = stations[station]?.newestAnswered.map { $0 > createdAt } ?? false
                let silent = stations[station]?.lastAnswer.map { $0 <= due } ?? true
                guard answeredLater || silent else { continue }
                let orderID: String = row["order_id"]
                let eventID: String = row["event_id"]
                try db.execute(sql: "UPDATE outbox SET delivered_at = NULL, attempts = attempts + 1 WHERE event_id = ?", arguments: [eventID])
                try db.execute(sql: "UPDATE kitchen_sent SET resends = resends + 1 WHERE order_id = ?", arguments: [orderID])
                resent.append(orderID)
            }
            return resent
        }
    }

    /// Counts of this till's kitchen orders: sent, still unacknowledged, and sent again.
    public func kitchenDeliveryCounts() async throws(CoreError) -> KitchenDeliveryCounts {
        try await read("count kitchen orders sent") { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS sent, COUNT(*) - COUNT(acknowledged_at) AS unacknowledged,
                        COALESCE(SUM(resends), 0) AS resends, COUNT(CASE WHEN resends > 0 THEN 1 END) AS resent_orders
                    FROM kitchen_sent
                    """
            )
            return KitchenDeliveryCounts(
                sent: row?["sent"] ?? 0, unacknowledged: row?["unacknowledged"] ?? 0, resends: row?["resends"] ?? 0,
                resentOrders: row?["resent_orders"] ?? 0
            )
        }
    }

    /// How often each of this till's kitchen orders was sent again, by order id.
    public func kitchenOrderResends() async throws(CoreError) -> [String: Int] {
        try await read("read kitchen order resends") { db in
            var resends: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT order_id, resends FROM kitchen_sent") { resends[row["order_id"]] = row["resends"] }
            return resends
        }
    }
}

extension Duration {
    /// The duration in seconds, with its fraction.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
