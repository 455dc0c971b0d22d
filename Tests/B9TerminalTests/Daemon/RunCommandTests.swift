import B9Intake
@testable import B9Terminal
import Foundation
import Testing

@Suite("b9terminal run as a process", .serialized, .timeLimit(.minutes(5)))
struct RunCommandTests {
    static var executable: URL { URL(fileURLWithPath: ChildProcess.b9terminal) }

    @Test("Starts, tells systemd it is ready, publishes sales rung by another process, and on SIGTERM says offline and exits 0")
    func daemonLifecycle() async throws {
        let broker = try await MosquittoBroker()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("b9-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("till.sqlite").path
        let configFile = folder.appendingPathComponent("b9terminal.yaml")
        try """
            role: till
            store: {id: s1, terminal_id: till-1, path: \(database)}
            mqtt: {host: 127.0.0.1, port: \(broker.port), keepalive_seconds: 5}
            log: {level: info}
            """.write(to: configFile, atomically: true, encoding: .utf8)

        let observer = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "observer"), logger: testLogger)
        let collector = MessageCollector(observer)
        try observer.subscribe("b9pos/s1/till-1/#")
        try observer.start()
        try await observer.waitUntilConnected()
        #expect(try await waitUntilSubscribed(collector, port: broker.port, probeTopic: "b9pos/s1/till-1/test/probe"))

        let notify = try NotifySocket()
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["B9TERMINAL_MQTT_PASSWORD"] = "not-logged-anywhere"
        let logFile = folder.appendingPathComponent("stderr.log").path
        let daemon = try ChildProcess.spawn(Self.executable.path, ["run", "--config", configFile.path], environment: environment, errors: logFile)

        let ready = try #require(await notify.receive())
        #expect(ready.hasPrefix("READY=1\nSTATUS=till till-1: "))
        #expect(await eventually { await collector.messages(on: "b9pos/s1/till-1/status").last?.text == "online" })

        let sales = try ChildProcess.spawn(Self.executable.path, ["sale", "demo", "--db", database, "--store", "s1", "--terminal", "till-1", "--count", "5"])
        let salesStatus = await sales.wait()
        #expect(salesStatus == 0)
        #expect(await eventually { await collector.messages(on: "b9pos/s1/till-1/sale/completed").count == 5 })

        daemon.signal(SIGTERM)
        #expect(await daemon.wait() == 0)
        #expect(await eventually { await collector.messages(on: "b9pos/s1/till-1/status").last?.text == "offline" })
        var stopping = false
        while let message = await notify.receive() {
            if message.hasPrefix("STOPPING=1") {
                stopping = true
                break
            }
        }
        #expect(stopping)
        let log = try String(contentsOfFile: logFile, encoding: .utf8)
        #expect(log.contains("<6>b9terminal: starting"))
        #expect(!log.contains("not-logged-anywhere"))
        await observer.stop()
    }

    @Test("A bad configuration exits 78 (EX_CONFIG) with the key in the message")
    func badConfiguration() async throws {
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("b9-run-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: logFile) }
        let daemon = try ChildProcess.spawn(Self.executable.path, ["run", "--store-id", "s1", "--terminal-id", "t1", "--mqtt-host", "h", "--mqtt-port", "99999"], errors: logFile)
        #expect(await daemon.wait() == 78)
        let message = try String(contentsOfFile: logFile, encoding: .utf8)
        #expect(message.contains("mqtt.port"))
        #expect(message.contains("1 to 65535"))
    }
}
