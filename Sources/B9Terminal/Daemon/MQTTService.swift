import Logging
import ServiceLifecycle

/// Runs an ``MQTTClient`` for the life of the daemon: starts it, and on graceful shutdown publishes
/// `offline`, disconnects and joins the network thread.
///
/// Put it in the ``ServiceGroup`` before the services that publish through the client, so it shuts
/// down after them.
struct MQTTService: Service {
    let client: MQTTClient
    let logger: Logger

    func run() async throws {
        try client.start()
        logger.info("MQTT client started", metadata: ["mqtt.broker": "\(client.configuration)"])
        try? await gracefulShutdown()
        await client.stop()
    }
}
