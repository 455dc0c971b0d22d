import B9Intake
@testable import B9Terminal
import B9Core
import Foundation
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

@Suite("Stock movements from other tills", .timeLimit(.minutes(5)))
struct StockMovementSubscriberTests {
    static func stockMessage(id: String, sku: String, quantity: String, terminal: String, store: String = "s1") throws -> MQTTMessage {
        // As another till writes it (keys sorted, as CanonicalJSON does).
        let payload = """
            {"data":{"quantity":"\(quantity)","reason":"sale","reference":"sale-1","sku":"\(sku)","terminal":"\(terminal)","unit":"pcs"},\
            "datacontenttype":"application/json","id":"\(id)","sequence":"1","source":"b9pos/\(store)/\(terminal)",\
            "specversion":"1.0","time":"2026-11-25T10:00:00Z","type":"com.b9pos.stock.moved"}
            """
        return MQTTMessage(topic: "b9pos/\(store)/\(terminal)/stock/moved", payload: Array(payload.utf8), qos: 1, retained: false)
    }

    @Test("A movement is applied once: a redelivery with the same event id changes nothing")
    func idempotentByEventID() async throws {
        let till = try await TestStore(terminalID: "till-2")
        defer { till.remove() }
        let client = try MQTTClient(configuration: testClientConfiguration(port: 1, clientID: "unused"), logger: testLogger)
        let subscriber = StockMovementSubscriber(store: till.store, client: client, logger: testLogger)
        let sku = try #require(try await till.store.allProducts().first?.sku)
        let before = try await till.store.stockLevel(sku: sku)
        let message = try Self.stockMessage(id: UUID().uuidString, sku: sku, quantity: "-2.500", terminal: "till-1")

        #expect(await subscriber.handle(message) == .applied)
        #expect(await subscriber.handle(message) == .duplicate)
        #expect(try await till.store.stockLevel(sku: sku).thousandths == before.thousandths - 2_500)
    }

    @Test("Own events, other event types and malformed payloads are not applied")
    func skipsWhatIsNotForeignStock() async throws {
        let till = try await TestStore(terminalID: "till-2")
        defer { till.remove() }
        let client = try MQTTClient(configuration: testClientConfiguration(port: 1, clientID: "unused"), logger: testLogger)
        let subscriber = StockMovementSubscriber(store: till.store, client: client, logger: testLogger)
        let sku = try #require(try await till.store.allProducts().first?.sku)
        let before = try await till.store.stockLevel(sku: sku)

        #expect(await subscriber.handle(try Self.stockMessage(id: UUID().uuidString, sku: sku, quantity: "-1", terminal: "till-2")) == .ownEvent)
        let garbage = MQTTMessage(topic: "b9pos/s1/till-1/stock/moved", payload: Array("{not json".utf8), qos: 1, retained: false)
        guard case .ignored = await subscriber.handle(garbage) else {
            Issue.record("a malformed payload was not ignored")
            return
        }
        let badQuantity = try Self.stockMessage(id: UUID().uuidString, sku: sku, quantity: "1.2345", terminal: "till-1")
        guard case .ignored = await subscriber.handle(badQuantity) else {
            Issue.record("a quantity with four decimals was applied")
            return
        }
        #expect(try await till.store.stockLevel(sku: sku) == before)
    }

    @Test("Sales on one till move stock on another through the broker")
    func tillToTill() async throws {
        let broker = try await MosquittoBroker()
        let tillOne = try await TestStore(terminalID: "till-1")
        let tillTwo = try await TestStore(terminalID: "till-2")
        defer {
            tillOne.remove()
            tillTwo.remove()
        }
        let clientOne = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "b9pos-s1-till-1"), logger: testLogger)
        let clientTwo = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "b9pos-s1-till-2"), logger: testLogger)
        let publisher = OutboxPublisher(store: tillOne.store, client: clientOne, configuration: .init(pollInterval: .milliseconds(20)), logger: testLogger)
        let subscriber = StockMovementSubscriber(store: tillTwo.store, client: clientTwo, logger: testLogger)

        let sales = try await tillOne.ringSales(15, seed: 3)
        let skus = Set(sales.flatMap { $0.lines.filter(\.stockTracked).map(\.sku) })
        #expect(!skus.isEmpty)
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await MQTTService(client: clientTwo, logger: testLogger).run() }
                group.addTask { try await subscriber.run() }
                try await clientTwo.waitUntilConnected()
                // The subscription goes out right after CONNACK; give its SUBACK time before till-1 publishes.
                try await Task.sleep(for: .seconds(1))
                group.addTask { try await MQTTService(client: clientOne, logger: testLogger).run() }
                group.addTask { try await publisher.run() }
                #expect(await eventually {
                    for sku in skus {
                        guard let one = try? await tillOne.store.stockLevel(sku: sku), let two = try? await tillTwo.store.stockLevel(sku: sku), one == two else { return false }
                    }
                    return true
                })
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }
}
