@testable import B9Terminal
import B9Intake
import B9Core
import Foundation
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing

/// Kitchen orders end to end while the broker is killed: a till (as `b9terminal run` assembles it for a
/// restaurant) sends `B9_KITCHEN_ORDERS` orders from its tables (default 300; `make soak`: 10,000) to a
/// kitchen station (as assembled for `role: kitchen`, printing on a network printer), and a real
/// mosquitto with persistence is killed with SIGKILL `B9_KITCHEN_KILLS` times (default 3; `make soak`:
/// 20) at random points of the stream and restarted on the same port; one restart (the middle one)
/// starts without its persistence file. `B9_KITCHEN_SEED` repeats a run.
///
/// A SIGKILLed broker loses what it acknowledged since its last save, so the till sends again every
/// order no station status answered (``KitchenOrderResender``). At the end every order is kept and
/// printed exactly once by the station, every transport duplicate was dropped by event id, orders that
/// never needed sending again arrived in the till's order, and the `accepted` status of every order
/// reached the till.
@Suite("Kitchen orders through a broker killed with SIGKILL", .serialized)
struct KitchenBrokerKillSoakTests {
    struct Size {
        let orders: Int
        let kills: Int
        let seed: UInt64
        /// `restaurant.kitchen_resend_seconds` of the till (`B9_KITCHEN_RESEND_SECONDS`, default 5; 3600
        /// shows what the broker loses when nothing is sent again: the test then fails).
        let resendSeconds: Int

        static var fromEnvironment: Size {
            let environment = ProcessInfo.processInfo.environment
            return Size(
                orders: max(1, Int(environment["B9_KITCHEN_ORDERS"] ?? "") ?? 300),
                kills: max(0, Int(environment["B9_KITCHEN_KILLS"] ?? "") ?? 3),
                seed: UInt64(environment["B9_KITCHEN_SEED"] ?? "") ?? UInt64.random(in: 1...UInt64(UInt32.max)),
                resendSeconds: Int(environment["B9_KITCHEN_RESEND_SECONDS"] ?? "") ?? 5
            )
        }
    }

    /// The order ids the till sent, in sending order (which is its outbox order).
    final class Production: Sendable {
        private let sent = Mutex<[String]>([])
        var orderIDs: [String] { sent.withLock { $0 } }
        var count: Int { sent.withLock { $0.count } }
        func append(_ ids: [String]) { sent.withLock { $0 += ids } }
    }

    /// Rings the orders: a line on one of the tables' tabs, sent to the kitchen, one order each time;
    /// at most `perSecond` so the stream lasts through the kills.
    static func produce(
        _ count: Int, till: BillingStore, routing: KitchenRouting, perSecond: Int, into production: Production
    ) async throws {
        let shop = ShopRules(variant: .restaurant)
        let dishes = try await till.allProducts().filter { $0.name.allSatisfy(\.isASCII) && !$0.isService }
        try #require(!dishes.isEmpty)
        let tables = (1...max(1, min(100, count / 40))).map { "T\($0)" }
        for table in tables {
            try await till.addDiningTable(id: table, name: "Table \(table)", seats: 4, rules: shop)
            _ = try await till.openTab(tableID: table, covers: 2, waiter: "W1", rules: shop, policy: .standard)
        }
        let started = ContinuousClock.now
        for index in 0..<count {
            let table = tables[index % tables.count]
            _ = try await till.addToTab(tableID: table, product: dishes[index % dishes.count], policy: .standard)
            let orders = try await till.sendToKitchen(tableID: table, routing: routing)
            production.append(orders.map(\.orderID))
            let due = started + .seconds(Double(index + 1) / Double(perSecond))
            if ContinuousClock.now < due { try await Task.sleep(until: due) }
        }
    }

    /// The order id prefix printed on each ticket (`#1a2b3c4d`), one per print job.
    static func ticketPrefixes(_ jobs: [[UInt8]]) -> [String] {
        jobs.compactMap { job in
            guard let hash = job.firstIndex(of: UInt8(ascii: "#")), job.count >= hash + 9 else { return nil }
            return String(decoding: job[(hash + 1)...(hash + 8)], as: UTF8.self)
        }
    }

