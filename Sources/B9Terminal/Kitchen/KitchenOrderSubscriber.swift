import B9Core
import B9Devices
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The kitchen station's order inbox.
///
/// Subscribes to `b9pos/<store>/+/kitchen/order/created` (and `…/item_voided`, items the till voided
/// after sending, shown struck through), keeps the `com.b9pos.kitchen.order.created`
/// events whose `data.station` is this station, records each in the station's store (durably, idempotent
/// by CloudEvents id, so a QoS 1 redelivery prints nothing twice), prints its ticket and marks it
/// `accepted`, which writes the status event to the outbox for the till. An order it already has is
/// dropped and answered with its current status again (the till sends an order again until a status
/// comes back, and a broker crash can lose the status). Orders recorded but not printed
/// (a crash, every printer off) are printed at start, after the next order, and every `retryInterval`;
/// so are the VOID slips of items voided after their ticket printed (kept in the store until printed).
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
    /// What this inbox received since start, shared by copies of the service.
    let counters = Counters()

    /// Orders received since start: new ones, and deliveries of an order already kept (dropped).
    struct Statistics: Sendable, Hashable {
        var received = 0
        var duplicates = 0
    }

    /// ``Statistics`` behind a lock, shared by copies of the service.
    final class Counters: Sendable {
        private let value = Mutex(Statistics())
        var statistics: Statistics { value.withLock { $0 } }
        func withLock<T: Sendable>(_ body: (inout Statistics) -> T) -> T { value.withLock { body(&$0) } }
    }

    /// The topic filter for every till's kitchen orders in `storeID`.
    static func filter(storeID: String) -> String { "b9pos/\(storeID)/+/kitchen/order/created" }
    /// The topic filter for every till's voided kitchen items in `storeID`.
    static func voidFilter(storeID: String) -> String { "b9pos/\(storeID)/+/kitchen/order/item_voided" }

    /// What happened to one received message.
    enum Outcome: Sendable, Hashable {
        /// Recorded, printed and accepted.
        case accepted(printer: String)
        /// Recorded, but no printer took the ticket; it is retried.
        case recordedNotPrinted
        case duplicate
        case otherStation
        /// An item of an order voided at the till, recorded and shown struck through.
        case voided
        case ignored(reason: String)
    }

    /// One thing to do: a message to handle or a retry of unprinted orders.
    private enum Work: Sendable {
        case message(MQTTMessage)
        case retry
    }

    func run() async throws {
        try client.subscribe(Self.filter(storeID: store.storeID))
        try client.subscribe(Self.voidFilter(storeID: store.storeID))
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
        if message.topic.hasSuffix("/kitchen/order/item_voided") { return await handleVoid(message) }
        guard message.topic.hasSuffix("/kitchen/order/created") else { return .ignored(reason: "not a kitchen order topic") }
        let event: CloudEvent<KitchenOrderData>
        do {
            event = try InboundEvent.kitchenOrderCreated(message.payload)
        } catch {
            return .ignored(reason: "payload is not a kitchen.order.created CloudEvent: \(error)")
        }
        guard event.data.station == store.terminalID else { return .otherStation }
        do {
            guard try await store.receiveKitchenOrder(eventID: event.id, order: event.data) else {
                counters.withLock { $0.duplicates += 1 }
                // The till sends an order again while no status came back: the broker may have lost the
                // status. Answer with the status the order has (none yet if it has not printed).
                try await store.repeatKitchenOrderStatus(orderID: event.data.orderID)
                return .duplicate
            }
        } catch {
            return .ignored(reason: "\(error)")
        }
        counters.withLock { $0.received += 1 }
        logger.info("kitchen order received", metadata: ["kitchen.order": "\(event.data.orderID)", "till": "\(event.data.till)", "table": "\(event.data.table ?? "-")"])
        // A void may have come before its order.
        let voided = Set((try? await store.kitchenOrder(orderID: event.data.orderID))?.voidedLines ?? [])
        let outcome = await accept(event.data, voided: voided)
        if case .accepted = outcome { await printPending() }
        return outcome
    }

    /// Records a voided item of this station's order (idempotent by order and line) and shows the ticket
    /// with the item struck through. A void that arrives before its order is kept and applies when it comes.
    private func handleVoid(_ message: MQTTMessage) async -> Outcome {
        let event: CloudEvent<KitchenItemVoidData>
        do {
            event = try JSONDecoder().decode(CloudEvent<KitchenItemVoidData>.self, from: Data(message.payload))
        } catch {
            return .ignored(reason: "payload is not a kitchen.order.item_voided CloudEvent: \(error)")
        }
        guard event.type == EventType.kitchenItemVoided else { return .ignored(reason: "event type \(event.type)") }
        guard event.data.station == store.terminalID else { return .otherStation }
        do {
            guard try await store.receiveKitchenItemVoid(eventID: event.id, event.data) else { return .duplicate }
        } catch {
            return .ignored(reason: "\(error)")
        }
        logger.notice("kitchen item voided", metadata: [
            "kitchen.order": "\(event.data.orderID)", "line": "\(event.data.line)", "item": "\(event.data.name)", "table": "\(event.data.table ?? "-")",
        ])
        guard let entry = try? await store.kitchenOrder(orderID: event.data.orderID) else { return .voided }
        if let board {
            do {
                try await board.changed(event.data.orderID)
            } catch {
                logger.error("voided kitchen item not shown", metadata: ["kitchen.order": "\(event.data.orderID)", "error": "\(error)"])
            }
        }
        // A ticket already on paper gets a VOID slip (recorded as owed with the void, printed now or by the
        // retry once a printer is back); one not printed yet prints with the item marked VOID.
        if entry.printedOn != nil { await printPendingVoidSlips() }
        return .voided
    }

    /// Prints every recorded order that is not accepted yet, oldest first, then every VOID slip still owed.
    func printPending() async {
        guard let pending = try? await store.unacceptedKitchenOrders() else { return }
        for entry in pending {
            if case .recordedNotPrinted = await accept(entry.order, voided: Set(entry.voidedLines)) { return }
        }
        await printPendingVoidSlips()
    }

    /// Prints the VOID slips no printer has taken yet, oldest first; stops at the first that fails (the
    /// retry tries again). Each is marked printed once a printer took it, so it prints once.
    private func printPendingVoidSlips() async {
        guard !printer.printers.isEmpty else { return }
        let slips: [KitchenItemVoidData]
        do {
            slips = try await store.pendingKitchenVoidSlips()
        } catch {
            logger.error("pending VOID slips not read", metadata: ["error": "\(error)"])
            return
        }
        for void in slips {
            let address: DeviceAddress
            do {
                address = try await printer.printVoid(void)
            } catch {
                logger.error("kitchen void slip not printed; the display shows the void and the slip is retried", metadata: [
                    "kitchen.order": "\(void.orderID)", "line": "\(void.line)", "error": "\(error)",
                ])
                return
            }
            do {
                try await store.markKitchenVoidSlipPrinted(orderID: void.orderID, line: void.line, printer: address.description)
            } catch {
                logger.error("printed VOID slip not recorded", metadata: ["kitchen.order": "\(void.orderID)", "error": "\(error)"])
            }
            logger.info("kitchen void slip printed", metadata: ["kitchen.order": "\(void.orderID)", "printer": "\(address)"])
        }
    }

    /// - Parameter voided: items the till voided before the ticket printed (marked VOID on it).
    private func accept(_ order: KitchenOrderData, voided: Set<Int>) async -> Outcome {
        let outcome = await printAndAccept(order, voided: voided)
        if let board {
            do {
                try await board.changed(order.orderID)
            } catch {
                logger.error("kitchen ticket not shown", metadata: ["kitchen.order": "\(order.orderID)", "error": "\(error)"])
            }
        }
        return outcome
    }

    private func printAndAccept(_ order: KitchenOrderData, voided: Set<Int>) async -> Outcome {
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
            let address = try await printer.print(order, voided: voided)
            try await store.changeKitchenOrderStatus(orderID: order.orderID, to: .accepted, printedOn: address.description)
            logger.info("kitchen ticket printed", metadata: ["kitchen.order": "\(order.orderID)", "printer": "\(address)"])
            return .accepted(printer: address.description)
        } catch {
            logger.error("kitchen ticket not printed", metadata: ["kitchen.order": "\(order.orderID)", "error": "\(error)"])
            return .recordedNotPrinted
        }
    }
}
