import Logging
import ServiceLifecycle

/// Tells systemd how the daemon is doing: `READY=1` once running, a `STATUS=` line every
/// ``statusInterval`` (from ``statusLine``), `WATCHDOG=1` at half of `WATCHDOG_USEC`, and
/// `STOPPING=1` when graceful shutdown begins. Does nothing without `NOTIFY_SOCKET`.
///
/// Put it last in the ``ServiceGroup``: it starts after (and stops before) what it reports on.
struct SystemdService: Service {
    let notifier: SystemdNotifier
    let statusInterval: Duration
    let statusLine: @Sendable () async -> String
    let logger: Logger

    init(notifier: SystemdNotifier, statusInterval: Duration = .seconds(10), logger: Logger, statusLine: @escaping @Sendable () async -> String) {
        self.notifier = notifier
        self.statusInterval = statusInterval
        self.statusLine = statusLine
        self.logger = logger
    }

    func run() async throws {
        guard notifier.isEnabled else {
            try? await gracefulShutdown()
            return
        }
        await report { try notifier.ready(status: await statusLine()) }
        let tick = min(statusInterval, notifier.watchdogInterval ?? statusInterval)
        var sinceStatus = Duration.zero
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
            } catch {
                break
            }
            if Task.isShuttingDownGracefully { break }
            if notifier.watchdogInterval != nil { await report { try notifier.watchdog() } }
            sinceStatus += tick
            if sinceStatus >= statusInterval {
                sinceStatus = .zero
                let line = await statusLine()
                await report { try notifier.status(line) }
            }
        }
        await report { try notifier.stopping(status: "shutting down") }
    }

    private func report(_ body: () async throws -> Void) async {
        do {
            try await body()
        } catch {
            logger.warning("could not notify systemd", metadata: ["error": "\(error)"])
        }
    }
}
