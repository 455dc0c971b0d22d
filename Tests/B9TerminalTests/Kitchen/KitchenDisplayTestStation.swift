import B9Intake
@testable import B9Terminal
import B9Core
import Foundation
import Testing

/// A kitchen-role `b9terminal run` in a child process, on a private mosquitto, with the local API on
/// a free loopback port and no printer (display only), plus an MQTT client that publishes orders as a
/// till and collects the station's status events.
struct KitchenDisplayTestStation {
    let folder: URL
    let broker: MosquittoBroker
    let daemon: ChildProcess
    let port: Int
    let logFile: String
    let client: MQTTClient
    let collector: MessageCollector

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts the broker, the status subscriber and the daemon; `kitchenYAML` adds `kitchen:` keys.
    static func start(kitchenYAML: String = "{}") async throws -> KitchenDisplayTestStation {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("b9-kitchen-display-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let broker = try await MosquittoBroker()
        let client = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "till-probe-\(UUID())"), logger: testLogger)
        let collector = MessageCollector(client)
        try client.subscribe("b9pos/s1/kitchen-1/kitchen/#")
        try client.start()
        try await client.waitUntilConnected()
        guard try await waitUntilSubscribed(collector, port: broker.port, probeTopic: "b9pos/s1/kitchen-1/kitchen/probe") else {
            throw StartError(description: "the status subscriber was not subscribed within 20 s")
        }

        let configFile = folder.appendingPathComponent("b9terminal.yaml")
        try """
            role: kitchen
            store: {id: s1, terminal_id: kitchen-1, path: \(folder.appendingPathComponent("kitchen.sqlite").path)}
            mqtt: {host: 127.0.0.1, port: \(broker.port), keepalive_seconds: 5}
            api: {port: 0}
            kitchen: \(kitchenYAML)
            """.write(to: configFile, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["B9TERMINAL_API_TOKEN"] = LocalAPITestServer.token
        let logFile = folder.appendingPathComponent("stderr.log").path
        let daemon = try ChildProcess.spawn(ChildProcess.b9terminal, ["run", "--config", configFile.path], environment: environment, errors: logFile)
        @Sendable func log() -> String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }
        let listening = await eventually(timeout: .seconds(60)) { log().contains("url=http://127.0.0.1:") || daemon.hasExited }
        guard listening, let port = log().firstMatch(of: /url=http:\/\/127\.0\.0\.1:([0-9]+)\//).flatMap({ Int($0.1) }) else {
            daemon.signal(SIGKILL)
            _ = await daemon.wait()
            await client.stop()
            throw StartError(description: "the kitchen daemon did not serve its API within 60 s; log: \(log())")
        }
        return KitchenDisplayTestStation(folder: folder, broker: broker, daemon: daemon, port: port, logFile: logFile, client: client, collector: collector)
    }

    var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// A request with the token.
    func request(_ method: String, _ path: String, json: String? = nil) async throws -> RawHTTPResponse {
        try await RawHTTPClient.send(
            to: .tcp(port), method: method, path: path, headers: ["Authorization: Bearer \(LocalAPITestServer.token)"], body: json.map { Array($0.utf8) }
        )
    }

    /// The open tickets, as the page reads them.
    func board() async throws -> KitchenBoardView {
        try JSONDecoder().decode(KitchenBoardView.self, from: Data(try await request("GET", "/kitchen/tickets").body))
    }

    /// Publishes the order as till-1 until the station shows it (orders are not retained, and the
    /// station's subscription may not be in yet; a redelivery is recorded once).
    func send(orderID: String, table: String, ageSeconds: Int) async throws -> Bool {
        let payload = KitchenDisplayTestOrders.event(orderID: orderID, table: table, ageSeconds: ageSeconds)
        return try await eventually(timeout: .seconds(60)) {
            if try await board().tickets.contains(where: { $0.orderID == orderID && $0.status == "accepted" }) { return true }
            _ = await client.publish(topic: "b9pos/s1/till-1/kitchen/order/created", payload: payload, timeout: .seconds(5))
            try await Task.sleep(for: .milliseconds(200))
            return try await board().tickets.contains { $0.orderID == orderID && $0.status == "accepted" }
        }
    }

    /// Publishes a void of item `line` of `orderID` as till-1 until the station's ticket shows it voided.
    func sendVoid(orderID: String, line: Int, name: String) async throws -> Bool {
        let payload = KitchenDisplayTestOrders.voidEvent(orderID: orderID, line: line, name: name)
        @Sendable func shown() async throws -> Bool {
            try await board().tickets.contains { $0.orderID == orderID && $0.items.contains { $0.line == line && $0.voided } }
        }
        return try await eventually(timeout: .seconds(60)) {
            if try await shown() { return true }
            _ = await client.publish(topic: "b9pos/s1/till-1/kitchen/order/item_voided", payload: payload, timeout: .seconds(5))
            try await Task.sleep(for: .milliseconds(200))
            return try await shown()
        }
    }

    /// The statuses the station published for `orderID`, in order.
    func statuses(of orderID: String) async -> [String] {
        await collector.messages.filter { $0.topic == "b9pos/s1/kitchen-1/kitchen/order/status_changed" }.compactMap { message in
            guard let event = try? JSONSerialization.jsonObject(with: Data(message.payload)) as? [String: Any],
                let data = event["data"] as? [String: Any], data["orderID"] as? String == orderID
            else { return nil }
            return data["status"] as? String
        }
    }

    /// Stops the daemon (SIGTERM), the client and the broker; the daemon's exit status.
    func stop() async -> Int32 {
        daemon.signal(SIGTERM)
        let stopped = await eventually(timeout: .seconds(60)) { daemon.hasExited }
        if !stopped { daemon.signal(SIGKILL) }
        let status = await daemon.wait()
        await client.stop()
        broker.stop()
        try? FileManager.default.removeItem(at: folder)
        return status
    }
}
