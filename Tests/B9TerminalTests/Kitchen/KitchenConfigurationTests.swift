import B9Intake
@testable import B9Terminal
import Foundation
import Testing

@Suite("Kitchen station configuration")
struct KitchenConfigurationTests {
    @Test("A kitchen station needs at least one printer; addresses and the profile are checked")
    func printersAreRequiredAndChecked() async throws {
        let base = "store: { id: s1, terminal_id: kitchen-1 }\n"
        await #expect(throws: ConfigurationError.self) { try await TerminalConfigurationTests.load("role: kitchen\n" + base) }
        do {
            _ = try await TerminalConfigurationTests.load("role: kitchen\n" + base + "kitchen: { printers: [\"ftp://printer\"] }\n")
            Issue.record("an unknown address scheme was accepted")
        } catch {
            #expect(error.key == "kitchen.printers")
        }
        do {
            _ = try await TerminalConfigurationTests.load("role: kitchen\n" + base + "kitchen: { printers: [tcp://10.0.0.31:9100], printer_profile: dot-matrix-9000 }\n")
            Issue.record("an unknown printer profile was accepted")
        } catch {
            #expect(error.key == "kitchen.printer_profile")
        }
        let configuration = try await TerminalConfigurationTests.load(
            "role: kitchen\n" + base + "kitchen: { printers: [tcp://10.0.0.31:9100, tcp://10.0.0.32:9100], printer_profile: epson-tm-t20 }\n"
        )
        #expect(configuration.kitchenPrinters.count == 2)
        #expect(configuration.summary.contains("kitchen.printers: tcp://10.0.0.31:9100, tcp://10.0.0.32:9100"))
        #expect(configuration.summary.contains("kitchen.printer_profile: epson-tm-t20"))
        #expect(try await TerminalConfigurationTests.load("role: till\n" + base).kitchenPrinters.isEmpty)
    }
}
