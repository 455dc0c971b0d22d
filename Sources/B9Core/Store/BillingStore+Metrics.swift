import GRDB

/// The stored sales of one currency, summed (the metrics endpoint's sales figures).
public struct SalesTotal: Sendable, Hashable {
    public let currency: String
    public let count: Int
    /// The amounts due added up, in minor units.
    public let amountDueMinor: Int64
}

extension BillingStore {
    /// How many sales are stored and what they came to, per currency.
    public func salesTotals() async throws(CoreError) -> [SalesTotal] {
        try await read("sum the sales") { db in
            try Row.fetchAll(
                db, sql: "SELECT currency, COUNT(*) AS n, COALESCE(SUM(amount_due_minor), 0) AS amount FROM sale GROUP BY currency ORDER BY currency"
            ).map { SalesTotal(currency: $0["currency"], count: $0["n"], amountDueMinor: $0["amount"]) }
        }
    }

    /// When the oldest event still waiting for the broker was written, or nil when none waits.
    public func oldestPendingEventCreatedAt() async throws(CoreError) -> String? {
        try await read("find the oldest pending event") { db in
            try String.fetchOne(db, sql: "SELECT created_at FROM outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT 1")
        }
    }
}
