import B9Intake
@testable import B9Terminal
import B9Core
import Foundation
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

@Suite("Outbox publisher end to end: real store, real mosquitto", .timeLimit(.minutes(5)))
struct OutboxPublisherTests {
    /// Checks what a subscriber saw against the outbox: every sequence number 1...N exactly once
    /// among the distinct ids, first arrivals in sequence order, and duplicates no more than the
    /// redeliveries the publisher counted.
    /// `outageAt`: how many messages the subscriber had when the broker was stopped. A broker that
    /// stops with messages in flight to the subscriber sends them again after its restart (that hop's
    /// QoS 1 redelivery, at most `max_inflight_messages` = 20), on top of what the publisher resent.
    static func verify(_ received: [MQTTMessage], sales: Int, redeliveries: Int, outageAt: Int? = nil) throws {
        let envelopes = try received.map(ReceivedEnvelope.init)
        var seen = Set<String>()
        var firstArrivals: [ReceivedEnvelope] = []
        for envelope in envelopes where seen.insert(envelope.id).inserted {
            firstArrivals.append(envelope)
        }
        let sequences = firstArrivals.map(\.sequenceNumber)
        #expect(sequences == Array(1...max(1, sequences.count)), "first arrivals must be the gap-free sequence in order")
        #expect(Set(firstArrivals.map(\.sequence)).count == firstArrivals.count, "one id per sequence number")
        #expect(firstArrivals.filter { $0.type == EventType.saleCompleted }.count == sales)
        let duplicates = envelopes.count - firstArrivals.count
        if let outageAt {
            #expect(duplicates <= redeliveries + 20, "duplicates only as redeliveries around the outage")
            var firstIndex: [String: Int] = [:]
            for (index, envelope) in envelopes.enumerated() {
                if let first = firstIndex[envelope.id] {
                    #expect(first < outageAt + redeliveries + 20 && index >= outageAt, "a duplicate belongs to the outage")
                } else {
                    firstIndex[envelope.id] = index
                }
            }
        } else {
            #expect(duplicates <= redeliveries, "duplicates only as counted redeliveries")
        }
    }

    @Test("Every event of every sale arrives with its id, in sequence order, and the outbox empties")
    func drainsInOrder() async throws {
        let broker = try await MosquittoBroker()
        let till = try await TestStore()
        defer { till.remove() }
        let sales = try await till.ringSales(40, seed: 7)
        let expected = try await till.store.pendingEvents(limit: 10_000)
        #expect(expected.count > sales.count)

        let (subscriber, collector) = try await connectedBackOfficeSubscriber(port: broker.port, clientID: "backoffice")

        let client = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "b9pos-s1-till-1", availability: "b9pos/s1/till-1/status"), logger: testLogger)
        let publisher = OutboxPublisher(store: till.store, client: client, configuration: .init(window: 16, pollInterval: .milliseconds(20)), logger: testLogger)
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await MQTTService(client: client, logger: testLogger).run() }
                group.addTask { try await publisher.run() }
                #expect(await eventually { (try? await till.store.pendingEventCount()) == 0 })
                #expect(await eventually { await collector.events.count >= expected.count })
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        let received = await collector.events
        #expect(received.compactMap { try? ReceivedEnvelope($0).id } == expected.map(\.eventID))
        #expect(received.map(\.topic) == expected.map(\.topic))
        #expect(received.map(\.text) == expected.map(\.payload), "payloads are the outbox bytes as written")
        try Self.verify(received, sales: sales.count, redeliveries: publisher.statistics.redelivered)
        #expect(publisher.statistics.delivered == expected.count)
        await subscriber.stop()
    }

    @Test("Broker stopped while sales go on, then restarted: every event arrives, in order, duplicates only as counted redeliveries")
    func survivesBrokerOutage() async throws {
        let broker = try await MosquittoBroker(persistence: true)
        let till = try await TestStore()
        defer { till.remove() }

        let (subscriber, collector) = try await connectedBackOfficeSubscriber(port: broker.port, clientID: "backoffice")

        let client = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "b9pos-s1-till-1", availability: "b9pos/s1/till-1/status"), logger: testLogger)
        let publisher = OutboxPublisher(
            store: till.store, client: client,
            configuration: .init(window: 8, pollInterval: .milliseconds(20), acknowledgementTimeout: .seconds(5), retryDelay: .milliseconds(100), retryDelayMaximum: .seconds(1)),
            logger: testLogger
        )
        var rung = 0
        var outageAt = 0
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await MQTTService(client: client, logger: testLogger).run() }
                group.addTask { try await publisher.run() }
                rung += try await till.ringSales(20, seed: 11).count
                #expect(await eventually { publisher.statistics.delivered > 0 })

                broker.stop()
                outageAt = await collector.events.count
                #expect(await eventually { !client.isConnected })
                rung += try await till.ringSales(30, seed: 12).count
                let waiting = try await till.store.pendingEventCount()
                #expect(waiting > 0, "with the broker gone, events wait in the outbox")

                try await broker.start()
                rung += try await till.ringSales(10, seed: 13).count
                #expect(await eventually(timeout: .seconds(40)) { (try? await till.store.pendingEventCount()) == 0 })
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        let total = publisher.statistics.delivered
        #expect(await eventually { Set(await collector.events.compactMap { try? ReceivedEnvelope($0).id }).count >= total })
        try Self.verify(await collector.events, sales: rung, redeliveries: publisher.statistics.redelivered, outageAt: outageAt)
        await subscriber.stop()
    }
}
