import Foundation

extension BillingStore {
    /// Records a weighed item (a label printed at a weighing station) as a
    /// `com.b9pos.weighing.item.created` event in the outbox, in its own transaction.
    ///
    /// - Parameters:
    ///   - make: builds the event data from a new item id and the creation time.
    /// - Returns: the event data as stored.
    public func recordWeighedItem(
        _ make: @escaping @Sendable (_ itemID: String, _ createdAt: String) -> WeighedItemCreatedData
    ) async throws(CoreError) -> WeighedItemCreatedData {
        let itemID = UUID().uuidString.lowercased()
        let createdAt = Timestamp.format(now())
        let data = make(itemID, createdAt)
        let storeID = storeID
        let terminalID = terminalID
        return try await transaction("record the weighed item") { db in
            try OutboxWriter.enqueue(db, type: EventType.weighingItemCreated, data: data, storeID: storeID, terminalID: terminalID,
                                     createdAt: createdAt)
            return data
        }
    }
}
