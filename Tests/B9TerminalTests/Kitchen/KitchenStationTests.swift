import B9Intake
@testable import B9Terminal
import B9Core
import B9ESCPOS
import Foundation
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

/// A till with a restaurant table whose tab holds two dishes with modifiers and notes.
struct KitchenTestTill {
    let till: TestStore
    let dishes: [Product]

    init(terminalID: String = "till-1") async throws {
        till = try await TestStore(terminalID: terminalID)
        // Names the printer's code page shows as they are, so the ticket bytes can be searched for them.
        dishes = Array(try await till.store.allProducts().filter { $0.name.allSatisfy(\.isASCII) }.prefix(2))
        let shop = ShopRules(variant: .restaurant)
        try await till.store.addDiningTable(id: "T4", name: "Table 4", seats: 4, rules: shop)
        _ = try await till.store.openTab(tableID: "T4", covers: 2, waiter: "Rahim", rules: shop, policy: .standard)
    }

    /// Puts the dishes on the tab and sends them to `station`; returns the orders and their outbox events.
    func sendOrder(to station: String) async throws -> (orders: [KitchenOrderData], events: [OutboxEvent]) {
        for (index, dish) in dishes.enumerated() {
            _ = try await till.store.addToTab(
                tableID: "T4", product: dish, quantity: .one, course: 1, modifiers: index == 0 ? ["no onion"] : [],
                notes: index == 1 ? "well done" : nil, policy: .standard
            )
        }
        let orders = try await till.store.sendToKitchen(tableID: "T4", routing: KitchenRouting(stations: [:], defaultStation: station), notes: "birthday")
        let events = try await till.store.pendingEvents().filter { $0.type == EventType.kitchenOrderCreated }
        return (orders, events)
    }
}

extension OutboxEvent {
    var message: MQTTMessage { MQTTMessage(topic: topic, payload: Array(payload.utf8), qos: 1, retained: false) }
}

@Suite("Kitchen station: order inbox, tickets, failover, statuses", .timeLimit(.minutes(5)))
struct KitchenStationTests {
    /// A kitchen station on `store` that prints its tickets at `address`, with no broker behind it.
    static func printingStation(_ store: BillingStore, printingTo address: String) throws -> KitchenOrderSubscriber {
        KitchenOrderSubscriber(
            store: store, client: try unusedClient(),
            printer: try KitchenPrinter(addresses: [address], logger: testLogger), logger: testLogger
        )
    }

    static func unusedClient() throws -> MQTTClient {
        try MQTTClient(configuration: testClientConfiguration(port: 1, clientID: "unused-\(UUID())"), logger: testLogger)
    }

    /// A loopback port nothing listens on: connecting is refused.
    static func refusingPrinter() throws -> String { "tcp://127.0.0.1:\(try MosquittoBroker.freeLoopbackPort())" }

