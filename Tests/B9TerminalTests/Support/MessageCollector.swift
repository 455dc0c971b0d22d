import B9Intake
@testable import B9Terminal
import Foundation
import Logging
import Testing

/// Gathers what an ``MQTTClient`` receives so a test can wait for it.
actor MessageCollector {
    private(set) var messages: [MQTTMessage] = []
    init(_ client: MQTTClient) {
        let stream = client.messages
        Task { await self.consume(stream) }
    }

    private func consume(_ stream: AsyncStream<MQTTMessage>) async {
        for await message in stream { messages.append(message) }
    }

    func messages(on topic: String) -> [MQTTMessage] { messages.filter { $0.topic == topic } }

    /// Everything but the probes of ``waitUntilSubscribed(_:port:probeTopic:)``.
    var events: [MQTTMessage] { messages.filter { !$0.topic.hasSuffix("/probe") } }
}

/// Returns once a message published on `probeTopic` (which must end in `/probe` and match one of the
/// collector's subscriptions) reaches the collector: its SUBACK is in, so nothing published later is
/// missed.
func waitUntilSubscribed(_ collector: MessageCollector, port: Int, probeTopic: String) async throws -> Bool {
    let probe = try MQTTClient(configuration: testClientConfiguration(port: port, clientID: "probe-\(UUID())"), logger: testLogger)
    try probe.start()
    try await probe.waitUntilConnected()
    let subscribed = await eventually {
        _ = await probe.publish(topic: probeTopic, payload: Array("probe".utf8), timeout: .seconds(5))
        return await !collector.messages(on: probeTopic).isEmpty
    }
    await probe.stop()
    return subscribed
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held. Not a timing assert:
/// the timeout only bounds how long a broken test hangs.
func eventually(timeout: Duration = .seconds(20), _ condition: @Sendable () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// A subscriber to `filter` and a publisher on the broker at `port`, both started and connected, with a
/// collector of what the subscriber receives. Client ids are `name-sub-…` and `name-pub-…`.
func connectedSubscriberAndPublisher(
    port: Int, name: String, subscribingTo filter: String
) async throws -> (subscriber: MQTTClient, publisher: MQTTClient, collector: MessageCollector) {
    let subscriber = try MQTTClient(configuration: testClientConfiguration(port: port, clientID: "\(name)-sub-\(UUID())"), logger: testLogger)
    let publisher = try MQTTClient(configuration: testClientConfiguration(port: port, clientID: "\(name)-pub-\(UUID())"), logger: testLogger)
    let collector = MessageCollector(subscriber)
    try subscriber.subscribe(filter)
    try subscriber.start()
    try publisher.start()
    try await subscriber.waitUntilConnected()
    try await publisher.waitUntilConnected()
    return (subscriber, publisher, collector)
}

/// A client configuration for a loopback test broker.
func testClientConfiguration(port: Int, clientID: String, availability: String? = nil) -> MQTTClientConfiguration {
    var configuration = MQTTClientConfiguration(host: "127.0.0.1", port: port, clientID: clientID)
    configuration.keepAliveSeconds = 5
    configuration.reconnectDelaySeconds = 1
    configuration.reconnectDelayMaximumSeconds = 2
    if let availability { configuration.availability = .init(topic: availability) }
    return configuration
}

let testLogger: Logger = {
    var logger = Logger(label: "b9terminal.tests", factory: { _ in SwiftLogNoOpLogHandler() })
    logger.logLevel = .critical
    return logger
}()

/// A back-office subscriber for till-1 of store s1 (its sale and stock events), connected and with its
/// SUBACK in, so nothing published afterwards is missed.
func connectedBackOfficeSubscriber(port: Int, clientID: String) async throws -> (MQTTClient, MessageCollector) {
    let subscriber = try MQTTClient(configuration: testClientConfiguration(port: port, clientID: clientID), logger: testLogger)
    let collector = MessageCollector(subscriber)
    try subscriber.subscribe("b9pos/s1/till-1/sale/#")
    try subscriber.subscribe("b9pos/s1/till-1/stock/#")
    try subscriber.start()
    try await subscriber.waitUntilConnected()
    #expect(try await waitUntilSubscribed(collector, port: port, probeTopic: "b9pos/s1/till-1/stock/probe"))
    return (subscriber, collector)
}
