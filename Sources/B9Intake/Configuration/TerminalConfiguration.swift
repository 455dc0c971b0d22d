package import B9Core
package import B9Devices
package import B9ESCPOS
package import Configuration
import Foundation

/// Everything `b9terminal run` needs, read once at start-up from one ``ConfigReader`` (command-line
/// options, then `B9TERMINAL_*` environment variables, then the YAML file; see ``ConfigurationSources``).
///
/// Keys (all documented in docs/configuration.md and the README table):
///
/// | key | type | default |
/// |---|---|---|
/// | `role` | `till` \| `kitchen` \| `weighing` | `till` |
/// | `store.id` | string, no `/ + #` | required |
/// | `store.terminal_id` | string, no `/ + #` | required |
/// | `store.path` | file path | `/var/lib/b9terminal/b9terminal.sqlite` |
/// | `store.max_size_mb` | integer ≥ 1 | no limit |
/// | `billing.currency` | ISO 4217 code | `BDT` |
/// | `billing.rounding` | `half-up` \| `half-even` | `half-up` |
/// | `billing.cash_rounding` | `none` \| `0.25` \| `0.50` \| `1.00` | `none` |
/// | `billing.max_discount_percent` | decimal 0–100, ≤ 2 places | `20` |
/// | `billing.wallets` | list of names | `[bKash, Nagad]` |
/// | `shop.*`, `promotions.*`, `restaurant.*`, `labels.*` | see ``ShopSettings`` | a general shop |
/// | `mqtt.host` | host name or address | none: events wait in the outbox |
/// | `mqtt.port` | integer 1–65535 | 1883, or 8883 with TLS |
/// | `mqtt.client_id` | string | `b9pos-<store.id>-<store.terminal_id>` |
/// | `mqtt.username` | string | none |
/// | `mqtt.password` | string, secret | none |
/// | `mqtt.tls.ca_file` | PEM file | none (plain TCP) |
/// | `mqtt.tls.cert_file` | PEM file | none |
/// | `mqtt.tls.key_file` | PEM file | none |
/// | `mqtt.keepalive_seconds` | integer 5–3600 | 30 |
/// | `kitchen.printers` | list of device addresses, in failover order | required when `role` is `kitchen` without `api.token` |
/// | `kitchen.printer_profile` | printer profile id | `generic-80` |
/// | `kitchen.amber_after_seconds` | integer 1–86400 | 300 |
/// | `kitchen.red_after_seconds` | integer 1–86400, ≥ amber | 600 |
/// | `kitchen.bump_bar` | `evdev://` address | none |
/// | `kitchen.bump_bar_keys.{positions,next,previous,bump,recall}` | lists of key names | see ``KitchenBumpBarKeys`` |
/// | `log.level` | `trace` … `critical` | `info` |
/// | `api.token` | text, ≥ 16 characters, secret | none: the local API is off |
/// | `api.host` | loopback address \| `none` | `127.0.0.1` |
/// | `api.port` | integer 0–65535 | 8089 |
/// | `api.socket` | absolute path | none |
/// | `api.socket_group` | group name or gid | none |
/// | `metrics.listen` | `HOST:PORT` \| `none` | `127.0.0.1:9464` |
package struct TerminalConfiguration: Sendable {
    /// What the station does.
    package enum Role: String, Sendable, CaseIterable {
        case till, kitchen, weighing
    }

    package var role: Role
    package var storeID: String
    package var terminalID: String
    package var storePath: String
    package var maximumStoreSizeBytes: Int64?
    package var policy: BillingPolicy
    /// The shop's variant and the rules it switches on (``ShopSettings``).
    package var shop: ShopSettings
    /// Nil when `mqtt.host` is not set: the daemon runs without a broker and events wait in the outbox.
    package var mqtt: MQTTClientConfiguration?
    package var logLevel: String
    /// The station's devices and service user (`devices.*`, `service.user`).
    package var devices: DeviceSettings
    /// The `weighing.*` keys; read only for the `weighing` role.
    package var weighing: WeighingSettings?
    /// Nil when `api.token` is not set: no local API.
    package var api: LocalAPIConfiguration?
    /// Where `GET /metrics` is served; nil when `metrics.listen` is `none`.
    package var metrics: MetricsConfiguration?
    /// The kitchen ticket printers, first preferred (empty unless set).
    package var kitchenPrinters: [DeviceAddress]
    package var kitchenPrinterProfile: PrinterProfile
    /// The kitchen display page and bump bar (`kitchen.amber_after_seconds`, `kitchen.bump_bar`, …).
    package var kitchenDisplay: KitchenDisplaySettings

    package static let defaultStorePath = "/var/lib/b9terminal/b9terminal.sqlite"

    /// Reads and checks every key.
    /// - Throws: ``ConfigurationError`` naming the first bad key and the form it expects.
    package init(config: ConfigReader) throws(ConfigurationError) {
        let reader = KeyReader(config: config)
        role = try reader.choice("role", Role.self, default: .till)
        storeID = try reader.identifier("store.id")
        terminalID = try reader.identifier("store.terminal_id")
        storePath = try reader.string("store.path") ?? Self.defaultStorePath
        maximumStoreSizeBytes = try reader.integer("store.max_size_mb", in: 1...1_000_000).map { Int64($0) * 1_048_576 }

        let currencyCode = try reader.string("billing.currency") ?? "BDT"
        let currency: Currency
        do {
            currency = try Currency.named(currencyCode.uppercased())
        } catch {
            throw ConfigurationError(key: "billing.currency", expected: "an ISO 4217 code the till knows (\(Currency.known.map(\.code).joined(separator: ", ")))", found: currencyCode)
        }
        let roundingName = try reader.string("billing.rounding") ?? ArithmeticRounding.halfUp.rawValue
        guard let rounding = ArithmeticRounding(rawValue: roundingName), ArithmeticRounding.configurable.contains(rounding) else {
            throw ConfigurationError(key: "billing.rounding", expected: "half-up or half-even", found: roundingName)
        }
        let cashName = try reader.string("billing.cash_rounding") ?? "none"
        let cashRounding: CashRounding
        do {
            cashRounding = try CashRounding.named(cashName, currency: currency)
        } catch {
            throw ConfigurationError(key: "billing.cash_rounding", expected: "none, 0.25, 0.50 or 1.00 (a step in major units that the currency can express)", found: cashName)
        }
        let discountText = try reader.string("billing.max_discount_percent") ?? "20"
        guard let basisPoints = try? DecimalText.parse(discountText, scale: 2), (0...10_000).contains(basisPoints) else {
            throw ConfigurationError(key: "billing.max_discount_percent", expected: "a percentage from 0 to 100 with at most 2 decimals, e.g. 20 or 12.5", found: discountText)
        }
        let wallets = try reader.list("billing.wallets") ?? ["bKash", "Nagad"]
        if let empty = wallets.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ConfigurationError(key: "billing.wallets", expected: "a list of wallet names, none empty", found: "entry \(empty + 1) is empty")
        }
        do {
            policy = try BillingPolicy(
                currency: currency, rounding: rounding, cashRounding: cashRounding, maximumDiscountBasisPoints: basisPoints,
                tenders: TenderConfiguration(mobileWallets: wallets.map { $0.trimmingCharacters(in: .whitespaces) })
            )
        } catch {
            throw ConfigurationError(key: "billing", expected: "a valid billing policy: \(error.message)", found: nil)
        }

        if let host = try reader.string("mqtt.host"), !host.isEmpty {
            let tls: MQTTClientConfiguration.TLS?
            let caFile = try reader.string("mqtt.tls.ca_file")
            let certFile = try reader.string("mqtt.tls.cert_file")
            let keyFile = try reader.string("mqtt.tls.key_file")
            if let caFile {
                guard (certFile == nil) == (keyFile == nil) else {
                    throw ConfigurationError(key: certFile == nil ? "mqtt.tls.cert_file" : "mqtt.tls.key_file", expected: "set together with the other of mqtt.tls.cert_file and mqtt.tls.key_file", found: nil)
                }
                tls = .init(caFile: caFile, certificateFile: certFile, keyFile: keyFile)
            } else {
                guard certFile == nil, keyFile == nil else {
                    throw ConfigurationError(key: "mqtt.tls.ca_file", expected: "the PEM file of the CA that signed the broker's certificate, whenever a client certificate is set", found: nil)
                }
                tls = nil
            }
            var mqtt = MQTTClientConfiguration(
                host: host,
                port: try reader.integer("mqtt.port", in: 1...65_535) ?? (tls == nil ? 1883 : 8883),
                clientID: try reader.string("mqtt.client_id") ?? "b9pos-\(storeID)-\(terminalID)"
            )
            mqtt.username = try reader.string("mqtt.username")
            mqtt.password = try reader.string("mqtt.password", secret: true)
            mqtt.tls = tls
            mqtt.keepAliveSeconds = try reader.integer("mqtt.keepalive_seconds", in: 5...3_600) ?? 30
            mqtt.availability = .init(topic: "b9pos/\(storeID)/\(terminalID)/status")
            self.mqtt = mqtt
        } else {
            for key in ["mqtt.port", "mqtt.username", "mqtt.password", "mqtt.tls.ca_file"] {
                if try reader.string(key, secret: key == "mqtt.password") != nil {
                    throw ConfigurationError(key: "mqtt.host", expected: "the broker's host name, since \(key) is set", found: nil)
                }
            }
            mqtt = nil
        }
        var printers: [DeviceAddress] = []
        for text in try reader.list("kitchen.printers") ?? [] {
            do {
                printers.append(try DeviceAddress(parsing: text))
            } catch {
                throw ConfigurationError(key: "kitchen.printers", expected: "device addresses such as tcp://10.0.0.31:9100 or usblp:///dev/usb/lp0 (\(error.message))", found: text)
            }
        }
        kitchenPrinters = printers
        let profileName = try reader.string("kitchen.printer_profile") ?? PrinterProfile.generic80.id
        do {
            kitchenPrinterProfile = try PrinterProfile.named(profileName)
        } catch {
            throw ConfigurationError(key: "kitchen.printer_profile", expected: "one of " + PrinterProfile.all.map(\.id).joined(separator: ", "), found: profileName)
        }
        let level = try reader.string("log.level") ?? "info"
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(level) else {
            throw ConfigurationError(key: "log.level", expected: "one of trace, debug, info, notice, warning, error, critical", found: level)
        }
        logLevel = level
        shop = try ShopSettings(config: config)
        devices = try DeviceSettings(config: config)
        weighing = role == .weighing ? try WeighingSettings(config: config) : nil
        api = try reader.localAPI()
        kitchenDisplay = try KitchenDisplaySettings(reader: reader)
        if role == .kitchen, printers.isEmpty, api == nil {
            throw ConfigurationError(
                key: "kitchen.printers",
                expected: "at least one kitchen printer address for a kitchen station without the display (api.token), e.g. [tcp://10.0.0.31:9100]",
                found: nil
            )
        }
        metrics = try reader.metrics()
    }
}

