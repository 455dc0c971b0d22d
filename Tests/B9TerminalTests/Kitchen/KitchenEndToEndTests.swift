import B9Intake
@testable import B9Terminal
import B9Core
import Foundation
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

@Suite("Kitchen station end to end through mosquitto", .timeLimit(.minutes(5)))
struct KitchenEndToEndTests {
    /// A kitchen order for `station` as a till writes it, with its own order id.
    static func probeOrder(orderID: String, station: String) -> [UInt8] {
        let payload = """
            {"data":{"createdAt":"2026-11-25T10:00:00Z","items":[{"category":"probe","line":1,"modifiers":[],"name":"Probe","quantity":"1","sku":"PROBE"}],\
            "orderID":"\(orderID)","saleID":"\(orderID)","station":"\(station)","till":"probe-till"},\
            "datacontenttype":"application/json","id":"\(UUID().uuidString.lowercased())","sequence":"1","source":"b9pos/s1/probe-till",\
            "specversion":"1.0","time":"2026-11-25T10:00:00Z","type":"com.b9pos.kitchen.order.created"}
            """
        return Array(payload.utf8)
    }

    static func configuration(_ yaml: String) async throws -> TerminalConfiguration {
        try await TerminalConfigurationTests.load(yaml)
    }

    @Test("A tab sent to the kitchen prints once on the failover printer, and accepted then ready come back to the till")
    func tabToKitchenAndBack() async throws {
        let broker = try await MosquittoBroker()
        let till = try await KitchenTestTill(terminalID: "till-1")
        let kitchen = try await TestStore(terminalID: "kitchen-1")
        let printer = try KitchenTestPrinter()
        defer {
            till.till.remove()
            kitchen.remove()
            printer.stop()
        }
        let refused = try KitchenStationTests.refusingPrinter()
        let kitchenDaemon = try TerminalDaemon(
            configuration: try await Self.configuration("""
                role: kitchen
                store: { id: s1, terminal_id: kitchen-1 }
                mqtt: { host: 127.0.0.1, port: \(broker.port), keepalive_seconds: 5 }
                kitchen: { printers: [\(refused), \(printer.address)], printer_profile: epson-tm-t88 }
                """),
            store: kitchen.store, notifier: SystemdNotifier(environment: [:]), logger: testLogger,
            publisherConfiguration: .init(pollInterval: .milliseconds(20))
        )
        let tillDaemon = try TerminalDaemon(
            configuration: try await Self.configuration("""
                role: till
                store: { id: s1, terminal_id: till-1 }
                mqtt: { host: 127.0.0.1, port: \(broker.port), keepalive_seconds: 5 }
                """),
            store: till.till.store, notifier: SystemdNotifier(environment: [:]), logger: testLogger,
            publisherConfiguration: .init(pollInterval: .milliseconds(20))
        )
        let kitchenClient = try #require(kitchenDaemon.client)
        let tillClient = try #require(tillDaemon.client)
        let sent = try await till.sendOrder(to: "kitchen-1")
        let order = try #require(sent.orders.first)
        let orderEvent = try #require(sent.events.first)
        let probe = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "probe-\(UUID())"), logger: testLogger)

        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                // The kitchen station, as `b9terminal run` assembles it for role: kitchen.
                for service in kitchenDaemon.messagingServices() {
                    group.addTask { try await service.run() }
                }
                try await kitchenClient.waitUntilConnected()
                // Orders are not retained: make sure the kitchen's subscription is in before the till publishes.
                try probe.start()
                try await probe.waitUntilConnected()
                #expect(try await waitUntilKitchenSubscribed(kitchen.store, station: "kitchen-1", through: probe))

                // The till: its status subscription goes out before its outbox publishes the order.
                try tillClient.subscribe(KitchenStatusSubscriber.filter(storeID: "s1"))
                for service in tillDaemon.messagingServices() {
                    group.addTask { try await service.run() }
                }

                #expect(try await eventually(timeout: .seconds(30)) {
                    try await till.till.store.kitchenStatuses()[order.orderID]?.status == .accepted
                })
                let kept = try await kitchen.store.kitchenOrders().first { $0.order.orderID == order.orderID }
                #expect(kept?.printedOn == printer.address, "the first printer refused; the second printed")

                // The same order delivered again, then a marker on the same topic: once the marker is in,
                // the duplicate was handled before it.
                _ = await probe.publish(topic: orderEvent.topic, payload: Array(orderEvent.payload.utf8), timeout: .seconds(10))
                let marker = UUID().uuidString.lowercased()
                _ = await probe.publish(topic: orderEvent.topic, payload: Self.probeOrder(orderID: marker, station: "kitchen-1"), timeout: .seconds(10))
                #expect(try await eventually(timeout: .seconds(30)) {
                    try await kitchen.store.kitchenOrders().contains { $0.order.orderID == marker && $0.status == .accepted }
                })
                #expect(await eventually(timeout: .seconds(30)) { printer.jobs.count == 3 })
                // Long names wrap on the 42-column printer; the order number marks the ticket.
                let tickets = printer.jobs.filter { $0.containsBytes(Array("#\(order.orderID.prefix(8))".utf8)) }
                #expect(tickets.count == 1, "the order printed once although it was delivered twice")
                #expect(tickets.first.map { Array($0.prefix(2)) } == [0x1B, 0x40])
                for word in till.dishes.compactMap({ $0.name.split(separator: " ").first }) {
                    #expect(tickets.first?.containsBytes(Array(word.utf8)) == true, "the ticket names \(word)")
                }

                // The cook bumps it: ready reaches the till.
                try await kitchen.store.changeKitchenOrderStatus(orderID: order.orderID, to: .preparing)
                try await kitchen.store.changeKitchenOrderStatus(orderID: order.orderID, to: .ready)
                #expect(try await eventually(timeout: .seconds(30)) {
                    try await till.till.store.kitchenStatuses()[order.orderID]?.status == .ready
                })
                #expect(try await till.till.store.kitchenStatuses().count == 1, "probe orders of another till are not kept")

                await probe.stop()
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }
}
