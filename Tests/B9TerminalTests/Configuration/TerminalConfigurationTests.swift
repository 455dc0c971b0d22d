import B9Intake
@testable import B9Terminal
import B9Core
import Foundation
import Testing

@Suite("Configuration: YAML file, environment, command line")
struct TerminalConfigurationTests {
    static func writeYAML(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("b9-config-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func load(_ yaml: String?, environment: [String: String] = [:], overrides: [String: String] = [:]) async throws(ConfigurationError) -> TerminalConfiguration {
        var file: String?
        if let yaml {
            do {
                file = try writeYAML(yaml)
            } catch {
                throw ConfigurationError(key: "test", expected: "a writable temp folder", found: nil)
            }
        }
        defer { if let file { try? FileManager.default.removeItem(atPath: file) } }
        let reader = try await ConfigurationSources.reader(file: file, overrides: overrides, environment: environment)
        return try TerminalConfiguration(config: reader)
    }

    static let full = """
        role: till
        store:
          id: dhaka-01
          terminal_id: till-3
          path: /var/lib/b9terminal/till-3.sqlite
          max_size_mb: 512
        billing:
          currency: BDT
          rounding: half-even
          cash_rounding: "1.00"
          max_discount_percent: 12.5
          wallets: [bKash, Nagad, Rocket]
        mqtt:
          host: broker.local
          username: till-3
          password: hunter2
          keepalive_seconds: 20
          tls:
            ca_file: /etc/b9terminal/ca.pem
            cert_file: /etc/b9terminal/till-3.pem
            key_file: /etc/b9terminal/till-3.key
        """

    @Test("Every key of a full file is read into the billing policy and MQTT settings")
    func fullFile() async throws {
        let configuration = try await Self.load(Self.full)
        #expect(configuration.role == .till)
        #expect(configuration.storeID == "dhaka-01")
        #expect(configuration.terminalID == "till-3")
        #expect(configuration.storePath == "/var/lib/b9terminal/till-3.sqlite")
        #expect(configuration.maximumStoreSizeBytes == Int64(536_870_912))
        #expect(configuration.policy.currency == .bdt)
        #expect(configuration.policy.rounding == .halfEven)
        #expect(configuration.policy.cashRounding == (try CashRounding.named("1.00", currency: .bdt)))
        #expect(configuration.policy.maximumDiscountBasisPoints == 1_250)
        #expect(configuration.policy.tenders.mobileWallets == ["bKash", "Nagad", "Rocket"])
        let mqtt = try #require(configuration.mqtt)
        #expect(mqtt.host == "broker.local")
        #expect(mqtt.port == 8883, "TLS without mqtt.port means 8883")
        #expect(mqtt.username == "till-3")
        #expect(mqtt.password == "hunter2")
        #expect(mqtt.keepAliveSeconds == 20)
        #expect(mqtt.tls == .init(caFile: "/etc/b9terminal/ca.pem", certificateFile: "/etc/b9terminal/till-3.pem", keyFile: "/etc/b9terminal/till-3.key"))
        #expect(mqtt.clientID == "b9pos-dhaka-01-till-3")
        #expect(mqtt.availability?.topic == "b9pos/dhaka-01/till-3/status")
    }

    @Test("The password never appears in the printed configuration or the client description")
    func secretNotShown() async throws {
        let configuration = try await Self.load(Self.full)
        #expect(configuration.summary.contains("hunter2") == false)
        #expect(configuration.summary.contains("mqtt.password: <secret>"))
        let clientDescription = try #require(configuration.mqtt).description
        #expect(clientDescription.contains("password set"))
        #expect(clientDescription.contains("hunter2") == false)
    }

    @Test("Defaults: only the ids are required; no mqtt.host means no broker")
    func defaults() async throws {
        let configuration = try await Self.load("store: {id: s1, terminal_id: t1}\n")
        #expect(configuration.role == .till)
        #expect(configuration.storePath == TerminalConfiguration.defaultStorePath)
        #expect(configuration.maximumStoreSizeBytes == nil)
        #expect(configuration.policy == (try BillingPolicy(tenders: TenderConfiguration(mobileWallets: ["bKash", "Nagad"]))))
        #expect(configuration.mqtt == nil)
        #expect(configuration.logLevel == "info")
    }

    @Test("Environment overrides the file and the command line overrides both")
    func precedence() async throws {
        let yaml = "store: {id: s1, terminal_id: t1}\nmqtt: {host: file-host, port: 1884}\nbilling: {wallets: [A]}\n"
        let fromEnvironment = try await Self.load(yaml, environment: ["B9TERMINAL_MQTT_HOST": "env-host", "B9TERMINAL_BILLING_WALLETS": "bKash,Upay", "MQTT_HOST": "ignored"])
        #expect(fromEnvironment.mqtt?.host == "env-host")
        #expect(fromEnvironment.mqtt?.port == 1884)
        #expect(fromEnvironment.policy.tenders.mobileWallets == ["bKash", "Upay"])
        let fromCommandLine = try await Self.load(yaml, environment: ["B9TERMINAL_MQTT_HOST": "env-host"], overrides: ["mqtt.host": "cli-host", "mqtt.port": "1999"])
        #expect(fromCommandLine.mqtt?.host == "cli-host")
        #expect(fromCommandLine.mqtt?.port == 1999)
        let noFile = try await Self.load(nil, environment: ["B9TERMINAL_STORE_ID": "s9", "B9TERMINAL_STORE_TERMINAL_ID": "t9"])
        #expect(noFile.storeID == "s9")
        #expect(noFile.terminalID == "t9")
    }

    @Test(
        "A bad value names its key and the expected form",
        arguments: [
            ("role: cashier", "role", "till, kitchen, weighing"),
            ("store: {terminal_id: t1}", "store.id", "non-empty id"),
            ("store: {id: s/1, terminal_id: t1}", "store.id", "without '/'"),
            ("store: {id: s1, terminal_id: t1, max_size_mb: 0}", "store.max_size_mb", "integer from 1"),
            ("billing: {currency: XYZ}", "billing.currency", "ISO 4217"),
            ("billing: {rounding: down}", "billing.rounding", "half-up or half-even"),
            ("billing: {cash_rounding: '0.10'}", "billing.cash_rounding", "none, 0.25, 0.50 or 1.00"),
            ("billing: {max_discount_percent: 120}", "billing.max_discount_percent", "0 to 100"),
            ("billing: {max_discount_percent: 10.125}", "billing.max_discount_percent", "at most 2 decimals"),
            ("billing: {wallets: bKash}", "billing.wallets", "list of names"),
            ("mqtt: {host: h, port: 70000}", "mqtt.port", "1 to 65535"),
            ("mqtt: {host: h, port: abc}", "mqtt.port", "integer"),
            ("mqtt: {host: h, keepalive_seconds: 1}", "mqtt.keepalive_seconds", "5 to 3600"),
            ("mqtt: {host: h, tls: {ca_file: /ca.pem, cert_file: /c.pem}}", "mqtt.tls.key_file", "together"),
            ("mqtt: {host: h, tls: {cert_file: /c.pem, key_file: /k.pem}}", "mqtt.tls.ca_file", "CA"),
            ("mqtt: {port: 1883}", "mqtt.host", "host name"),
            ("log: {level: loud}", "log.level", "trace, debug"),
        ]
    )
    func validation(yaml: String, key: String, expected: String) async throws {
        var document = yaml
        if !yaml.hasPrefix("store:") { document = "store: {id: s1, terminal_id: t1}\n" + yaml }
        do {
            _ = try await Self.load(document + "\n")
            Issue.record("'\(yaml)' was accepted")
        } catch {
            #expect(error.key == key)
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(error.description.contains(key))
        }
    }

    @Test("A missing file or one that is not YAML is an error about the config file")
    func unreadableFile() async throws {
        await #expect(throws: ConfigurationError.self) {
            _ = try await ConfigurationSources.reader(file: "/nonexistent/b9terminal.yaml", overrides: [:], environment: [:])
        }
        let path = try Self.writeYAML("store: [unclosed\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try await ConfigurationSources.reader(file: path, overrides: [:], environment: [:])
            Issue.record("malformed YAML was accepted")
        } catch {
            #expect(error.key == "config")
        }
    }

    @Test("The example configuration shipped in systemd/ is valid")
    func shippedExample() async throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("systemd/b9terminal.yaml")
        let reader = try await ConfigurationSources.reader(file: example.path, overrides: [:], environment: [:])
        let configuration = try TerminalConfiguration(config: reader)
        #expect(configuration.role == .till)
        #expect(configuration.mqtt != nil)
    }
}