/// Reads single keys and turns their failures into ``ConfigurationError``s (shared by the key groups).
package struct KeyReader {
    package let config: ConfigReader

    package func string(_ key: String, secret: Bool = false) throws(ConfigurationError) -> String? {
        // A value of the wrong shape (a mapping where text is expected) reads as absent.
        config.string(forKey: ConfigKey(key), isSecret: secret)
    }

    package func identifier(_ key: String) throws(ConfigurationError) -> String {
        guard let value = try string(key), !value.isEmpty else {
            throw ConfigurationError(key: key, expected: "a non-empty id without '/', '+' or '#'", found: nil)
        }
        guard !value.contains(where: { "/+# ".contains($0) }) else {
            throw ConfigurationError(key: key, expected: "a non-empty id without '/', '+', '#' or spaces (it becomes an MQTT topic level)", found: value)
        }
        return value
    }

    package func integer(_ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let text = try string(key) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ConfigurationError(key: key, expected: "an integer from \(range.lowerBound) to \(range.upperBound)", found: text)
        }
        return value
    }

    package func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, _ type: Choice.Type, default value: Choice) throws(ConfigurationError) -> Choice where Choice.RawValue == String {
        guard let text = try string(key) else { return value }
        guard let choice = Choice(rawValue: text) else {
            throw ConfigurationError(key: key, expected: "one of " + Choice.allCases.map(\.rawValue).joined(separator: ", "), found: text)
        }
        return choice
    }

    package func list(_ key: String) throws(ConfigurationError) -> [String]? {
        if let list = config.stringArray(forKey: ConfigKey(key)) { return list }
        if let single = config.string(forKey: ConfigKey(key)) {
            throw ConfigurationError(key: key, expected: "a list of names (a YAML sequence such as [bKash, Nagad])", found: single)
        }
        return nil
    }
}
