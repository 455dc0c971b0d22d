import B9Intake
@testable import B9Terminal
import B9Core
import Foundation
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

@Suite("Local API: a tab sent through the till's API reaches a kitchen station over mosquitto", .timeLimit(.minutes(5)))
struct LocalAPIRestaurantEndToEndTests {
    @Test("The kitchen-category line prints on kitchen-1, the drinks line is left to the bar, and accepted comes back to the till")
    func tabThroughAPIToKitchenDaemon() async throws {
        let broker = try await MosquittoBroker()
        let settings = try LocalAPIRestaurantRoutesTests.restaurant()
        let server = try await LocalAPITestServer.start(settings: settings)
        let kitchen = try await TestStore(terminalID: "kitchen-1")
        let printer = try KitchenTestPrinter()
        defer {
            kitchen.remove()
            printer.stop()
        }
        do {
            try await run(broker: broker, server: server, settings: settings, kitchen: kitchen, printer: printer)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    private func run(
        broker: MosquittoBroker, server: LocalAPITestServer, settings: ShopSettings, kitchen: TestStore, printer: KitchenTestPrinter
    ) async throws {
        try await LocalAPIRestaurantRoutesTests.addTables(server, settings: settings)
        let kitchenDaemon = try TerminalDaemon(
            configuration: try await KitchenEndToEndTests.configuration("""
                role: kitchen
                store: { id: s1, terminal_id: kitchen-1 }
                mqtt: { host: 127.0.0.1, port: \(broker.port), keepalive_seconds: 5 }
                kitchen: { printers: [\(printer.address)], printer_profile: epson-tm-t88 }
                """),
            store: kitchen.store, notifier: SystemdNotifier(environment: [:]), logger: testLogger,
            publisherConfiguration: .init(pollInterval: .milliseconds(20))
        )
        let tillDaemon = try TerminalDaemon(
            configuration: try await KitchenEndToEndTests.configuration("""
                role: till
                store: { id: s1, terminal_id: till-1 }
                mqtt: { host: 127.0.0.1, port: \(broker.port), keepalive_seconds: 5 }
                """),
            store: server.store, notifier: SystemdNotifier(environment: [:]), logger: testLogger,
            publisherConfiguration: .init(pollInterval: .milliseconds(20))
        )
        let kitchenClient = try #require(kitchenDaemon.client)
        let tillClient = try #require(tillDaemon.client)
        let probe = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "probe-\(UUID())"), logger: testLogger)

        // The waiter's order, through the till's API.
        let tab = try await server.json(TabView.self, "POST", "/tables/T2/tab", json: #"{"waiter": "Rahim", "covers": 2}"#)
        _ = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines", json: #"{"code": "BIRYANI", "modifiers": ["no onion"]}"#)
        _ = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines", json: #"{"code": "BORHANI"}"#)
        let sent = try await server.json(KitchenSendView.self, "POST", "/tabs/\(tab.id)/kitchen")
        let kitchenOrder = try #require(sent.orders.first { $0.station == "kitchen-1" })
        let barOrder = try #require(sent.orders.first { $0.station == "bar-1" })

        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for service in kitchenDaemon.messagingServices() {
                    group.addTask { try await service.run() }
                }
                try await kitchenClient.waitUntilConnected()
                // Orders are not retained: make sure the kitchen's subscription is in before the till publishes.
                try await probe.start()
                try await probe.waitUntilConnected()
                #expect(try await waitUntilKitchenSubscribed(kitchen.store, station: "kitchen-1", through: probe))

                try tillClient.subscribe(KitchenStatusSubscriber.filter(storeID: "s1"))
                for service in tillDaemon.messagingServices() {
                    group.addTask { try await service.run() }
                }

                #expect(try await eventually(timeout: .seconds(30)) {
                    try await server.store.kitchenStatuses()[kitchenOrder.orderID]?.status == .accepted
                })
                // Every event of the till delivered, the bar's order included: kitchen-1 kept only its own.
                #expect(try await eventually(timeout: .seconds(30)) { try await server.store.pendingEventCount() == 0 })
                let kept = try await kitchen.store.kitchenOrders()
                #expect(kept.contains { $0.order.orderID == kitchenOrder.orderID && $0.order.table == "T2" && $0.order.waiter == "Rahim" })
                #expect(!kept.contains { $0.order.orderID == barOrder.orderID })
                #expect(await eventually(timeout: .seconds(30)) { printer.jobs.count == 2 })
                let tickets = printer.jobs.filter { $0.containsBytes(Array("#\(kitchenOrder.orderID.prefix(8))".utf8)) }
                #expect(tickets.count == 1)
                #expect(tickets.first?.containsBytes(Array("no onion".utf8)) == true)

                // The table pays through the API; the tab's sale is stored and the table is freed.
                let paid = try await server.json(CheckoutView.self, "POST", "/tabs/\(tab.id)/checkout", json: #"{"tenders": [{"tender": "card", "amount": "451.00"}]}"#)
                #expect(paid.sale.id == tab.id)
                #expect(try await server.store.tab(tableID: "T2") == nil)

                await probe.stop()
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }
}