    @Test(.timeLimit(.minutes(60)))
    func noOrderLostWhileTheBrokerIsKilled() async throws {
        let size = Size.fromEnvironment
        var random = SplitMix64(seed: size.seed)
        let broker = try await MosquittoBroker(persistence: true)
        defer { broker.stop() }
        let till = try await TestStore(terminalID: "till-1")
        let kitchen = try await TestStore(terminalID: "kitchen-1")
        let printer = try KitchenTestPrinter()
        defer {
            till.remove()
            kitchen.remove()
            printer.stop()
        }
        let mqtt = "mqtt: { host: 127.0.0.1, port: \(broker.port), keepalive_seconds: 5 }"
        /// The stations' configuration with reconnects every second or two (the default backs off to 30 s).
        func configuration(_ yaml: String) async throws -> TerminalConfiguration {
            var configuration = try await KitchenEndToEndTests.configuration(yaml)
            configuration.mqtt?.reconnectDelayMaximumSeconds = 2
            return configuration
        }
        let publishing = OutboxPublisher.Configuration(
            pollInterval: .milliseconds(50), acknowledgementTimeout: .seconds(5), retryDelay: .milliseconds(100), retryDelayMaximum: .seconds(1))
        let kitchenDaemon = try TerminalDaemon(
            configuration: try await configuration("""
                role: kitchen
                store: { id: s1, terminal_id: kitchen-1 }
                \(mqtt)
                kitchen: { printers: [\(printer.address)] }
                """),
            store: kitchen.store, notifier: SystemdNotifier(environment: [:]), logger: testLogger, publisherConfiguration: publishing
        )
        let tillConfiguration = try await configuration("""
            role: till
            store: { id: s1, terminal_id: till-1 }
            shop: { variant: restaurant }
            restaurant: { kitchen_default_station: kitchen-1, kitchen_resend_seconds: \(size.resendSeconds) }
            \(mqtt)
            """)
        let routing = try #require(tillConfiguration.shop.kitchenRouting)
        let tillDaemon = try TerminalDaemon(
            configuration: tillConfiguration, store: till.store, notifier: SystemdNotifier(environment: [:]), logger: testLogger,
            publisherConfiguration: publishing
        )
        let kitchenServices = kitchenDaemon.messagingServices()
        let tillServices = tillDaemon.messagingServices()
        let inbox = try #require(kitchenServices.compactMap { $0 as? KitchenOrderSubscriber }.first)
        #expect(tillServices.contains { $0 is KitchenOrderResender }, "a restaurant till sends unanswered orders again")
        let kitchenClient = try #require(kitchenDaemon.client)
        let tillClient = try #require(tillDaemon.client)
        let tillPublisher = try #require(tillDaemon.publisher)
        let probe = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "probe-\(UUID())"), logger: testLogger)

        // Kills at random points of the stream, in order; the middle one loses the broker's persistence file.
        let killPoints = (0..<size.kills).map { _ in Int(random.next() % UInt64(size.orders)) }.sorted()
        let withoutPersistence = size.kills >= 2 ? size.kills / 2 : -1
        let production = Production()
        let started = ContinuousClock.now
        var settled = Duration.zero
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for service in kitchenServices {
                    group.addTask { try await service.run() }
                }
                try probe.start()
                try #require(await eventually(timeout: .seconds(60)) { kitchenClient.isConnected && probe.isConnected })
                try #require(try await waitUntilKitchenSubscribed(kitchen.store, station: "kitchen-1", through: probe))
                await probe.stop()
                try tillClient.subscribe(KitchenStatusSubscriber.filter(storeID: "s1"))
                for service in tillServices {
                    group.addTask { try await service.run() }
                }
                // About 1.5 s of orders per kill, at least 50 a second.
                let perSecond = max(50, size.orders * 2 / (3 * max(1, size.kills)))
                group.addTask { try await Self.produce(size.orders, till: till.store, routing: routing, perSecond: perSecond, into: production) }

                for (kill, point) in killPoints.enumerated() {
                    try #require(await eventually(timeout: .seconds(600)) { production.count > point }, "the till stopped producing at \(production.count)")
                    try await Task.sleep(for: .milliseconds(Int(random.next() % 300)))
                    broker.stop(hard: true)
                    if kill == withoutPersistence { broker.discardPersistence() }
                    try await Task.sleep(for: .milliseconds(Int(random.next() % 500)))
                    try await broker.start()
                    // Both stations back before the next kill, so each kill cuts live traffic.
                    try #require(await eventually(timeout: .seconds(60)) { kitchenClient.isConnected && tillClient.isConnected })
                    try await Task.sleep(for: .milliseconds(100 + Int(random.next() % 700)))
                }
                try #require(await eventually(timeout: .seconds(600)) { production.count >= size.orders })
                let producedAt = ContinuousClock.now
                // Bounded: only a lost order (never answered) keeps this waiting to the end.
                let answered = await eventually(timeout: .seconds(120) + .milliseconds(30 * size.orders)) {
                    let counts = try? await till.store.kitchenDeliveryCounts()
                    return counts?.sent == size.orders && counts?.unacknowledged == 0
                }
                settled = ContinuousClock.now - producedAt
                let left = try await till.store.kitchenDeliveryCounts()
                #expect(answered, "every order answered by the kitchen: \(left)")
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        let wall = ContinuousClock.now - started

        let produced = production.orderIDs
        #expect(produced.count == size.orders && Set(produced).count == size.orders)
        // The station keeps each order once, accepted (printed).
        let kept = try await kitchen.store.kitchenOrders().filter { $0.order.till == "till-1" }
        #expect(kept.count == size.orders)
        #expect(Set(kept.map(\.order.orderID)) == Set(produced), "every order the till sent is on the station")
        #expect(kept.allSatisfy { $0.status == .accepted && $0.printedOn == printer.address })
        // Each ticket on paper once (the probe's too); two orders may share the 8-character prefix.
        let printed = Dictionary(grouping: Self.ticketPrefixes(printer.jobs), by: { $0 }).mapValues(\.count)
        let expected = Dictionary(grouping: produced.map { String($0.prefix(8)) }, by: { $0 }).mapValues(\.count)
        #expect(expected.allSatisfy { printed[$0.key] == $0.value }, "every order printed exactly once")
        // A connection that carried no byte prints nothing (one whose connect timed out on the station's
        // side while the printer's kernel had already accepted it, on a loaded machine).
        let jobs = printer.jobs.filter { !$0.isEmpty }
        let others = jobs.filter { job in Self.ticketPrefixes([job]).first.map { expected[$0] == nil } ?? true }
        #expect(jobs.count == size.orders + 1, """
            nothing printed twice: \(jobs.count) tickets for \(size.orders) orders and 1 probe; jobs that are no \
            order's ticket: \(others.map { "\($0.count) bytes \(String(decoding: $0.prefix(120).map { $0 < 0x20 ? 0x2E : $0 }, as: UTF8.self))" })
            """)
        // The till has the station's answer for every order.
        let statuses = try await till.store.kitchenStatuses()
        #expect(produced.allSatisfy { statuses[$0]?.status == .accepted && statuses[$0]?.station == "kitchen-1" })

        // Order: what never had to be sent again arrived in the till's order (ties within a millisecond
        // of arrival go by the till's order).
        let resends = try await till.store.kitchenOrderResends()
        let position = Dictionary(uniqueKeysWithValues: produced.enumerated().map { ($1, $0) })
        let arrivals = kept.filter { (resends[$0.order.orderID] ?? 0) == 0 }
            .sorted { ($0.receivedAt, position[$0.order.orderID] ?? 0) < ($1.receivedAt, position[$1.order.orderID] ?? 0) }
            .compactMap { position[$0.order.orderID] }
        #expect(arrivals == arrivals.sorted(), "orders not sent again arrived in the till's order")

        let counts = try await till.store.kitchenDeliveryCounts()
        let inboxCounts = inbox.counters.statistics
        #expect(inboxCounts.received == size.orders + 1, "each order recorded once (and the probe)")
        print("""
            kitchen broker kills: \(size.orders) orders, \(size.kills) SIGKILLs (\(withoutPersistence >= 0 ? "1" : "0") restarted without persistence), \
            seed \(size.seed); \(counts.resentOrders) orders sent again by the till (\(counts.resends) resends), \
            \(tillPublisher.statistics.redelivered) MQTT republishes by the till, \(inboxCounts.duplicates) duplicates dropped by the kitchen; \
            all answered \(settled) after the last order, wall time \(wall)
            """)
    }
}
