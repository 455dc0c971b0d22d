@testable import B9Terminal
import B9Intake
import B9Core
import Foundation
import ServiceLifecycleTestKit
import Testing

@Suite("Kitchen station: items voided at the till after they were sent", .timeLimit(.minutes(5)))
struct KitchenItemVoidTests {
    /// A display-only kitchen station (no printer: an order is accepted when shown).
    private static func station(_ store: BillingStore) throws -> (KitchenOrderSubscriber, KitchenBoard) {
        let board = KitchenBoard(store: store, events: EventBroadcaster(), settings: KitchenDisplaySettings())
        let subscriber = KitchenOrderSubscriber(
            store: store, client: try KitchenStationTests.unusedClient(), printer: try KitchenPrinter(addresses: [], logger: testLogger),
            logger: testLogger, board: board
        )
        return (subscriber, board)
    }

    /// Voids `line` of the test till's tab as a supervisor; the till's `item_voided` outbox events.
    private static func void(_ till: KitchenTestTill, line: Int) async throws -> [OutboxEvent] {
        let store = till.till.store
        try await store.addOperator(id: "super-1", name: "Karim", role: .supervisor, pin: "2222")
        let session = try await store.signIn(operatorID: "super-1", pin: "2222")
        _ = try await store.voidTabLine(tableID: "T4", line: line, reason: "dropped on the floor", policy: .standard, session: session)
        return try await store.pendingEvents().filter { $0.type == EventType.kitchenItemVoided }
    }

    @Test("The void goes out on the till's item_voided topic; the station strikes that item through on its ticket, once")
    func voidStrikesTheItemThrough() async throws {
        let till = try await KitchenTestTill()
        let kitchen = try await TestStore(terminalID: "kitchen-1")
        defer {
            till.till.remove()
            kitchen.remove()
        }
        let (subscriber, board) = try Self.station(kitchen.store)
        let sent = try await till.sendOrder(to: "kitchen-1")
        let order = try #require(sent.orders.first)
        #expect(await subscriber.handle(try #require(sent.events.first).message) == .accepted(printer: "display"))
        let line = try #require(order.items.first?.line)

        let voids = try await Self.void(till, line: line)
        let event = try #require(voids.first)
        #expect(voids.count == 1)
        #expect(event.topic == "b9pos/\(till.till.store.storeID)/till-1/kitchen/order/item_voided")
        // The data has exactly the fields of the schema in docs/mqtt.md (no approver: a supervisor's own void).
        let envelope = try #require(try JSONSerialization.jsonObject(with: Data(event.payload.utf8)) as? [String: Any])
        let data = try #require(envelope["data"] as? [String: Any])
        #expect(Set(data.keys) == ["orderID", "saleID", "till", "station", "table", "line", "sku", "name", "quantity", "reason", "voidedBy", "voidedAt"])
        #expect(await subscriber.handle(event.message) == .voided)
        #expect(await subscriber.handle(event.message) == .duplicate)
        #expect(try await kitchen.store.kitchenOrder(orderID: order.orderID)?.voidedLines == [line])
        let ticket = try #require(try await board.board().tickets.first)
        #expect(ticket.items.map(\.voided) == [true, false])
        #expect(ticket.items.first?.name == order.items.first?.name)
        #expect(ticket.status == "accepted", "the rest of the order is still made")
    }

    @Test("A void for another station is left alone; one that arrives before its order applies when the order comes")
    func otherStationAndEarlyVoid() async throws {
        let till = try await KitchenTestTill()
        let grill = try await TestStore(terminalID: "kitchen-1")
        let bar = try await TestStore(terminalID: "bar-1")
        defer {
            till.till.remove()
            grill.remove()
            bar.remove()
        }
        let (atGrill, board) = try Self.station(grill.store)
        let (atBar, _) = try Self.station(bar.store)
        let sent = try await till.sendOrder(to: "kitchen-1")
        let line = try #require(sent.orders.first?.items.last?.line)
        let event = try #require(try await Self.void(till, line: line).first)

        #expect(await atBar.handle(event.message) == .otherStation)
        #expect(await atGrill.handle(event.message) == .voided)
        #expect(await atGrill.handle(try #require(sent.events.first).message) == .accepted(printer: "display"))
        #expect(try await board.board().tickets.first?.items.map(\.voided) == [false, true])
        let garbage = MQTTMessage(topic: event.topic, payload: Array("{}".utf8), qos: 1, retained: false)
        if case .ignored = await atGrill.handle(garbage) {} else { Issue.record("a malformed void is ignored") }
    }

