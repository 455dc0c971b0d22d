import B9Core
import Logging
import ServiceLifecycle
import UnixSignals

/// Assembles the services of a till station into one ``ServiceGroup``, in dependency order (the
/// group shuts them down in reverse): MQTT client → outbox publisher → inbound stock movements →
/// systemd notifications. The store is opened before and outlives the group.
///
/// Device services (printer, scanner, scale, drawer, display), the local HTTP/WebSocket API and
/// the kitchen and weighing roles join here once the device layer is wired in.
struct TerminalDaemon: Sendable {
    let configuration: TerminalConfiguration
    let store: BillingStore
    let client: MQTTClient?
    let publisher: OutboxPublisher?
    let notifier: SystemdNotifier
    let logger: Logger

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

    /// The group to run; SIGTERM and SIGINT start a graceful shutdown.
    /// - Parameter roleServices: what the role adds (the weighing station), started after MQTT and before systemd notification.
    func serviceGroup(statusInterval: Duration = .seconds(10), roleServices: [any Service] = []) -> ServiceGroup {
        var services: [any Service] = []
        if let client, let publisher {
            services.append(MQTTService(client: client, logger: logger))
            services.append(publisher)
            services.append(StockMovementSubscriber(store: store, client: client, logger: logger))
        } else {
            logger.notice("mqtt.host is not set: events stay in the outbox until a broker is configured")
        }
        services += roleServices
        services.append(SystemdService(notifier: notifier, statusInterval: statusInterval, logger: logger, statusLine: { await self.statusLine() }))
        var group = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(10)
        return ServiceGroup(configuration: group)
    }
}
