import Logging
import ServiceLifecycle

/// The one consumer of an ``MQTTClient``'s ``MQTTClient/messages``: subscribes every route's filter and
/// hands each message to the route whose topic suffix it has (a station subscribes to several kinds of
/// event, and a stream has one reader).
struct InboundRouter: Service {
    /// One kind of inbound event.
    struct Route: Sendable {
        let filter: String
        /// The topic ending that selects this route (`/stock/moved`).
        let suffix: String
        /// Handles a message; returns a reason when it was ignored, for the log.
        let handle: @Sendable (MQTTMessage) async -> String?
    }

    let client: MQTTClient
    let routes: [Route]
    let logger: Logger
    /// Runs once before the first message is read (work left from before a restart).
    var prepare: @Sendable () async -> Void = {}

    func run() async throws {
        for route in routes { try client.subscribe(route.filter) }
        await prepare()
        for await message in client.messages.cancelOnGracefulShutdown() {
            guard let route = routes.first(where: { message.topic.hasSuffix($0.suffix) }) else {
                logger.warning("ignored an inbound message", metadata: ["mqtt.topic": "\(message.topic)", "reason": "no subscriber for this topic"])
                continue
            }
            if let reason = await route.handle(message) {
                logger.warning("ignored an inbound message", metadata: ["mqtt.topic": "\(message.topic)", "reason": "\(reason)"])
            }
        }
    }
}