    @Test("A printing station prints a VOID slip for an item of a ticket already printed, and marks an item voided before printing VOID on the ticket")
    func printingStationPrintsTheVoid() async throws {
        let till = try await KitchenTestTill()
        let kitchen = try await TestStore(terminalID: "kitchen-1")
        let printer = try KitchenTestPrinter()
        defer {
            till.till.remove()
            kitchen.remove()
            printer.stop()
        }
        let subscriber = try KitchenStationTests.printingStation(kitchen.store, printingTo: printer.address)
        let sent = try await till.sendOrder(to: "kitchen-1")
        #expect(await subscriber.handle(try #require(sent.events.first).message) == .accepted(printer: printer.address))
        let dish = try #require(till.dishes.first)
        let line = try #require(sent.orders.first?.items.first?.line)
        let event = try #require(try await Self.void(till, line: line).first)
        #expect(await subscriber.handle(event.message) == .voided)
        #expect(await eventually { printer.jobs.count == 2 })
        let slip = try #require(printer.jobs.last)
        // Double-size lines wrap at half the width: the item's name may start a line of its own.
        for text in ["*** VOID ***", "TABLE T4", "DO NOT MAKE: 1 x", dish.name, "dropped on the floor", "By super-1"] {
            #expect(slip.containsBytes(Array(text.utf8)), "the slip shows \(text)")
        }
        #expect(await subscriber.handle(event.message) == .duplicate)
        #expect(printer.jobs.count == 2, "a redelivered void prints nothing")

        // At another station the void arrives first: its ticket prints with the item marked VOID.
        let late = try await TestStore(terminalID: "kitchen-1")
        defer { late.remove() }
        let lateSubscriber = try KitchenStationTests.printingStation(late.store, printingTo: printer.address)
        #expect(await lateSubscriber.handle(event.message) == .voided)
        #expect(printer.jobs.count == 2, "no slip for a ticket not printed")
        #expect(await lateSubscriber.handle(try #require(sent.events.first).message) == .accepted(printer: printer.address))
        #expect(await eventually { printer.jobs.count == 3 })
        let ticket = try #require(printer.jobs.last)
        #expect(ticket.containsBytes(Array("VOID 1 x \(dish.name)".utf8)))
        let kept = try #require(till.dishes.last)
        #expect(ticket.containsBytes(Array(kept.name.utf8)))
    }

    /// A till's order printed at a kitchen station (on `printer`); its first item voided at the till.
    private struct PrintedThenVoided {
        let kitchen: TestStore
        let printer: KitchenTestPrinter
        let line: Int
        let void: OutboxEvent

        /// Runs `body` with the order printed and voided, then removes the stores and stops the printer.
        static func with(_ body: (PrintedThenVoided) async throws -> Void) async throws {
            let till = try await KitchenTestTill()
            let kitchen = try await TestStore(terminalID: "kitchen-1")
            let printer = try KitchenTestPrinter()
            defer {
                till.till.remove()
                kitchen.remove()
                printer.stop()
            }
            let sent = try await till.sendOrder(to: "kitchen-1")
            let up = try KitchenStationTests.printingStation(kitchen.store, printingTo: printer.address)
            #expect(await up.handle(try #require(sent.events.first).message) == .accepted(printer: printer.address))
            #expect(await eventually { printer.jobs.count == 1 })
            let line = try #require(sent.orders.first?.items.first?.line)
            let void = try #require(try await KitchenItemVoidTests.void(till, line: line).first)
            try await body(PrintedThenVoided(kitchen: kitchen, printer: printer, line: line, void: void))
        }
    }

    @Test("A VOID slip that no printer took is kept and printed by the retry once the printer is back, once")
    func voidSlipWaitsForThePrinter() async throws {
        try await PrintedThenVoided.with { order in
            let store = order.kitchen.store
            // The printer goes away; the void arrives: shown, the slip kept as owed.
            let down = try KitchenStationTests.printingStation(store, printingTo: try KitchenStationTests.refusingPrinter())
            #expect(await down.handle(order.void.message) == .voided)
            #expect(try await store.pendingKitchenVoidSlips().map(\.line) == [order.line])
            await down.printPending()
            #expect(try await store.pendingKitchenVoidSlips().count == 1, "still owed while no printer takes it")
            #expect(order.printer.jobs.count == 1)

            // The printer is back: the retry prints the slip, once.
            let up = try KitchenStationTests.printingStation(store, printingTo: order.printer.address)
            await up.printPending()
            #expect(await eventually { order.printer.jobs.count == 2 })
            let slip = try #require(order.printer.jobs.last)
            #expect(slip.containsBytes(Array("*** VOID ***".utf8)) && slip.containsBytes(Array("dropped on the floor".utf8)))
            #expect(try await store.pendingKitchenVoidSlips().isEmpty)
            await up.printPending()
            #expect(await up.handle(order.void.message) == .duplicate)
            #expect(try await store.pendingKitchenVoidSlips().isEmpty)
            #expect(order.printer.jobs.count == 2, "printed once: neither the next retry nor a redelivered void prints it again")
        }
    }

    @Test("A running station prints an owed VOID slip by itself when its printer comes back")
    func runningStationRetriesTheSlip() async throws {
        try await PrintedThenVoided.with { order in
            let store = order.kitchen.store
            // The station's printer is off when the void comes.
            let port = try MosquittoBroker.freeLoopbackPort()
            let station = KitchenOrderSubscriber(
                store: store, client: try KitchenStationTests.unusedClient(),
                printer: try KitchenPrinter(addresses: ["tcp://127.0.0.1:\(port)"], logger: testLogger), logger: testLogger,
                retryInterval: .milliseconds(50)
            )
            #expect(await station.handle(order.void.message) == .voided)
            #expect(try await store.pendingKitchenVoidSlips().count == 1)
            try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await station.run() }
                    // The printer is switched on: the port that refused now listens.
                    let printer = try KitchenTestPrinter(port: port)
                    defer { printer.stop() }
                    #expect(try await eventually(timeout: .seconds(30)) { try await store.pendingKitchenVoidSlips().isEmpty })
                    #expect(await eventually { printer.jobs.count == 1 })
                    #expect(printer.jobs.first?.containsBytes(Array("*** VOID ***".utf8)) == true)
                    trigger.triggerGracefulShutdown()
                    try await group.waitForAll()
                }
            }
        }
    }
}
