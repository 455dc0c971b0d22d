import B9Core
import B9Devices
import B9Intake
import Logging
import ServiceLifecycle
import UnixSignals

/// Assembles the services of a station into one ``ServiceGroup``, in dependency order (the group shuts
/// them down in reverse): MQTT client → outbox publisher → inbound events → role services (the
/// weighing station, the kitchen bump bar) → local HTTP/WebSocket API (when `api.token` is set; the
/// kitchen display on a kitchen station) → systemd notifications.
/// The store is opened before and outlives the group. Inbound events depend on the role: a till keeps
/// other tills' stock movements and the kitchen's statuses of its orders (and, in a restaurant, sends
/// again the orders no status answered); a kitchen station prints the orders routed to it and reports
/// their status.
///
/// A till's devices (printer behind the print queue, drawer, display, scale, scanner) come from the
/// `devices.*` keys and run as ``TillDeviceService`` before the local API; kinds they leave out may
/// come from ``simulatedDevices`` (the demo's).
struct TerminalDaemon: Sendable {
    let configuration: TerminalConfiguration
    let store: BillingStore
    let client: MQTTClient?
    let publisher: OutboxPublisher?
    let notifier: SystemdNotifier
    let logger: Logger
    /// What the local API pushes to its WebSocket clients.
    let events = EventBroadcaster()
    /// The kitchen display of a kitchen station with the local API on (`api.token`).
    let kitchenBoard: KitchenBoard?
    /// Stand-ins for the device kinds the `devices.*` keys leave out (the demo's simulated scanner,
    /// scale and display, fed through the API).
    var simulatedDevices: TillDevices?
    /// Told the metrics endpoint's port (tests).
    var onMetricsListening: @Sendable (Int) async -> Void = { _ in }
    /// Services the caller adds after the role's (the demo's simulators).
    var extraServices: [any Service] = []
    /// Told where the local API listens (tests learn the port here).
    var onAPIListening: @Sendable (LocalAPIServer.Listening) async -> Void = { _ in }
    /// Where the devices' hot-plug events come from (udev; tests inject their own).
    var hotplug: HotplugSource = .udev

    /// How the till's devices and the bump bar are brought up and followed for hot-plug events.
    var deviceBringUp: DeviceBringUp {
        DeviceBringUp(logger: logger, serviceUser: configuration.devices.serviceUser, hotplug: hotplug)
    }

    /// Creates the MQTT client (when `mqtt.host` is set) and the services around it; nothing runs yet.
    /// - Throws: ``MQTTError`` when the MQTT options are refused (unreadable TLS files).
    init(
        configuration: TerminalConfiguration, store: BillingStore, notifier: SystemdNotifier, logger: Logger,
        publisherConfiguration: OutboxPublisher.Configuration = .init()
    ) throws(MQTTError) {
        self.configuration = configuration
        self.store = store
        self.notifier = notifier
        self.logger = logger
        if configuration.role == .kitchen, configuration.api != nil {
            kitchenBoard = KitchenBoard(store: store, events: events, settings: configuration.kitchenDisplay)
        } else {
            kitchenBoard = nil
        }
        if let mqtt = configuration.mqtt {
            let client = try MQTTClient(configuration: mqtt, logger: logger)
            self.client = client
            self.publisher = OutboxPublisher(store: store, client: client, configuration: publisherConfiguration, logger: logger)
        } else {
            self.client = nil
            self.publisher = nil
        }
    }

    /// The print queue's folder: beside the store, so it lives and is backed up with it.
    static func printSpoolDirectory(storePath: String) -> String { storePath + ".print-spool" }

    /// The one-line state for `systemctl status`: role, broker link, outbox depth.
    func statusLine() async -> String {
        let pending = (try? await store.pendingEventCount()).map(String.init) ?? "?"
        let link: String
        if let client {
            link = client.isConnected ? "MQTT connected" : "MQTT reconnecting"
        } else {
            link = "MQTT not configured"
        }
        return "\(configuration.role.rawValue) \(configuration.terminalID): \(link), outbox \(pending) pending"
    }

    /// The MQTT client, the outbox publisher and the role's inbound services, in that order; none
    /// when `mqtt.host` is not set.
    func messagingServices() -> [any Service] {
        guard let client, let publisher else { return [] }
        return [MQTTService(client: client, logger: logger), publisher] + inboundServices(client: client)
    }

