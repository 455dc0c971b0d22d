import B9Intake
@testable import B9Terminal
import Foundation
import Testing

@Suite("MQTT client against a real mosquitto", .timeLimit(.minutes(5)))
struct MQTTClientTests {
    @Test("QoS 1 messages published back to back arrive in order, each acknowledged")
    func publishAndReceiveInOrder() async throws {
        let broker = try await MosquittoBroker()
        let (subscriber, publisher, collector) = try await connectedSubscriberAndPublisher(
            port: broker.port, name: "order", subscribingTo: "test/order/#")
        // The subscription is sent on connect; a message published on another connection only reaches
        // it once the SUBACK is in, so wait until a probe gets through.
        #expect(await eventually {
            _ = await publisher.publish(topic: "test/order/probe", payload: Array("probe".utf8))
            return await !collector.messages(on: "test/order/probe").isEmpty
        })

        let count = 500
        var tickets: [MQTTClient.Ticket] = []
        for index in 0..<count {
            tickets.append(try publisher.enqueue(topic: "test/order/data", payload: Array("\(index)".utf8)))
        }
        var acknowledged = Set<Int32>()
        for ticket in tickets {
            let receipt = try await publisher.acknowledgement(of: ticket, timeout: .seconds(20))
            #expect(receipt.messageID == ticket.messageID)
            #expect(!receipt.resent)
            acknowledged.insert(receipt.messageID)
        }
        #expect(acknowledged.count == count)
        #expect(await eventually { await collector.messages(on: "test/order/data").count >= count })
        let received = await collector.messages(on: "test/order/data").map(\.text)
        #expect(received == (0..<count).map { "\($0)" })
        await publisher.stop()
        await subscriber.stop()
    }

    @Test("Retained status: online on connect, offline as last will when the link drops, online again after reconnect, offline on stop")
    func availabilityAndLastWill() async throws {
        let broker = try await MosquittoBroker()
        let statusTopic = "b9pos/s1/till-1/status"
        let station = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "till-1", availability: statusTopic), logger: testLogger)
        let observer = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "observer-\(UUID())"), logger: testLogger)
        let collector = MessageCollector(observer)
        try station.start()
        try await station.waitUntilConnected()
        try observer.subscribe(statusTopic)
        try observer.start()

        // Subscribed after the station connected: only a retained message can deliver "online".
        #expect(await eventually { await collector.messages(on: statusTopic).last.map { $0.text == "online" && $0.retained } ?? false })

        station.severConnectionWithoutGoodbye()
        #expect(await eventually { await collector.messages(on: statusTopic).contains { $0.text == "offline" } })
        #expect(await eventually { await collector.messages(on: statusTopic).last?.text == "online" })

        await station.stop()
        #expect(await eventually { await collector.messages(on: statusTopic).last?.text == "offline" })
        await observer.stop()

        // A newcomer sees the retained value.
        let late = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "late-\(UUID())"), logger: testLogger)
        let lateCollector = MessageCollector(late)
        try late.subscribe(statusTopic)
        try late.start()
        #expect(await eventually { await lateCollector.messages(on: statusTopic).first.map { $0.text == "offline" && $0.retained } ?? false })
        await late.stop()
    }

    @Test("Username and password: the right ones connect, wrong ones are refused with the broker's reason")
    func credentials() async throws {
        let broker = try await MosquittoBroker(users: ["till-1": "s3cret"])
        var good = testClientConfiguration(port: broker.port, clientID: "good-\(UUID())")
        good.username = "till-1"
        good.password = "s3cret"
        let client = try MQTTClient(configuration: good, logger: testLogger)
        try client.start()
        try await client.waitUntilConnected()
        await client.stop()

        var bad = good
        bad.clientID = "bad-\(UUID())"
        bad.password = "wrong"
        let refused = try MQTTClient(configuration: bad, logger: testLogger)
        try refused.start()
        var sawRefusal = false
        for await event in refused.connectionEvents {
            if case .refused(let code, let reason) = event {
                #expect(code == 5)
                #expect(!reason.isEmpty)
                sawRefusal = true
                break
            }
            if case .connected = event { break }
        }
        #expect(sawRefusal)
        #expect(!refused.isConnected)
        await refused.stop()
    }

    @Test("A client started while the broker is down connects once it comes up; messages enqueued meanwhile are delivered")
    func brokerComesUpLater() async throws {
        let broker = try await MosquittoBroker(persistence: true)
        let subscriber = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "late-sub"), logger: testLogger)
        let collector = MessageCollector(subscriber)
        try subscriber.subscribe("test/late")
        try subscriber.start()
        try await subscriber.waitUntilConnected()
        broker.stop()

        let publisher = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "late-pub"), logger: testLogger)
        try publisher.start()
        #expect(!publisher.isConnected)
        let ticket = try publisher.enqueue(topic: "test/late", payload: Array("queued".utf8))
        try await broker.start()
        try await publisher.waitUntilConnected()
        let receipt = try await publisher.acknowledgement(of: ticket, timeout: .seconds(30))
        #expect(receipt.messageID == ticket.messageID)
        #expect(await eventually { await collector.messages(on: "test/late").map(\.text) == ["queued"] })
        await publisher.stop()
        await subscriber.stop()
    }

    @Test("Waiting for a PUBACK that cannot come ends with timed-out; stop fails what still waits")
    func acknowledgementTimesOut() async throws {
        let broker = try await MosquittoBroker()
        broker.stop()
        let client = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "timeout-\(UUID())"), logger: testLogger)
        try client.start()
        let ticket = try client.enqueue(topic: "test/timeout", payload: [1])
        do {
            _ = try await client.acknowledgement(of: ticket, timeout: .milliseconds(200))
            Issue.record("a publish to a stopped broker was acknowledged")
        } catch {
            #expect(error.code == .timedOut)
        }
        let second = try client.enqueue(topic: "test/timeout", payload: [2])
        async let outcome = client.acknowledgement(of: second, timeout: .seconds(30))
        try await Task.sleep(for: .milliseconds(100))
        await client.stop()
        do {
            _ = try await outcome
            Issue.record("a publish was acknowledged after stop")
        } catch {
            #expect((error as? MQTTError)?.code == .shutDown)
        }
    }

    @Test("Unreadable TLS files are a configuration error naming the file")
    func missingTLSFiles() throws {
        var configuration = testClientConfiguration(port: 8883, clientID: "tls")
        configuration.tls = .init(caFile: "/nonexistent/ca.pem")
        #expect {
            _ = try MQTTClient(configuration: configuration, logger: testLogger)
        } throws: { error in
            guard let error = error as? MQTTError else { return false }
            return error.code == .configuration && error.message.contains("/nonexistent/ca.pem")
        }
    }
}
