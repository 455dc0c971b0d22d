import B9Core
import Foundation
import Logging
import ServiceLifecycle

/// The till's view of its kitchen orders.
///
/// Subscribes to `b9pos/<store>/+/kitchen/order/status_changed` and keeps, per order, the latest status a
/// kitchen station reported for this till's own orders (`data.till`), the furthest in the flow (so redeliveries change nothing). The
/// till shows them through ``BillingStore/kitchenStatuses()`` and, as each one is kept, pushes it to the
/// local API's WebSocket clients as a `kitchen.status` event.
struct KitchenStatusSubscriber: Sendable {
    let store: BillingStore
    let logger: Logger
    /// The local API's WebSocket fan-out (nil when the API is off).
    var events: EventBroadcaster?

    /// The topic filter for every kitchen station's statuses in `storeID`.
    static func filter(storeID: String) -> String { "b9pos/\(storeID)/+/kitchen/order/status_changed" }

    /// What happened to one received message.
    enum Outcome: Sendable, Hashable {
        case kept(KitchenOrderStatus)
        /// Seen before, or older in the flow than the status kept.
        case unchanged
        case otherTill
        case ignored(reason: String)
    }

    /// Decodes and keeps one status.
    func handle(_ message: MQTTMessage) async -> Outcome {
        guard message.topic.hasSuffix("/kitchen/order/status_changed") else { return .ignored(reason: "not a kitchen status topic") }
        let event: CloudEvent<KitchenStatusData>
        do {
            event = try InboundEvent.kitchenStatusChanged(message.payload)
        } catch {
            return .ignored(reason: "payload is not a kitchen.order.status_changed CloudEvent: \(error)")
        }
        guard event.data.till == store.terminalID else { return .otherTill }
        do {
            guard try await store.applyKitchenStatus(eventID: event.id, event.data) else { return .unchanged }
        } catch {
            return .ignored(reason: "\(error)")
        }
        logger.info(
            "kitchen order status",
            metadata: ["kitchen.order": "\(event.data.orderID)", "kitchen.status": "\(event.data.status.rawValue)", "station": "\(event.data.station)"]
        )
        await events?.publish(.kitchenStatus(orderID: event.data.orderID, station: event.data.station, status: event.data.status.rawValue))
        return .kept(event.data.status)
    }
}
