import B9Intake
@testable import B9Terminal
import B9Core
import B9ESCPOS
import Foundation
import Testing

@Suite("Configuration: till devices and the metrics listener")
struct TillDevicesConfigurationTests {
    private static let base = ["store.id": "s1", "store.terminal_id": "till-1"]

    private static func load(_ extra: [String: String]) async throws(ConfigurationError) -> TerminalConfiguration {
        let reader = try await ConfigurationSources.reader(file: nil, overrides: base.merging(extra) { $1 }, environment: [:])
        return try TerminalConfiguration(config: reader)
    }

    @Test("metrics.listen: loopback 9464 by default, HOST:PORT or [v6]:PORT, none turns it off")
    func metricsListen() async throws {
        #expect(try await Self.load([:]).metrics == MetricsConfiguration(host: "127.0.0.1", port: 9464))
        #expect(try await Self.load(["metrics.listen": "[::1]:0"]).metrics == MetricsConfiguration(host: "::1", port: 0))
        #expect(try await Self.load(["metrics.listen": "none"]).metrics == nil)
        for bad in ["9464", "127.0.0.1:", "127.0.0.1:70000", ":9464", "a b:1"] {
            do {
                _ = try await Self.load(["metrics.listen": bad])
                Issue.record("\(bad) was accepted")
            } catch {
                #expect(error.key == "metrics.listen")
            }
        }
    }

    @Test("devices.printer_drawer: pin 2 behind a printer by default, none with a serial drawer, refused without a printer")
    func printerDrawer() async throws {
        #expect(try await Self.load(["devices.printer": "tcp://127.0.0.1:9100"]).devices.printerDrawerPin == .pin2)
        #expect(try await Self.load(["devices.printer": "tcp://127.0.0.1:9100", "devices.printer_drawer": "pin5"]).devices.printerDrawerPin == .pin5)
        #expect(try await Self.load(["devices.printer": "tcp://127.0.0.1:9100", "devices.printer_drawer": "none"]).devices.printerDrawerPin == nil)
        #expect(try await Self.load(["devices.printer": "tcp://127.0.0.1:9100", "devices.drawer": "serial:///dev/ttyS0"]).devices.printerDrawerPin == nil)
        #expect(try await Self.load([:]).devices.printerDrawerPin == nil)
        await #expect(throws: ConfigurationError.self) { try await Self.load(["devices.printer_drawer": "pin2"]) }
        await #expect(throws: ConfigurationError.self) { try await Self.load(["devices.printer": "tcp://127.0.0.1:9100", "devices.printer_drawer": "pin9"]) }
        let names = TillHardware.names(try await Self.load(["devices.printer": "tcp://127.0.0.1:9100"]).devices)
        #expect(names["drawer"] == "tcp://127.0.0.1:9100 kick-out pin 2")
    }

    @Test("the metrics age of a store timestamp is in seconds and never negative")
    func outboxLag() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(StationMetrics.age(of: Timestamp.format(now.addingTimeInterval(-90.5)), now: now) == 90.5)
        #expect(StationMetrics.age(of: Timestamp.format(now.addingTimeInterval(30)), now: now) == 0)
        #expect(StationMetrics.age(of: "not a time", now: now) == 0)
    }
}
