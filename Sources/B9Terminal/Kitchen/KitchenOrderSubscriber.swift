import B9Core
import B9Devices
import Foundation
import Logging
import ServiceLifecycle

/// The kitchen station's order inbox.
///
/// Subscribes to `b9pos/<store>/+/kitchen/order/created`, keeps the `com.b9pos.kitchen.order.created`
/// events whose `data.station` is this station, records each in the station's store (durably, idempotent
/// by CloudEvents id, so a QoS 1 redelivery prints nothing twice), prints its ticket and marks it
/// `accepted`, which writes the status event to the outbox for the till. Orders recorded but not printed
/// (a crash, every printer off) are printed at start, after the next order, and every `retryInterval`.
/// Messages and retries are handled one at a time, so an order never prints twice at once.
///
/// With a kitchen display (`board`), every new or changed ticket is pushed to it; a station with the
/// display and no printer accepts an order as soon as it is recorded (shown).
struct KitchenOrderSubscriber: Service {
    let store: BillingStore
    let client: MQTTClient
    let printer: KitchenPrinter
    let logger: Logger
    /// The kitchen display, when the station has one.
    var board: KitchenBoard?
    /// How often to try the printers again while an order is unprinted.
    var retryInterval: Duration = .seconds(30)

    /// The topic filter for every till's kitchen orders in `storeID`.
    static func filter(storeID: String) -> String { "b9pos/\(storeID)/+/kitchen/order/created" }

    /// What happened to one received message.
    enum Outcome: Sendable, Hashable {
        /// Recorded, printed and accepted.
        case accepted(printer: String)
        /// Recorded, but no printer took the ticket; it is retried.
        case recordedNotPrinted
        case duplicate
        case otherStation
        case ignored(reason: String)
    }

    /// One thing to do: a message to handle or a retry of unprinted orders.
    private enum Work: Sendable {
        case message(MQTTMessage)
        case retry
    }

    func run() async throws {
        try client.subscribe(Self.filter(storeID: store.storeID))
        await printPending()
        let (work, sink) = AsyncStream.makeStream(of: Work.self, bufferingPolicy: .unbounded)
        let messages = client.messages
        let retryInterval = retryInterval
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await message in messages { sink.yield(.message(message)) }
                sink.finish()
            }
            group.addTask {
                while (try? await Task.sleep(for: retryInterval)) != nil { sink.yield(.retry) }
            }
            for await item in work.cancelOnGracefulShutdown() {
                switch item {
                case .message(let message):
                    if case .ignored(let reason) = await handle(message) {
                        logger.warning("ignored an inbound message", metadata: ["mqtt.topic": "\(message.topic)", "reason": "\(reason)"])
                    }
                case .retry:
                    await printPending()
                }
            }
            sink.finish()
            group.cancelAll()
        }
    }

    /// Decodes, records and prints one message.
    func handle(_ message: MQTTMessage) async -> Outcome {
        guard message.topic.hasSuffix("/kitchen/order/created") else { return .ignored(reason: "not a kitchen order topic") }
        let event: CloudEvent<KitchenOrderData>
        do {
            event = try InboundEvent.kitchenOrderCreated(message.payload)
        } catch {
            return .ignored(reason: "payload is not a kitchen.order.created CloudEvent: \(error)")
        }
        guard event.data.station == store.terminalID else { return .otherStation }
        do {
            guard try await store.receiveKitchenOrder(eventID: event.id, order: event.data) else { return .duplicate }
        } catch {
            return .ignored(reason: "\(error)")
        }
        logger.info("kitchen order received", metadata: ["kitchen.order": "\(event.data.orderID)", "till": "\(event.data.till)", "table": "\(event.data.table ?? "-")"])
        let outcome = await accept(event.data)
        if case .accepted = outcome { await printPending() }
        return outcome
    }

    /// Prints every recorded order that is not accepted yet, oldest first.
    func printPending() async {
        guard let pending = try? await store.unacceptedKitchenOrders() else { return }
        for entry in pending {
            if case .recordedNotPrinted = await accept(entry.order) { return }
        }
    }

    private func accept(_ order: KitchenOrderData) async -> Outcome {
        let outcome = await printAndAccept(order)
        if let board {
            do {
                try await board.changed(order.orderID)
            } catch {
                logger.error("kitchen ticket not shown", metadata: ["kitchen.order": "\(order.orderID)", "error": "\(error)"])
            }
        }
        return outcome
    }

    private func printAndAccept(_ order: KitchenOrderData) async -> Outcome {
        if printer.printers.isEmpty, board != nil {
            do {
                try await store.changeKitchenOrderStatus(orderID: order.orderID, to: .accepted)
                return .accepted(printer: "display")
            } catch {
                logger.error("kitchen order not accepted", metadata: ["kitchen.order": "\(order.orderID)", "error": "\(error)"])
                return .recordedNotPrinted
            }
        }
        do {
            let address = try await printer.print(order)
            try await store.changeKitchenOrderStatus(orderID: order.orderID, to: .accepted, printedOn: address.description)
            logger.info("kitchen ticket printed", metadata: ["kitchen.order": "\(order.orderID)", "printer": "\(address)"])
            return .accepted(printer: address.description)
        } catch {
            logger.error("kitchen ticket not printed", metadata: ["kitchen.order": "\(order.orderID)", "error": "\(error)"])
            return .recordedNotPrinted
        }
    }
}
