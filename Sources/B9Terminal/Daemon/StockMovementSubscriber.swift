import B9Core
import Foundation
import Logging
import ServiceLifecycle

/// Applies other tills' stock movements to this till's stock view.
///
/// Subscribes to `b9pos/<store>/+/stock/moved` and records each `com.b9pos.stock.moved` CloudEvent
/// with ``BillingStore/applyStockMovement(eventID:sku:quantity:reason:reference:originTerminal:)``,
/// which is idempotent by event id, so QoS 1 redeliveries change nothing. This terminal's own events
/// (already recorded in the sale's transaction) and malformed payloads are skipped with a log line.
///
/// It is the consumer of the client's ``MQTTClient/messages`` stream.
struct StockMovementSubscriber: Service {
    let store: BillingStore
    let client: MQTTClient
    let logger: Logger

    /// The topic filter for every terminal's stock movements in `storeID`.
    static func filter(storeID: String) -> String { "b9pos/\(storeID)/+/stock/moved" }

    /// What happened to one received message.
    enum Outcome: Sendable, Hashable {
        case applied
        case duplicate
        case ownEvent
        case ignored(reason: String)
    }

    func run() async throws {
        try client.subscribe(Self.filter(storeID: store.storeID))
        for await message in client.messages.cancelOnGracefulShutdown() {
            let outcome = await handle(message)
            if case .ignored(let reason) = outcome {
                logger.warning("ignored an inbound message", metadata: ["mqtt.topic": "\(message.topic)", "reason": "\(reason)"])
            }
        }
    }

    /// Decodes and applies one message.
    func handle(_ message: MQTTMessage) async -> Outcome {
        guard message.topic.hasSuffix("/stock/moved") else { return .ignored(reason: "not a stock movement topic") }
        let moved: InboundEvent.StockMoved
        do {
            moved = try InboundEvent.stockMoved(message.payload)
        } catch {
            return .ignored(reason: "payload is not a stock.moved CloudEvent: \(error)")
        }
        let event = moved.event
        if event.data.terminal == store.terminalID || event.source == "b9pos/\(store.storeID)/\(store.terminalID)" {
            return .ownEvent
        }
        do {
            let applied = try await store.applyStockMovement(
                eventID: event.id, sku: event.data.sku, quantity: moved.quantity, reason: event.data.reason,
                reference: event.data.reference, originTerminal: event.data.terminal
            )
            return applied ? .applied : .duplicate
        } catch {
            return .ignored(reason: "\(error)")
        }
    }
}
