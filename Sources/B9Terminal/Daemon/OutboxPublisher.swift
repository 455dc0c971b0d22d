import B9Core
import Logging
import ServiceLifecycle
import Synchronization

/// Drains the store's outbox to the broker: in sequence order, at most ``Configuration/window``
/// messages in flight, each event marked delivered only once its PUBACK came.
///
/// When the broker is away the events simply stay in the outbox (which lives in the sale's SQLite
/// transaction, not in libmosquitto's memory); the service waits for the connection and carries on.
/// An event sent more than once (no PUBACK in time, or libmosquitto resent it after a reconnect) has
/// its `attempts` counter raised, so redeliveries are counted; consumers drop duplicates by event id.
///
/// Looks for new events at once when this process commits one (the store's outbox observation calls
/// ``wake()``), and every ``Configuration/pollInterval`` for events written by another process into
/// the same file. Idle, it sleeps: no timer faster than the poll interval runs.
final class OutboxPublisher: Service, Sendable {
    /// Tuning of the drain loop.
    struct Configuration: Sendable {
        /// Most events published and not yet acknowledged (libmosquitto queues without bound, so the
        /// bound is ours).
        var window: Int = 64
        /// How often to look for new events when idle. Events committed through this process's store
        /// wake the publisher at once; the poll only finds events another process wrote into the
        /// same file, so it can be slow (each poll costs a handful of thread wake-ups).
        var pollInterval: Duration = .seconds(5)
        /// How long to wait for one PUBACK before counting an attempt and sending the event again.
        var acknowledgementTimeout: Duration = .seconds(30)
        /// Back-off after a failed round (no PUBACK, store error): doubles from the first to the maximum.
        var retryDelay: Duration = .milliseconds(500)
        var retryDelayMaximum: Duration = .seconds(30)
    }

    /// Counters since start, for status lines and metrics.
    struct Statistics: Sendable, Hashable {
        var delivered = 0
        /// Events sent again (timed out or resent by libmosquitto after a reconnect).
        var redelivered = 0
        var failedRounds = 0
    }

    private let store: BillingStore
    private let client: MQTTClient
    private let configuration: Configuration
    private let logger: Logger
    private let counters = Mutex(Statistics())
    /// A wake-up that came while not idle, or the idle loop waiting for one.
    private let wakeState = Mutex<(pending: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    init(store: BillingStore, client: MQTTClient, configuration: Configuration = Configuration(), logger: Logger) {
        self.store = store
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    var statistics: Statistics { counters.withLock { $0 } }

    /// Looks at the outbox now instead of at the next poll (call after committing a sale).
    func wake() {
        let waiter = wakeState.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    func run() async throws {
        let observation = store.observeOutboxAdditions { [self] in wake() }
        defer { observation.cancel() }
        var delay = configuration.retryDelay
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await self.client.waitUntilConnected() }
            } catch {
                break
            }
            let roundSucceeded: Bool
            do {
                let batch = try await store.pendingEvents(limit: configuration.window)
                if batch.isEmpty {
                    await idle()
                    continue
                }
                roundSucceeded = try await deliver(batch)
            } catch {
                logger.error("could not read or update the outbox; retrying", metadata: ["error": "\(error)"])
                roundSucceeded = false
            }
            if roundSucceeded {
                delay = configuration.retryDelay
            } else {
                counters.withLock { $0.failedRounds += 1 }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, configuration.retryDelayMaximum)
            }
        }
        logger.info("outbox publisher stopped", metadata: ["outbox.delivered": "\(statistics.delivered)"])
    }

    /// Waits for ``wake()`` or the poll interval, whichever comes first.
    private func idle() async {
        let interval = configuration.pollInterval
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: interval)
                self.wake()
            }
            group.addTask {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let woken = self.wakeState.withLock { state -> Bool in
                        if state.pending {
                            state.pending = false
                            return true
                        }
                        state.waiter = continuation
                        return false
                    }
                    if woken { continuation.resume() }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Publishes `batch` in order, then marks what was acknowledged; returns whether every event was.
    private func deliver(_ batch: [OutboxEvent]) async throws(CoreError) -> Bool {
        var tickets: [(OutboxEvent, MQTTClient.Ticket)] = []
        var failed: [String] = []
        for event in batch {
            do {
                tickets.append((event, try client.enqueue(topic: event.topic, payload: Array(event.payload.utf8))))
            } catch {
                logger.warning("could not hand an event to the MQTT client", metadata: [
                    "outbox.event_id": "\(event.eventID)", "mqtt.topic": "\(event.topic)", "error": "\(error)",
                ])
                failed.append(event.eventID)
                break
            }
        }
        var delivered: [String] = []
        var resent: [String] = []
        for (event, ticket) in tickets {
            do {
                let receipt = try await client.acknowledgement(of: ticket, timeout: configuration.acknowledgementTimeout)
                delivered.append(event.eventID)
                if receipt.resent { resent.append(event.eventID) }
            } catch {
                failed.append(event.eventID)
            }
        }
        if !delivered.isEmpty {
            try await store.markDelivered(delivered)
        }
        for eventID in resent + failed {
            try await store.recordAttempt(eventID)
        }
        counters.withLock {
            $0.delivered += delivered.count
            $0.redelivered += resent.count + failed.count
        }
        if !failed.isEmpty {
            logger.warning("events not acknowledged; they stay in the outbox and are sent again", metadata: ["outbox.unacknowledged": "\(failed.count)"])
        }
        return failed.isEmpty
    }
}
