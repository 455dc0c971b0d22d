import ArgumentParser
import B9Core
import B9Devices
import B9Intake
import B9Scale
import B9ESCPOS
import Foundation
import Logging
import ServiceLifecycle

/// `b9terminal run --config FILE`: the station daemon systemd runs all day.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the station daemon: store, outbox publisher, MQTT link, local API and till page, systemd notifications.",
        discussion: """
            Configuration comes from the command-line options below, then B9TERMINAL_* environment variables \
            (B9TERMINAL_MQTT_HOST for mqtt.host), then the YAML file given with --config. See docs/configuration.md. \
            SIGTERM or SIGINT shut the daemon down gracefully; undelivered events stay in the outbox.
            """
    )

    @Option(name: .customLong("config"), help: "The YAML configuration file.")
    var configFile: String?
    @Option(help: "Station role: till, kitchen or weighing (key: role).")
    var role: String?
    @Option(name: .customLong("store-id"), help: "Store (shop) id (key: store.id).")
    var storeID: String?
    @Option(name: .customLong("terminal-id"), help: "Terminal id (key: store.terminal_id).")
    var terminalID: String?
    @Option(name: .customLong("store-path"), help: "SQLite store path (key: store.path).")
    var storePath: String?
    @Option(name: .customLong("mqtt-host"), help: "Broker host (key: mqtt.host).")
    var mqttHost: String?
    @Option(name: .customLong("mqtt-port"), help: "Broker port (key: mqtt.port).")
    var mqttPort: String?
    @Option(name: .customLong("api-port"), help: "Local API port on loopback, 0 for any free one (key: api.port).")
    var apiPort: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (key: log.level).")
    var logLevel: String?
    @Flag(name: .customLong("check-config"), help: "Read and check the configuration, print it (secrets redacted) and exit.")
    var checkConfig = false

    var overrides: [String: String] {
        var values: [String: String] = [:]
        values["role"] = role
        values["store.id"] = storeID
        values["store.terminal_id"] = terminalID
        values["store.path"] = storePath
        values["mqtt.host"] = mqttHost
        values["mqtt.port"] = mqttPort
        values["log.level"] = logLevel
        values["api.port"] = apiPort
        return values
    }

    func run() async throws {
        let configuration: TerminalConfiguration
        do {
            let reader = try await ConfigurationSources.reader(file: configFile, overrides: overrides, environment: ProcessInfo.processInfo.environment)
            configuration = try TerminalConfiguration(config: reader)
        } catch {
            throw fail(error.description, code: 78)  // EX_CONFIG
        }
        if checkConfig {
            print(configuration.summary)
            return
        }

        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = JournalLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "b9terminal")
        logger[metadataKey: "station.terminal_id"] = "\(configuration.terminalID)"

        let store: BillingStore
        do {
            let folder = (configuration.storePath as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            store = try BillingStore.open(
                path: configuration.storePath, storeID: configuration.storeID, terminalID: configuration.terminalID,
                maximumSizeBytes: configuration.maximumStoreSizeBytes
            )
        } catch {
            throw fail("could not open the store at \(configuration.storePath): \(error)")
        }
        let daemon: TerminalDaemon
        do {
            daemon = try TerminalDaemon(configuration: configuration, store: store, notifier: SystemdNotifier(), logger: logger)
        } catch {
            throw fail(error.description, code: 78)
        }
        if configuration.role == .till {
            do {
                let added = try await configuration.shop.provisionTables(in: store)
                if added > 0 { logger.info("added the configured dining tables", metadata: ["tables.added": "\(added)"]) }
            } catch {
                throw fail("could not set up restaurant.tables: \(error)", code: 78)
            }
        }
        var roleServices: [any Service] = []
        if configuration.role == .weighing, let weighing = configuration.weighing {
            do {
                let station = try WeighingStation(configuration: configuration, weighing: weighing, store: store, logger: logger)
                roleServices.append(WeighingService(station: station, logger: logger))
            } catch {
                throw fail(error.description, code: 78)
            }
        }
        logger.info("starting", metadata: ["station.role": "\(configuration.role.rawValue)", "store.path": "\(configuration.storePath)"])
        try await daemon.serviceGroup(roleServices: roleServices).run()
        logger.info("stopped")
    }
}

