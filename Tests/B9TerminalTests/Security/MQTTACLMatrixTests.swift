import B9Intake
@testable import B9Terminal
import Foundation
import Testing

/// The ACL in docs/mqtt.md, loaded into a real mosquitto, checked as a matrix: for each station,
/// what it may publish and what it may read, allowed and refused. Password users stand in for the
/// certificate common names (`use_identity_as_username` makes the CN the user name, so `%u` and the
/// `user` sections see the same names either way).
@Suite("MQTT ACL per station against a real mosquitto", .serialized, .timeLimit(.minutes(3)))
struct MQTTACLMatrixTests {
    static let store = "dhaka-01"
    static let observer = "b9-acl-observer"
    static let stations = ["till-1", "till-2", "kitchen-grill", "weigh-1", "bridge-dhaka-01"]

    /// A publish case: `station` publishes on `topic`; `allowed` says whether the broker forwards it.
    struct WriteCase: Sendable, CustomStringConvertible {
        let station: String
        let topic: String
        let allowed: Bool
        var description: String { "\(station) \(allowed ? "may" : "may not") publish \(topic)" }
    }

    /// A read case: the observer publishes on `topic`; `allowed` says whether `station` receives it.
    struct ReadCase: Sendable, CustomStringConvertible {
        let station: String
        let topic: String
        let allowed: Bool
        var description: String { "\(station) \(allowed ? "may" : "may not") read \(topic)" }
    }

    static func topic(_ station: String, _ suffix: String) -> String { "b9pos/\(store)/\(station)/\(suffix)" }

    static let writeCases: [WriteCase] = [
        WriteCase(station: "till-1", topic: topic("till-1", "sale/completed"), allowed: true),
        WriteCase(station: "till-1", topic: topic("till-1", "status"), allowed: true),
        WriteCase(station: "till-1", topic: topic("till-2", "sale/completed"), allowed: false),
        WriteCase(station: "till-1", topic: topic("till-2", "status"), allowed: false),
        WriteCase(station: "till-1", topic: topic("kitchen-grill", "kitchen/order/status_changed"), allowed: false),
        WriteCase(station: "till-1", topic: topic("backoffice", "catalog/updated"), allowed: false),
        WriteCase(station: "till-1", topic: "b9pos/other-store/till-1/sale/completed", allowed: false),
        WriteCase(station: "kitchen-grill", topic: topic("kitchen-grill", "kitchen/order/status_changed"), allowed: true),
        WriteCase(station: "kitchen-grill", topic: topic("till-1", "kitchen/order/created"), allowed: false),
        WriteCase(station: "kitchen-grill", topic: topic("till-1", "kitchen/order/item_voided"), allowed: false),
        WriteCase(station: "weigh-1", topic: topic("weigh-1", "weighing/item/created"), allowed: true),
        WriteCase(station: "weigh-1", topic: topic("till-1", "stock/moved"), allowed: false),
        WriteCase(station: "bridge-dhaka-01", topic: topic("backoffice", "catalog/updated"), allowed: true),
        WriteCase(station: "bridge-dhaka-01", topic: topic("till-1", "sale/completed"), allowed: false),
    ]

    static let readCases: [ReadCase] = [
        ReadCase(station: "till-1", topic: topic("till-2", "stock/moved"), allowed: true),
        ReadCase(station: "till-1", topic: topic("kitchen-grill", "kitchen/order/status_changed"), allowed: true),
        ReadCase(station: "till-1", topic: topic("weigh-1", "weighing/item/created"), allowed: true),
        ReadCase(station: "till-1", topic: topic("backoffice", "catalog/updated"), allowed: true),
        ReadCase(station: "till-1", topic: topic("till-2", "sale/completed"), allowed: false),
        ReadCase(station: "till-1", topic: topic("till-2", "kitchen/order/created"), allowed: false),
        ReadCase(station: "kitchen-grill", topic: topic("till-1", "kitchen/order/created"), allowed: true),
        ReadCase(station: "kitchen-grill", topic: topic("till-1", "kitchen/order/item_voided"), allowed: true),
        ReadCase(station: "weigh-1", topic: topic("till-1", "kitchen/order/item_voided"), allowed: false),
        ReadCase(station: "kitchen-grill", topic: topic("till-1", "sale/completed"), allowed: false),
        ReadCase(station: "kitchen-grill", topic: topic("till-1", "stock/moved"), allowed: false),
        ReadCase(station: "weigh-1", topic: topic("till-1", "kitchen/order/created"), allowed: false),
        ReadCase(station: "weigh-1", topic: topic("till-1", "sale/completed"), allowed: false),
        ReadCase(station: "weigh-1", topic: topic("backoffice", "catalog/updated"), allowed: true),
        ReadCase(station: "bridge-dhaka-01", topic: topic("till-1", "sale/completed"), allowed: true),
        ReadCase(station: "bridge-dhaka-01", topic: "b9pos/other-store/till-1/sale/completed", allowed: false),
    ]

