package import B9Devices
package import B9ESCPOS
import B9Scale
package import Configuration

/// The station's devices and the account the daemon runs as, read from the `devices.*` and
/// `service.*` keys. Every device key is optional: a station has only the devices it has.
///
/// | key | form | default |
/// |---|---|---|
/// | `devices.printer` | device address (`usblp:///dev/usb/lp0`, `tcp://…:9100`, `serial://…`, `usb://…`) | none |
/// | `devices.printer_profile` | printer profile id (`b9terminal escpos profiles`) | `generic-80` |
/// | `devices.scanner` | device address (`evdev://…`, `hidraw://…`, `serial://…`) | none |
/// | `devices.scale` | `serial://` address | none |
/// | `devices.scale_protocol` | scale protocol (`mt-sics`, `toledo-8217`, `cas`, …) | required with `devices.scale` |
/// | `devices.drawer` | `serial://` address of a drawer interface | none |
/// | `devices.drawer_kick` | `bel` or `dtr` | `bel` |
/// | `devices.printer_drawer` | `pin2`, `pin5` or `none`: a drawer on the receipt printer's kick-out connector | `pin2` with `devices.printer` and no `devices.drawer` |
/// | `devices.display` | device address | none |
/// | `devices.display_protocol` | `epson`, `cd5220`, `adm788`, `aedex`, `logic-controls` | `epson` |
/// | `devices.display_code_page` | `PC437`, `PC850`, `PC858`, `PC852`, `PC866`, `WPC1252` | none (ASCII only) |
/// | `service.user` | account name | `b9pos` |
package struct DeviceSettings: Sendable {
    /// One configured device: the key it came from and how diagnostics talk to it.
    package var targets: [DiagnosticTarget]
    package var serviceUser: String
    /// The kick-out pin of a drawer behind the receipt printer, nil when there is none.
    package var printerDrawerPin: DrawerPin?

    package static let defaultServiceUser = "b9pos"

    /// Reads and checks the keys.
    /// - Throws: ``ConfigurationError`` naming the first bad key, with an example of the right form.
    package init(config: ConfigReader) throws(ConfigurationError) {
        let reader = KeyReader(config: config)
        var targets: [DiagnosticTarget] = []
        if let printer = try Self.address("devices.printer", reader) {
            let profileID = try reader.string("devices.printer_profile") ?? PrinterProfile.generic80.id
            let profile: PrinterProfile
            do {
                profile = try PrinterProfile.named(profileID)
            } catch {
                throw ConfigurationError(key: "devices.printer_profile", expected: "one of \(PrinterProfile.all.map(\.id).joined(separator: ", "))", found: profileID)
            }
            targets.append(DiagnosticTarget(name: "printer", address: printer, kind: .printer(profile)))
        }
        if let scanner = try Self.address("devices.scanner", reader) {
            targets.append(DiagnosticTarget(name: "scanner", address: scanner, kind: .scanner))
        }
        if let scale = try Self.address("devices.scale", reader) {
            guard let name = try reader.string("devices.scale_protocol") else {
                throw ConfigurationError(key: "devices.scale_protocol", expected: "the scale's protocol (\(ScaleProtocolName.all.map(\.rawValue).joined(separator: ", "))) since devices.scale is set", found: nil)
            }
            let protocolName: ScaleProtocolName
            do {
                protocolName = try ScaleProtocolName(parsing: name)
            } catch {
                throw ConfigurationError(key: "devices.scale_protocol", expected: "one of \(ScaleProtocolName.all.map(\.rawValue).joined(separator: ", "))", found: name)
            }
            targets.append(DiagnosticTarget(name: "scale", address: scale, kind: .scale(makeScaleProtocol(protocolName))))
        }
        if let drawer = try Self.address("devices.drawer", reader) {
            let kickName = try reader.string("devices.drawer_kick") ?? "bel"
            let kick: CashDrawerDriver.Kick
            switch kickName {
            case "bel": kick = .byte(0x07)
            case "dtr": kick = .dtrPulse(.milliseconds(200))
            default: throw ConfigurationError(key: "devices.drawer_kick", expected: "bel (send BEL 0x07) or dtr (a 200 ms DTR pulse)", found: kickName)
            }
            targets.append(DiagnosticTarget(name: "drawer", address: drawer, kind: .drawer(kick)))
        }
        if let display = try Self.address("devices.display", reader) {
            let name = try reader.string("devices.display_protocol") ?? "epson"
            guard let commandSet = DisplayCommandSet(name: name) else {
                throw ConfigurationError(key: "devices.display_protocol", expected: "one of \(DisplayCommandSet.all.map(\.description).joined(separator: ", "))", found: name)
            }
            var codePage: CodePage?
            if let pageName = try reader.string("devices.display_code_page") {
                guard let page = CodePage.named(pageName) else {
                    throw ConfigurationError(key: "devices.display_code_page", expected: "one of \(CodePage.all.map(\.name).joined(separator: ", "))", found: pageName)
                }
                codePage = page
            }
            targets.append(DiagnosticTarget(name: "display", address: display, kind: .display(commandSet, codePage: codePage)))
        }
        self.targets = targets
        let hasPrinter = targets.contains { $0.name == "printer" }
        let hasDrawer = targets.contains { $0.name == "drawer" }
        switch try reader.string("devices.printer_drawer") ?? (hasPrinter && !hasDrawer ? "pin2" : "none") {
        case "none": printerDrawerPin = nil
        case "pin2" where hasPrinter && !hasDrawer: printerDrawerPin = .pin2
        case "pin5" where hasPrinter && !hasDrawer: printerDrawerPin = .pin5
        case let other:
            throw ConfigurationError(key: "devices.printer_drawer", expected: "pin2, pin5 or none, with devices.printer set and devices.drawer not set", found: other)
        }
        let user = try reader.string("service.user") ?? Self.defaultServiceUser
        guard !user.isEmpty, !user.contains(where: { $0 == ":" || $0 == " " || $0 == "/" }) else {
            throw ConfigurationError(key: "service.user", expected: "a local account name such as b9pos", found: user)
        }
        serviceUser = user
    }

    private static func address(_ key: String, _ reader: KeyReader) throws(ConfigurationError) -> DeviceAddress? {
        guard let text = try reader.string(key), !text.isEmpty else { return nil }
        do {
            return try DeviceAddress(parsing: text)
        } catch {
            throw ConfigurationError(key: key, expected: "a device address (\(error.message))", found: text)
        }
    }
}
