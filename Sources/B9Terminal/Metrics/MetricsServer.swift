import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Serves `GET /metrics` (Prometheus text exposition format 0.0.4) on its own listener, `metrics.listen`.
/// No token: the figures hold no secrets, and the listener is on loopback unless configured otherwise.
/// A listener that cannot bind is logged and leaves the rest of the daemon running.
struct MetricsServer: Service {
    let host: String
    let port: Int
    let metrics: StationMetrics
    let logger: Logger
    /// Told the port once the listener accepts connections (tests).
    var onListening: @Sendable (Int) async -> Void = { _ in }

    func run() async throws {
        let router = Router()
        let metrics = metrics
        router.get("/metrics") { _, _ -> Response in
            let body = await metrics.scrape()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        let logger = logger
        let host = host
        let onListening = onListening
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "b9terminal-metrics"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                // Not `url=`: scripts and tests find the local API's URL by that key.
                logger.info("metrics listening", metadata: ["address": "\(host.contains(":") ? "[\(host)]" : host):\(port)", "path": "/metrics"])
                await onListening(port)
            },
            logger: logger
        )
        do {
            try await app.run()
        } catch {
            logger.error("the metrics endpoint could not listen; the daemon goes on without it", metadata: [
                "metrics.listen": "\(host):\(port)", "error": "\(error)",
            ])
            try? await gracefulShutdown()
        }
    }
}
