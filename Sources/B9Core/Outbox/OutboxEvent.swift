import Foundation

/// An event waiting in (or delivered from) the outbox: written in the same transaction as what it
/// reports, published in `sequence` order, marked delivered only when the broker acknowledged it.
public struct OutboxEvent: Sendable, Hashable, Codable {
    /// Position in the outbox; publish order.
    public let sequence: Int64
    public let eventID: String
    /// CloudEvents type, e.g. `com.b9pos.sale.completed`.
    public let type: String
    public let topic: String
    /// The CloudEvents JSON, byte for byte as published.
    public let payload: String
    public let createdAt: String
    public let deliveredAt: String?
    public let attempts: Int
}

/// Event types and their MQTT topics. Topics are `b9pos/<store>/<terminal>/<subject>/<event>`.
public enum EventType {
    public static let saleCompleted = "com.b9pos.sale.completed"
    public static let stockMoved = "com.b9pos.stock.moved"
    public static let returnCompleted = "com.b9pos.return.completed"
    /// Items of a table sent to a kitchen station (``KitchenOrderData``).
    public static let kitchenOrderCreated = "com.b9pos.kitchen.order.created"
    /// A priced item weighed and labelled at a weighing station (``WeighedItemCreatedData``).
    public static let weighingItemCreated = "com.b9pos.weighing.item.created"
    /// A kitchen station's progress on an order (``KitchenStatusData``).
    public static let kitchenOrderStatusChanged = "com.b9pos.kitchen.order.status_changed"
    /// An item of a kitchen order voided at the till (``KitchenItemVoidData``).
    public static let kitchenItemVoided = "com.b9pos.kitchen.order.item_voided"

    /// The topic an event of `type` from `terminal` is published on.
    public static func topic(for type: String, store: String, terminal: String) -> String {
        let suffix = type.hasPrefix("com.b9pos.") ? String(type.dropFirst("com.b9pos.".count)) : type
        return "b9pos/\(store)/\(terminal)/" + suffix.replacingOccurrences(of: ".", with: "/")
    }
}
