import B9Core
import Logging
import ServiceLifecycle
import UnixSignals

/// Assembles the services of a station into one ``ServiceGroup``, in dependency order (the group shuts
/// them down in reverse): MQTT client → outbox publisher → inbound events → role services (the
/// weighing station, the kitchen bump bar) → local HTTP/WebSocket API (when `api.token` is set; the
/// kitchen display on a kitchen station) → systemd notifications.
/// The store is opened before and outlives the group. Inbound events depend on the role: a till keeps
/// other tills' stock movements and the kitchen's statuses of its orders; a kitchen station prints the
/// orders routed to it and reports their status.
///
/// The till's device services (printer, scanner, scale, drawer, display) join here once wired in;
/// until then the API's devices are ``tillDevices``.
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
    /// The devices the local API drives.
    var tillDevices = TillDevices(printer: .init(port: NoReceiptPrinter(), name: "none"))
    /// Told where the local API listens (tests learn the port here).
    var onAPIListening: @Sendable (LocalAPIServer.Listening) async -> Void = { _ in }

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
            let kitchen = KitchenStatusSubscriber(store: store, logger: logger)
            let storeID = store.storeID
            return [
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

    /// The group to run; SIGTERM and SIGINT start a graceful shutdown.
    /// - Parameter roleServices: what the role adds (the weighing station), started after MQTT and before systemd notification.
    func serviceGroup(statusInterval: Duration = .seconds(10), roleServices: [any Service] = []) -> ServiceGroup {
        var services: [any Service] = []
        if let client, let publisher {
            services.append(MQTTService(client: client, logger: logger))
            services.append(publisher)
            services.append(contentsOf: inboundServices(client: client))
        } else {
            logger.notice("mqtt.host is not set: events stay in the outbox until a broker is configured")
        }
        services += roleServices
        if let kitchenBoard, let bumpBar = configuration.kitchenDisplay.bumpBar {
            services.append(KitchenBumpBar(address: bumpBar, keys: configuration.kitchenDisplay.keys, board: kitchenBoard, logger: logger))
        }
        if let api = configuration.api {
            let session = TillSession(
                store: store, policy: configuration.policy, shop: Receipt.Shop(name: configuration.storeID),
                devices: tillDevices, events: events, settings: configuration.shop
            )
            services.append(LocalAPIServer(
                configuration: api, session: session, role: configuration.role.rawValue, logger: logger, kitchen: kitchenBoard,
                onListening: onAPIListening
            ))
        } else {
            logger.notice("api.token is not set: the local API and till page are off")
        }
        services.append(SystemdService(notifier: notifier, statusInterval: statusInterval, logger: logger, statusLine: { await self.statusLine() }))
        var group = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(10)
        return ServiceGroup(configuration: group)
    }
}