    /// The services that consume the broker's messages for this station's role.
    func inboundServices(client: MQTTClient) -> [any Service] {
        switch configuration.role {
        case .kitchen:
            let printer = KitchenPrinter(
                printers: configuration.kitchenPrinters, profile: configuration.kitchenPrinterProfile, logger: logger
            )
            return [KitchenOrderSubscriber(store: store, client: client, printer: printer, logger: logger, board: kitchenBoard)]
        case .till:
            let stock = StockMovementSubscriber(store: store, client: client, logger: logger)
            let kitchen = KitchenStatusSubscriber(store: store, logger: logger, events: events)
            let storeID = store.storeID
            var services: [any Service] = []
            if configuration.shop.kitchenRouting != nil {
                let publisher = publisher
                services.append(KitchenOrderResender(store: store, policy: configuration.shop.kitchenResend, logger: logger) { publisher?.wake() })
            }
            return services + [
                InboundRouter(client: client, routes: [
                    .init(filter: StockMovementSubscriber.filter(storeID: storeID), suffix: "/stock/moved") { message in
                        if case .ignored(let reason) = await stock.handle(message) { return reason }
                        return nil
                    },
                    .init(filter: KitchenStatusSubscriber.filter(storeID: storeID), suffix: "/kitchen/order/status_changed") { message in
                        if case .ignored(let reason) = await kitchen.handle(message) { return reason }
                        return nil
                    },
                ], logger: logger)
            ]
        case .weighing:
            return [StockMovementSubscriber(store: store, client: client, logger: logger)]
        }
    }

    /// The till's devices, built from the `devices.*` keys (kinds left out come from
    /// ``simulatedDevices``), the board their states go to, and the service that runs them.
    func tillDeviceSetup(events: EventBroadcaster) -> (TillDevices, DeviceStatusBoard, PrintJobQueue?, TillDeviceService?) {
        let none = TillDevices(printer: .init(port: NoReceiptPrinter(), name: "none"))
        guard configuration.role == .till else { return (none, DeviceStatusBoard(devices: none, events: events), nil, nil) }
        let settings = configuration.devices
        var names = TillHardware.names(settings)
        if let simulated = simulatedDevices {
            for (kind, name) in simulated.names where (names[kind] ?? nil) == nil { names[kind] = name }
        }
        let board = DeviceStatusBoard(names: names, events: events)
        var devices = none
        var queue: PrintJobQueue?
        var service: TillDeviceService?
        if !settings.targets.isEmpty {
            do {
                let hardware = try TillHardware(
                    settings: settings, store: store, spoolDirectory: Self.printSpoolDirectory(storePath: configuration.storePath),
                    status: board, logger: logger)
                devices = hardware.devices
                queue = hardware.queue
                service = TillDeviceService(hardware: hardware, status: board, logger: logger, startup: deviceBringUp)
            } catch {
                logger.error("the till's devices could not be set up; receipts stay unconfirmed", metadata: ["error": "\(error)"])
            }
        }
        if let simulated = simulatedDevices {
            if devices.printer.name == "none" { devices.printer = simulated.printer }
            devices.drawer = devices.drawer ?? simulated.drawer
            devices.display = devices.display ?? simulated.display
            devices.scale = devices.scale ?? simulated.scale
            if devices.scanner == nil {
                devices.scanner = simulated.scanner
                devices.simulatedScanner = simulated.simulatedScanner
            }
        }
        return (devices, board, queue, service)
    }

    /// The group to run; SIGTERM and SIGINT start a graceful shutdown.
    /// - Parameter roleServices: what the role adds (the weighing station), started after MQTT and before systemd notification.
    func serviceGroup(statusInterval: Duration = .seconds(10), roleServices: [any Service] = []) -> ServiceGroup {
        var services = messagingServices()
        if services.isEmpty {
            logger.notice("mqtt.host is not set: events stay in the outbox until a broker is configured")
        }
        services += roleServices
        services += extraServices
        if let kitchenBoard, let bumpBar = configuration.kitchenDisplay.bumpBar {
            services.append(KitchenBumpBar(
                device: ManagedDevice(address: bumpBar, driver: BumpBarDriver()), keys: configuration.kitchenDisplay.keys,
                board: kitchenBoard, logger: logger, startup: deviceBringUp))
        }
        let (devices, board, printQueue, deviceService) = tillDeviceSetup(events: events)
        if let deviceService { services.append(deviceService) }
        if let api = configuration.api {
            let session = TillSession(
                store: store, policy: configuration.policy, shop: Receipt.Shop(name: configuration.storeID),
                devices: devices, events: events, settings: configuration.shop, status: board
            )
            services.append(LocalAPIServer(
                configuration: api, session: session, role: configuration.role.rawValue, logger: logger, kitchen: kitchenBoard,
                onListening: onAPIListening
            ))
        } else {
            logger.notice("api.token is not set: the local API and till page are off")
        }
        if let listen = configuration.metrics {
            var connected: (@Sendable () -> Bool)?
            if let client { connected = { client.isConnected } }
            let metrics = StationMetrics(
                store: store, status: configuration.role == .till ? board : nil, queue: printQueue, mqttConnected: connected)
            services.append(MetricsServer(host: listen.host, port: listen.port, metrics: metrics, logger: logger, onListening: onMetricsListening))
        }
        services.append(SystemdService(notifier: notifier, statusInterval: statusInterval, logger: logger, statusLine: { await self.statusLine() }))
        var group = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(10)
        return ServiceGroup(configuration: group)
    }
}
