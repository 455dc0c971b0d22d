public import Foundation

/// Decoding the CloudEvents a station receives over MQTT from other stations: the payload as JSON,
/// the envelope's `type`, and the fields the station acts on. The subscribers in the daemon use these,
/// and so does the fuzz target, so what is fuzzed is what runs.
public enum InboundEvent {
    /// A `com.b9pos.stock.moved` event with its quantity parsed.
    public struct StockMoved: Sendable {
        public let event: CloudEvent<StockMovedData>
        /// `data.quantity` in thousandths of the unit (negative when stock left).
        public let quantity: Quantity
    }

    /// Decodes a `com.b9pos.stock.moved` payload.
    /// - Throws: ``FieldError`` naming the field: `payload` (not a JSON object), a missing or mistyped
    ///   field, `type` (another event), `data.quantity` (not a decimal with at most 3 places).
    public static func stockMoved(_ payload: [UInt8]) throws(FieldError) -> StockMoved {
        let event = try decode(payload, as: StockMovedData.self, type: EventType.stockMoved)
        let quantity: Quantity
        do {
            quantity = try Quantity(parsing: event.data.quantity)
        } catch {
            throw FieldError(field: "data.quantity", "'data.quantity' must be a signed decimal with at most 3 places, e.g. \"-1.250\" (\(error.message))")
        }
        return StockMoved(event: event, quantity: quantity)
    }

    /// Decodes a `com.b9pos.kitchen.order.created` payload.
    /// - Throws: ``FieldError`` naming the missing, mistyped or wrong field (`type` for another event).
    public static func kitchenOrderCreated(_ payload: [UInt8]) throws(FieldError) -> CloudEvent<KitchenOrderData> {
        try decode(payload, as: KitchenOrderData.self, type: EventType.kitchenOrderCreated)
    }

    /// Decodes a `com.b9pos.kitchen.order.status_changed` payload.
    /// - Throws: ``FieldError`` naming the missing, mistyped or wrong field (`data.status` for an
    ///   unknown status, `type` for another event).
    public static func kitchenStatusChanged(_ payload: [UInt8]) throws(FieldError) -> CloudEvent<KitchenStatusData> {
        try decode(payload, as: KitchenStatusData.self, type: EventType.kitchenOrderStatusChanged)
    }

    /// Decodes the envelope and `data`, and checks the envelope's `type`.
    static func decode<Payload: Codable & Sendable>(_ payload: [UInt8], as: Payload.Type, type: String) throws(FieldError) -> CloudEvent<Payload> {
        let event = try FieldError.decodeJSON(CloudEvent<Payload>.self, from: Data(payload), document: "payload")
        guard event.type == type else {
            throw FieldError(field: "type", "'type' must be \(type), not \(event.type)")
        }
        return event
    }
}
