/// The invariants every received MQTT payload must keep, whatever its bytes: shared by the fuzz
/// target and the corpus replay in `make test`.
public enum InboundEventCheck {
    /// A broken invariant.
    public struct Violation: Error, CustomStringConvertible {
        public let description: String
    }

    /// Decodes `bytes` as each kind of event a station receives (stock moved, kitchen order created,
    /// kitchen status changed). None may crash, and:
    /// - a refusal is a ``FieldError`` whose message names its field;
    /// - an accepted event written back canonically decodes again to the same canonical text
    ///   (and, for stock, the same quantity).
    public static func check(_ bytes: [UInt8]) throws(Violation) {
        try roundTrip(bytes, "stock.moved") { payload throws(FieldError) in try InboundEvent.stockMoved(payload).event }
        if let moved = try? InboundEvent.stockMoved(bytes), (try? Quantity(parsing: moved.quantity.fixedText)) != moved.quantity {
            throw Violation(description: "stock.moved: quantity \(moved.event.data.quantity) does not survive its fixed text")
        }
        try roundTrip(bytes, "kitchen.order.created") { payload throws(FieldError) in try InboundEvent.kitchenOrderCreated(payload) }
        try roundTrip(bytes, "kitchen.order.status_changed") { payload throws(FieldError) in try InboundEvent.kitchenStatusChanged(payload) }
    }

    private static func roundTrip<Event: Encodable>(_ bytes: [UInt8], _ kind: String, _ decode: ([UInt8]) throws(FieldError) -> Event) throws(Violation) {
        let event: Event
        do {
            event = try decode(bytes)
        } catch {
            guard !error.field.isEmpty, error.message.contains(error.field) else {
                throw Violation(description: "\(kind): refusal does not name its field: \(error)")
            }
            return
        }
        guard let text = try? CanonicalJSON.encode(event) else {
            throw Violation(description: "\(kind): an accepted event cannot be written back")
        }
        let again: Event
        do {
            again = try decode(Array(text.utf8))
        } catch {
            throw Violation(description: "\(kind): an accepted event written back is refused: \(error)")
        }
        guard (try? CanonicalJSON.encode(again)) == text else {
            throw Violation(description: "\(kind): an accepted event written back decodes to something else")
        }
    }
}
