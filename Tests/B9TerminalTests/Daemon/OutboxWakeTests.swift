import B9Intake
@testable import B9Terminal
import B9Core
import Foundation
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

/// The publisher does not poll to find this process's sales: a commit wakes it.
@Suite("Outbox publisher woken by commits", .timeLimit(.minutes(5)))
struct OutboxWakeTests {
    @Test("A sale committed while the publisher idles is delivered without waiting for the (hour-long) poll")
    func commitWakesThePublisher() async throws {
        let broker = try await MosquittoBroker()
        let till = try await TestStore()
        defer { till.remove() }
        let client = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "b9pos-s1-till-1", availability: "b9pos/s1/till-1/status"), logger: testLogger)
        let publisher = OutboxPublisher(store: till.store, client: client, configuration: .init(pollInterval: .seconds(3_600)), logger: testLogger)
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await MQTTService(client: client, logger: testLogger).run() }
                group.addTask { try await publisher.run() }
                #expect(await eventually { client.isConnected })
                // The publisher has looked once (empty outbox) and now sleeps for an hour unless woken.
                let sales = try await till.ringSales(3, seed: 11)
                #expect(await eventually(timeout: .seconds(60)) { (try? await till.store.pendingEventCount()) == 0 })
                // A sale completed plus at least one stock movement each.
                // (The statistics count after the delivered marks commit, so wait for them too.)
                #expect(await eventually { publisher.statistics.delivered >= 2 * sales.count })
                // Idle again, it stays idle: a few reads at most over two seconds (a wake left
                // pending by the cancelled poll once made it read the outbox in a tight loop).
                let before = publisher.statistics.reads
                try await Task.sleep(for: .seconds(2))
                let idleReads = publisher.statistics.reads - before
                #expect(idleReads <= 4, "the idle publisher read the outbox \(idleReads) times in 2 s")
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }
}