    /// The ACL block of docs/mqtt.md, as documented, plus an observer that may read and write everything.
    static func documentedACL() throws -> String {
        let docs = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/mqtt.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        guard let heading = text.range(of: "`/etc/mosquitto/b9pos.acl` for store `\(store)`"),
              let open = text.range(of: "```conf\n", range: heading.upperBound..<text.endIndex),
              let close = text.range(of: "```", range: open.upperBound..<text.endIndex)
        else { throw ACLTestError(message: "docs/mqtt.md no longer has the ACL example for store \(store)") }
        return String(text[open.upperBound..<close.lowerBound]) + "\nuser \(observer)\ntopic readwrite #\n"
    }

    struct ACLTestError: Error, CustomStringConvertible { let message: String; var description: String { message } }

    /// A broker with the documented ACL (mosquitto reads the file once, at start; these tests never restart it).
    static func startBroker() async throws -> MosquittoBroker {
        let acl = FileManager.default.temporaryDirectory.appendingPathComponent("b9-acl-\(UUID().uuidString).acl")
        defer { try? FileManager.default.removeItem(at: acl) }
        try documentedACL().write(to: acl, atomically: true, encoding: .utf8)
        var users: [String: String] = [observer: "observer-pw"]
        for station in stations { users[station] = "\(station)-pw" }
        return try await MosquittoBroker(users: users, extraConfiguration: ["acl_file \(acl.path)"])
    }

    static func client(_ user: String, broker: MosquittoBroker) throws -> MQTTClient {
        var configuration = testClientConfiguration(port: broker.port, clientID: "\(user)-\(UUID().uuidString.prefix(8))")
        configuration.username = user
        configuration.password = user == observer ? "observer-pw" : "\(user)-pw"
        configuration.persistentSession = false
        return try MQTTClient(configuration: configuration, logger: testLogger)
    }

    @Test("Publishing: a station's messages pass only below its own id (the broker drops the rest)")
    func publishMatrix() async throws {
        let broker = try await Self.startBroker()
        defer { broker.stop() }
        let observer = try Self.client(Self.observer, broker: broker)
        let seen = MessageCollector(observer)
        try observer.subscribe("b9pos/#")
        try observer.start()
        try await observer.waitUntilConnected()

        for station in Set(Self.writeCases.map(\.station)).sorted() {
            let publisher = try Self.client(station, broker: broker)
            try publisher.start()
            try await publisher.waitUntilConnected()
            // Everything below the station's own id is writable, so a marker published there after a
            // case arrives after the case's message if the broker forwarded it (one publisher, QoS 1:
            // in order). Until the observer's subscription is in, resend the first marker.
            let marker = Self.topic(station, "acl-marker")
            #expect(await eventually {
                _ = await publisher.publish(topic: marker, payload: Array("ready".utf8))
                return await !seen.messages(on: marker).isEmpty
            }, "the observer never saw \(station)'s own marker: the documented ACL refuses a station its own topics")
            for (index, check) in Self.writeCases.enumerated() where check.station == station {
                let payload = "case-\(index)-\(UUID().uuidString)"
                _ = await publisher.publish(topic: check.topic, payload: Array(payload.utf8))
                _ = await publisher.publish(topic: marker, payload: Array("after-\(payload)".utf8))
                #expect(await eventually { await seen.messages(on: marker).contains { $0.text == "after-\(payload)" } })
                let arrived = await seen.messages(on: check.topic).contains { $0.text == payload }
                #expect(arrived == check.allowed, "\(check)")
            }
            await publisher.stop()
        }
        await observer.stop()
    }

    @Test("Reading: a station receives only the topics its role needs")
    func readMatrix() async throws {
        let broker = try await Self.startBroker()
        defer { broker.stop() }
        let observer = try Self.client(Self.observer, broker: broker)
        try observer.start()
        try await observer.waitUntilConnected()
        // Every station may read every station's availability: the observer's status is the marker.
        let marker = Self.topic(Self.observer, "status")

        for station in Set(Self.readCases.map(\.station)).sorted() {
            let reader = try Self.client(station, broker: broker)
            let seen = MessageCollector(reader)
            for check in Self.readCases where check.station == station { try reader.subscribe(check.topic) }
            try reader.subscribe(Self.topic("+", "status"))
            try reader.start()
            try await reader.waitUntilConnected()
            #expect(await eventually {
                _ = await observer.publish(topic: marker, payload: Array("ready".utf8))
                return await !seen.messages(on: marker).isEmpty
            }, "\(station) never saw the observer's status: the documented ACL refuses reading availability")
            for (index, check) in Self.readCases.enumerated() where check.station == station {
                let payload = "case-\(index)-\(UUID().uuidString)"
                _ = await observer.publish(topic: check.topic, payload: Array(payload.utf8))
                _ = await observer.publish(topic: marker, payload: Array("after-\(payload)".utf8))
                #expect(await eventually { await seen.messages(on: marker).contains { $0.text == "after-\(payload)" } })
                let arrived = await seen.messages(on: check.topic).contains { $0.text == payload }
                #expect(arrived == check.allowed, "\(check)")
            }
            await reader.stop()
        }
        await observer.stop()
    }
}