    @Test("An order for this station prints once in large type and is accepted; a redelivery prints nothing and repeats the status")
    func printsOnceAndAccepts() async throws {
        let till = try await KitchenTestTill()
        let kitchen = try await TestStore(terminalID: "kitchen-1")
        let printer = try KitchenTestPrinter()
        defer {
            till.till.remove()
            kitchen.remove()
            printer.stop()
        }
        let subscriber = try Self.printingStation(kitchen.store, printingTo: printer.address)
        let sent = try await till.sendOrder(to: "kitchen-1")
        let event = try #require(sent.events.first)

        #expect(await subscriber.handle(event.message) == .accepted(printer: printer.address))
        #expect(await subscriber.handle(event.message) == .duplicate)
        #expect(await eventually { printer.jobs.count == 1 })
        let ticket = try #require(printer.jobs.first)
        #expect(Array(ticket.prefix(2)) == [0x1B, 0x40], "the ticket starts with ESC @")
        #expect(ticket.containsBytes([0x1D, 0x21, 0x11]), "double width and height (GS ! 0x11)")
        for dish in till.dishes { #expect(ticket.containsBytes(Array(dish.name.utf8)), "ticket names \(dish.name)") }
        for text in ["TABLE T4", "no onion", "well done", "birthday", "Rahim"] {
            #expect(ticket.containsBytes(Array(text.utf8)), "ticket shows \(text)")
        }
        // Read back as a printer would: no stray bytes, and the item lines in double-size type.
        let decoded = ESCPOSDecoder(profile: .generic80).decode(ticket)
        #expect(decoded.issues.isEmpty, "\(decoded.issues)")
        let large = decoded.lines.flatMap { $0 }.filter { $0.style.size == .double }.map(\.text).joined(separator: "\n")
        for text in ["TABLE T4", "COURSE 1", "Waiter Rahim", "1 x", "no onion", "well done", "NOTE: birthday"] {
            #expect(large.contains(text), "\(text) is printed large")
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(printer.jobs.count == 1, "the duplicate printed nothing")

        // Accepted once when printed, and again in answer to the duplicate (the till sends an order
        // again when its status may have been lost).
        let statuses = try await kitchen.store.pendingEvents().filter { $0.type == EventType.kitchenOrderStatusChanged }
        #expect(statuses.count == 2)
        #expect(statuses.allSatisfy { $0.payload.contains(#""status":"accepted""#) })
        #expect(statuses.allSatisfy { $0.topic == "b9pos/s1/kitchen-1/kitchen/order/status_changed" })
        let kept = try await kitchen.store.kitchenOrders()
        #expect(kept.map(\.status) == [.accepted])
        #expect(kept.first?.printedOn == printer.address)

        // The inbox is durable: after a restart the same delivery is still a duplicate.
        let reopened = try BillingStore.open(path: kitchen.folder.appendingPathComponent("store.sqlite").path, storeID: "s1", terminalID: "kitchen-1")
        let afterRestart = try Self.printingStation(reopened, printingTo: printer.address)
        #expect(await afterRestart.handle(event.message) == .duplicate)
        #expect(printer.jobs.count == 1)
    }

    @Test("Orders for another station are neither kept nor printed")
    func skipsOtherStations() async throws {
        let till = try await KitchenTestTill()
        let kitchen = try await TestStore(terminalID: "kitchen-1")
        defer {
            till.till.remove()
            kitchen.remove()
        }
        let subscriber = KitchenOrderSubscriber(
            store: kitchen.store, client: try Self.unusedClient(),
            printer: try KitchenPrinter(addresses: [try Self.refusingPrinter()], logger: testLogger), logger: testLogger
        )
        let event = try #require(try await till.sendOrder(to: "bar-1").events.first)
        #expect(await subscriber.handle(event.message) == .otherStation)
        #expect(try await kitchen.store.kitchenOrders().isEmpty)
    }

    @Test("When the first printer refuses connections the ticket prints on the second")
    func failsOverToTheSecondPrinter() async throws {
        let till = try await KitchenTestTill()
        let kitchen = try await TestStore(terminalID: "kitchen-1")
        let backup = try KitchenTestPrinter()
        defer {
            till.till.remove()
            kitchen.remove()
            backup.stop()
        }
        let subscriber = KitchenOrderSubscriber(
            store: kitchen.store, client: try Self.unusedClient(),
            printer: try KitchenPrinter(addresses: [try Self.refusingPrinter(), backup.address], logger: testLogger), logger: testLogger
        )
        let event = try #require(try await till.sendOrder(to: "kitchen-1").events.first)
        #expect(await subscriber.handle(event.message) == .accepted(printer: backup.address))
        #expect(await eventually { backup.jobs.count == 1 })
    }

    @Test("With every printer down the order is kept unaccepted and printed once a printer is back")
    func keepsUnprintedOrders() async throws {
        let till = try await KitchenTestTill()
        let kitchen = try await TestStore(terminalID: "kitchen-1")
        let printer = try KitchenTestPrinter()
        defer {
            till.till.remove()
            kitchen.remove()
            printer.stop()
        }
        let down = KitchenOrderSubscriber(
            store: kitchen.store, client: try Self.unusedClient(),
            printer: try KitchenPrinter(addresses: [try Self.refusingPrinter()], logger: testLogger),
            logger: testLogger
        )
        let event = try #require(try await till.sendOrder(to: "kitchen-1").events.first)
        #expect(await down.handle(event.message) == .recordedNotPrinted)
        #expect(try await kitchen.store.unacceptedKitchenOrders().count == 1)
        #expect(try await kitchen.store.pendingEvents().filter { $0.type == EventType.kitchenOrderStatusChanged }.isEmpty)

        let back = try Self.printingStation(kitchen.store, printingTo: printer.address)
        await back.printPending()
        #expect(try await kitchen.store.unacceptedKitchenOrders().isEmpty)
        #expect(await eventually { printer.jobs.count == 1 })
    }

    @Test("A running station prints an unprinted order by itself once its printer comes back")
    func retriesWhenThePrinterReturns() async throws {
        let till = try await KitchenTestTill()
        let kitchen = try await TestStore(terminalID: "kitchen-1")
        defer {
            till.till.remove()
            kitchen.remove()
        }
        let port = try MosquittoBroker.freeLoopbackPort()
        let subscriber = KitchenOrderSubscriber(
            store: kitchen.store, client: try Self.unusedClient(),
            printer: try KitchenPrinter(addresses: ["tcp://127.0.0.1:\(port)"], logger: testLogger), logger: testLogger,
            retryInterval: .milliseconds(50)
        )
        let event = try #require(try await till.sendOrder(to: "kitchen-1").events.first)
        #expect(await subscriber.handle(event.message) == .recordedNotPrinted)
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await subscriber.run() }
                // The printer is switched on: the port that refused now listens.
                let printer = try KitchenTestPrinter(port: port)
                defer { printer.stop() }
                #expect(try await eventually(timeout: .seconds(30)) { try await kitchen.store.unacceptedKitchenOrders().isEmpty })
                #expect(await eventually { printer.jobs.count == 1 })
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    @Test("`kitchen bump ORDER --status ready` moves the order on and queues the status for the till")
    func bumpCommand() async throws {
        let till = try await KitchenTestTill()
        let kitchen = try await TestStore(terminalID: "kitchen-1")
        defer {
            till.till.remove()
            kitchen.remove()
        }
        let sent = try await till.sendOrder(to: "kitchen-1")
        let order = try #require(sent.orders.first)
        try await kitchen.store.receiveKitchenOrder(eventID: UUID().uuidString, order: order)
        try await kitchen.store.changeKitchenOrderStatus(orderID: order.orderID, to: .accepted)
        let path = kitchen.folder.appendingPathComponent("store.sqlite").path
        let common = ["--db", path, "--store", "s1", "--terminal", "kitchen-1"]
        #expect(try await ChildProcess.spawn(ChildProcess.b9terminal, ["kitchen", "bump"] + common + [order.orderID, "--status", "ready"]).wait() == 0)
        #expect(try await kitchen.store.kitchenOrders().first?.status == .ready)
        let statuses = try await kitchen.store.pendingEvents().filter { $0.type == EventType.kitchenOrderStatusChanged }
        #expect(statuses.last?.payload.contains(#""status":"ready""#) == true)
        #expect(try await ChildProcess.spawn(ChildProcess.b9terminal, ["kitchen", "bump"] + common + [order.orderID, "--status", "cooking"]).wait() != 0)
        #expect(try await ChildProcess.spawn(ChildProcess.b9terminal, ["kitchen", "bump"] + common + [order.orderID, "--status", "preparing"]).wait() != 0)
        #expect(try await ChildProcess.spawn(ChildProcess.b9terminal, ["kitchen", "bump"] + common + ["no-such-order", "--status", "ready"]).wait() != 0)
        #expect(try await kitchen.store.kitchenOrders().first?.status == .ready)
    }

    @Test("Bumping moves an order forward only, and the till keeps the latest status of its own orders")
    func bumpAndTillView() async throws {
        let till = try await KitchenTestTill()
        let kitchen = try await TestStore(terminalID: "kitchen-1")
        defer {
            till.till.remove()
            kitchen.remove()
        }
        let sent = try await till.sendOrder(to: "kitchen-1")
        let order = try #require(sent.orders.first)
        let eventID = try ReceivedEnvelope(try #require(sent.events.first).message).id
        #expect(try await kitchen.store.receiveKitchenOrder(eventID: eventID, order: order))
        try await kitchen.store.changeKitchenOrderStatus(orderID: order.orderID, to: .accepted, printedOn: "tcp://printer:9100")
        try await kitchen.store.changeKitchenOrderStatus(orderID: order.orderID, to: .preparing)
        #expect(try await kitchen.store.changeKitchenOrderStatus(orderID: order.orderID, to: .preparing) == nil)
        try await kitchen.store.changeKitchenOrderStatus(orderID: order.orderID, to: .ready)
        await #expect(throws: CoreError.self) { try await kitchen.store.changeKitchenOrderStatus(orderID: order.orderID, to: .preparing) }
        await #expect(throws: CoreError.self) { try await kitchen.store.changeKitchenOrderStatus(orderID: "no-such-order", to: .ready) }

        let statusEvents = try await kitchen.store.pendingEvents().filter { $0.type == EventType.kitchenOrderStatusChanged }
        #expect(statusEvents.count == 3)
        let tillPage = EventBroadcaster()
        let (_, pushed) = await tillPage.subscribe()
        let view = KitchenStatusSubscriber(store: till.till.store, logger: testLogger, events: tillPage)
        let otherTill = KitchenStatusSubscriber(store: kitchen.store, logger: testLogger)
        // Delivered out of order and twice: the till keeps the furthest status.
        #expect(await view.handle(statusEvents[2].message) == .kept(.ready))
        #expect(await view.handle(statusEvents[0].message) == .unchanged)
        #expect(await view.handle(statusEvents[2].message) == .unchanged)
        #expect(await otherTill.handle(statusEvents[0].message) == .otherTill)
        #expect(try await till.till.store.kitchenStatuses()[order.orderID]?.status == .ready)
        // The till page's WebSocket got the kept status once; the unchanged ones were not pushed.
        await tillPage.finish()
        var statuses: [LocalAPIEvent] = []
        for await event in pushed { statuses.append(event) }
        #expect(statuses == [.kitchenStatus(orderID: order.orderID, station: "kitchen-1", status: "ready")])
    }
}

