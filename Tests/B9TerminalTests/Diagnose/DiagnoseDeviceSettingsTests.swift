import B9Intake
@testable import B9Terminal
import B9Devices
import B9ESCPOS
import B9Scale
import Testing

/// The `devices.*` and `service.user` keys diagnostics (and the roles) read.
@Suite("Device settings keys")
struct DiagnoseDeviceSettingsTests {
    static func settings(_ overrides: [String: String]) async throws(ConfigurationError) -> DeviceSettings {
        try DeviceSettings(config: try await ConfigurationSources.reader(file: nil, overrides: overrides, environment: [:]))
    }

    @Test("Every device key becomes a target with its protocol; service.user defaults to b9pos")
    func allKeys() async throws {
        let settings = try await Self.settings([
            "devices.printer": "tcp://192.168.1.50:9100", "devices.printer_profile": "epson-tm-t20",
            "devices.scanner": "evdev:///dev/input/event3", "devices.scale": "serial:///dev/ttyUSB0",
            "devices.scale_protocol": "cas", "devices.drawer": "serial:///dev/ttyUSB1", "devices.drawer_kick": "dtr",
            "devices.display": "serial:///dev/ttyUSB2", "devices.display_protocol": "cd5220",
        ])
        #expect(settings.targets.map(\.name) == ["printer", "scanner", "scale", "drawer", "display"])
        #expect(settings.targets.map { $0.kind.deviceClass } == [.printer, .scanner, .scale, .drawer, .display])
        #expect(settings.serviceUser == "b9pos")
        if case .scale(let scaleProtocol) = settings.targets[2].kind {
            #expect(scaleProtocol.name.rawValue == "cas")
        } else {
            Issue.record("the scale target has no protocol")
        }
        if case .display(let commandSet, let codePage) = settings.targets[4].kind {
            #expect(commandSet == .cd5220 && codePage == nil)
        } else {
            Issue.record("the display target has no command set")
        }
        let withPage = try await Self.settings(["devices.display": "serial:///dev/ttyUSB2", "devices.display_code_page": "cp858"])
        if case .display(let commandSet, let codePage) = withPage.targets.first?.kind {
            #expect(commandSet == .epson && codePage?.name == "PC858")
        } else {
            Issue.record("the display target lost its code page")
        }
        #expect(try await Self.settings(["service.user": "posuser"]).serviceUser == "posuser")
        #expect(try await Self.settings([:]).targets.isEmpty)
    }

    @Test("Bad values name their key")
    func badValues() async {
        for (overrides, key) in [
            (["devices.printer": "lp0"], "devices.printer"),
            (["devices.printer": "usblp:///dev/usb/lp0", "devices.printer_profile": "epson-9000"], "devices.printer_profile"),
            (["devices.scale": "serial:///dev/ttyUSB0"], "devices.scale_protocol"),
            (["devices.scale": "serial:///dev/ttyUSB0", "devices.scale_protocol": "acme"], "devices.scale_protocol"),
            (["devices.drawer": "serial:///dev/ttyUSB1", "devices.drawer_kick": "kick"], "devices.drawer_kick"),
            (["devices.display": "serial:///dev/ttyUSB2", "devices.display_protocol": "vfd"], "devices.display_protocol"),
            (["devices.display": "serial:///dev/ttyUSB2", "devices.display_code_page": "PC999"], "devices.display_code_page"),
            (["service.user": "a:b"], "service.user"),
        ] {
            await #expect(throws: ConfigurationError.self) { _ = try await Self.settings(overrides) }
            do {
                _ = try await Self.settings(overrides)
            } catch {
                #expect(error.key == key)
            }
        }
    }
}
