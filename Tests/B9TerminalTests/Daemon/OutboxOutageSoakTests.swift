import B9Intake
@testable import B9Terminal
import B9Core
import Foundation
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

/// A long outage, then a flapping broker: the till rings sales with the broker gone until
/// `B9_OUTAGE_EVENTS` events wait in its outbox (default 2,000; `make soak`: 50,000), the broker comes
/// back, and while the outbox drains the broker is stopped and restarted `B9_OUTAGE_RESTARTS` times
/// (default 3; `make soak`: 20). Every event id arrives, first arrivals are the gap-free sequence in
/// order, and duplicates stay within the redeliveries the publisher counted plus the broker's own
/// in-flight window per restart.
@Suite("Outbox through a long outage and a flapping broker", .serialized)
struct OutboxOutageSoakTests {
    @Test(.timeLimit(.minutes(30)))
    func longOutageThenRestarts() async throws {
        let environment = ProcessInfo.processInfo.environment
        let wanted = Int(environment["B9_OUTAGE_EVENTS"] ?? "") ?? 2_000
        let restarts = Int(environment["B9_OUTAGE_RESTARTS"] ?? "") ?? 3
        let broker = try await MosquittoBroker(persistence: true)
        defer { broker.stop() }
        let till = try await TestStore()
        defer { till.remove() }

        let (subscriber, collector) = try await connectedBackOfficeSubscriber(port: broker.port, clientID: "backoffice-soak")

        let client = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "b9pos-s1-till-1", availability: "b9pos/s1/till-1/status"), logger: testLogger)
        let publisher = OutboxPublisher(
            store: till.store, client: client,
            configuration: .init(window: 16, pollInterval: .milliseconds(20), acknowledgementTimeout: .seconds(5), retryDelay: .milliseconds(100), retryDelayMaximum: .seconds(1)),
            logger: testLogger
        )
        broker.stop()
        var sales = 0
        var seed: UInt64 = 100
        while try await till.store.pendingEventCount() < wanted {
            sales += try await till.ringSales(200, seed: seed).count
            seed += 1
        }
        let produced = try await till.store.pendingEventCount()

        let started = ContinuousClock.now
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await MQTTService(client: client, logger: testLogger).run() }
                group.addTask { try await publisher.run() }
                try await broker.start()
                for restart in 0..<restarts {
                    // Let some of the backlog through, then take the broker away again.
                    let target = produced * (restart + 1) / (restarts + 1)
                    _ = await eventually(timeout: .seconds(600)) { publisher.statistics.delivered >= target }
                    broker.stop()
                    _ = await eventually { !client.isConnected }
                    try await broker.start()
                }
                #expect(await eventually(timeout: .seconds(1_200)) { (try? await till.store.pendingEventCount()) == 0 })
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        let drained = ContinuousClock.now - started
        let delivered = publisher.statistics.delivered
        #expect(delivered == produced)
        #expect(await eventually(timeout: .seconds(120)) {
            Set(await collector.events.compactMap { try? ReceivedEnvelope($0).id }).count >= produced
        })

        let envelopes = try await collector.events.map(ReceivedEnvelope.init)
        var seen = Set<String>()
        var firstArrivals: [Int] = []
        for envelope in envelopes where seen.insert(envelope.id).inserted { firstArrivals.append(envelope.sequenceNumber) }
        #expect(firstArrivals == Array(1...produced), "every event once, in outbox order")
        let duplicates = envelopes.count - firstArrivals.count
        // Each broker restart may resend what it had in flight to the subscriber (max_inflight_messages 20).
        #expect(duplicates <= publisher.statistics.redelivered + 20 * restarts)
        print("outbox outage: \(sales) sales, \(produced) events, \(restarts) broker restarts, drained in \(drained), \(duplicates) duplicates (\(publisher.statistics.redelivered) counted redeliveries)")
        await subscriber.stop()
    }
}
