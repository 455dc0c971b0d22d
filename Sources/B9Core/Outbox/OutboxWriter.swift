import Foundation
import GRDB

/// Writes events into the outbox inside the caller's transaction.
enum OutboxWriter {
    /// Adds one CloudEvent with the next producer sequence number; returns its event id.
    @discardableResult
    static func enqueue<Payload: Codable & Sendable>(
        _ db: Database, type: String, data: Payload, storeID: String, terminalID: String, createdAt: String
    ) throws -> String {
        let sequence = try Counters.next(db, Counters.eventSequence)
        let eventID = UUID().uuidString.lowercased()
        let event = CloudEvent(
            id: eventID, source: "b9pos/\(storeID)/\(terminalID)", type: type, time: createdAt, sequence: sequence, data: data
        )
        try db.execute(
            sql: "INSERT INTO outbox (event_id, type, topic, payload, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [
                eventID, type, EventType.topic(for: type, store: storeID, terminal: terminalID),
                try CanonicalJSON.encode(event), createdAt,
            ]
        )
        return eventID
    }
}

extension BillingStore {
    /// Undelivered events in publish order, at most `limit`; only those after sequence `after` when
    /// given (the publisher reads the next window while it still marks the previous one).
    public func pendingEvents(after: Int64? = nil, limit: Int = 100) async throws(CoreError) -> [OutboxEvent] {
        try await read("read the outbox") { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM outbox WHERE delivered_at IS NULL AND seq > ? ORDER BY seq LIMIT ?",
                arguments: [after ?? Int64.min, limit]
            ).map(OutboxEvent.init(row:))
        }
    }

    /// How many events wait for the broker.
    public func pendingEventCount() async throws(CoreError) -> Int {
        try await read("count the outbox") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL") ?? 0
        }
    }

    /// Marks events delivered (the broker acknowledged them). Unknown ids are ignored.
    public func markDelivered(_ eventIDs: [String]) async throws(CoreError) {
        let at = Timestamp.format(now())
        _ = try await transaction("mark events delivered") { db in
            for id in eventIDs {
                try db.execute(sql: "UPDATE outbox SET delivered_at = ? WHERE event_id = ? AND delivered_at IS NULL", arguments: [at, id])
            }
            return true
        }
    }

    /// Counts a publish attempt that was not acknowledged.
    public func recordAttempt(_ eventID: String) async throws(CoreError) {
        _ = try await transaction("count a publish attempt") { db in
            try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1 WHERE event_id = ?", arguments: [eventID])
            return true
        }
    }
}

extension OutboxEvent {
    init(row: Row) {
        self.init(
            sequence: row["seq"], eventID: row["event_id"], type: row["type"], topic: row["topic"], payload: row["payload"],
            createdAt: row["created_at"], deliveredAt: row["delivered_at"], attempts: row["attempts"]
        )
    }
}