extension TerminalConfiguration {
    /// The effective configuration, one `key: value` per line; the password is shown as `<secret>`.
    var summary: String {
        var lines = [
            "role: \(role.rawValue)",
            "store.id: \(storeID)",
            "store.terminal_id: \(terminalID)",
            "store.path: \(storePath)",
            "store.max_size_mb: \(maximumStoreSizeBytes.map { String($0 / 1_048_576) } ?? "none")",
            "billing.currency: \(policy.currency.code)",
            "billing.rounding: \(policy.rounding.rawValue)",
            "billing.cash_rounding: \(policy.cashRounding.name(currency: policy.currency))",
            "billing.max_discount_percent: \(DecimalText.format(policy.maximumDiscountBasisPoints, scale: 2))",
            "billing.wallets: \(policy.tenders.mobileWallets.joined(separator: ", "))",
            "shop.variant: \(shop.rules.variant.rawValue)",
            "shop.features: \(shop.rules.features.map(\.rawValue).sorted().joined(separator: ", "))",
            "shop.time_zone: \(shop.pricing.timeZone.identifier)",
            "promotions: \(shop.pricing.promotions.count), floor \(DecimalText.format(shop.pricing.promotionRules.floorBasisPoints, scale: 2)) %",
            "restaurant.service_charge: \(shop.pricing.serviceCharge.map { "\(DecimalText.format($0.basisPoints, scale: 2)) % (\($0.vat))" } ?? "none")",
            "labels.weight_prefixes: \(shop.weightLabelPrefixes.isEmpty ? "none" : shop.weightLabelPrefixes.sorted().map(String.init).joined(separator: ", "))",
        ]
        if let mqtt {
            lines += [
                "mqtt.host: \(mqtt.host)",
                "mqtt.port: \(mqtt.port)",
                "mqtt.client_id: \(mqtt.clientID)",
                "mqtt.username: \(mqtt.username ?? "none")",
                "mqtt.password: \(mqtt.password == nil ? "none" : "<secret>")",
                "mqtt.tls.ca_file: \(mqtt.tls?.caFile ?? "none")",
                "mqtt.tls.cert_file: \(mqtt.tls?.certificateFile ?? "none")",
                "mqtt.tls.key_file: \(mqtt.tls?.keyFile ?? "none")",
                "mqtt.keepalive_seconds: \(mqtt.keepAliveSeconds)",
            ]
        } else {
            lines.append("mqtt.host: none (events wait in the outbox)")
        }
        if !kitchenPrinters.isEmpty || role == .kitchen {
            lines.append("kitchen.printers: \(kitchenPrinters.map(\.description).joined(separator: ", "))")
            lines.append("kitchen.printer_profile: \(kitchenPrinterProfile.id)")
        }
        if role == .kitchen {
            lines.append("kitchen.amber_after_seconds: \(kitchenDisplay.amberAfterSeconds)")
            lines.append("kitchen.red_after_seconds: \(kitchenDisplay.redAfterSeconds)")
            lines.append("kitchen.bump_bar: \(kitchenDisplay.bumpBar?.description ?? "none")")
        }
        lines.append("log.level: \(logLevel)")
        for target in devices.targets {
            lines.append("devices.\(target.name): \(target.address)")
        }
        lines.append("service.user: \(devices.serviceUser)")
        if let weighing {
            lines += [
                "weighing.sku: \(weighing.sku)",
                "weighing.minimum_kg: \(weighing.policy.minimum.amount)",
                "weighing.maximum_kg: \(weighing.policy.maximum.amount)",
                "weighing.consecutive_readings: \(weighing.policy.consecutiveReadings)",
            ]
        }
        if let api {
            lines += [
                "api.host: \(api.host ?? "none")",
                "api.port: \(api.port)",
                "api.socket: \(api.socketPath ?? "none")",
                "api.socket_group: \(api.socketGroup.map(String.init) ?? "none")",
                "api.token: <secret>",
            ]
        } else {
            lines.append("api.token: none (local API off)")
        }
        lines.append("metrics.listen: \(metrics.map { "\($0.host.contains(":") ? "[\($0.host)]" : $0.host):\($0.port)" } ?? "none")")
        return lines.joined(separator: "\n")
    }
}
