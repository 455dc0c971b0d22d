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
        /// Times the outbox was read for a window (an idle publisher reads once per wake or poll).
        var reads = 0
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
        // The last event handed to the broker while every window so far was acknowledged: the next
        // window is read after it, so it goes out while the previous one is still being marked.
        var lastSent: Int64?
        // Marking the previous window delivered (one SQLite commit), overlapping the next window.
        var marking: Task<Void, any Error>?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await self.client.waitUntilConnected() }
            } catch {
                break
            }
            let roundSucceeded: Bool
            do {
                let batch = try await store.pendingEvents(after: lastSent, limit: configuration.window)
                counters.withLock { $0.reads += 1 }
                if batch.isEmpty {
                    try await Self.finish(&marking)
                    if lastSent != nil {
                        // Read again from the oldest undelivered event before idling.
                        lastSent = nil
                        continue
                    }
                    await idle()
                    continue
                }
                let outcome = await send(batch)
                try await Self.finish(&marking)
                marking = Task { try await self.record(outcome) }
                if outcome.failed.isEmpty {
                    lastSent = batch.last?.sequence
                    roundSucceeded = true
                } else {
                    try await Self.finish(&marking)
                    lastSent = nil
                    roundSucceeded = false
                }
            } catch {
                logger.error("could not read or update the outbox; retrying", metadata: ["error": "\(error)"])
                lastSent = nil
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
        do {
            try await Self.finish(&marking)
        } catch {
            logger.error("could not mark the last events delivered; they will be sent again", metadata: ["error": "\(error)"])
        }
        logger.info("outbox publisher stopped", metadata: ["outbox.delivered": "\(statistics.delivered)"])
    }

    /// Waits for the marking of the previous window, passing on its error.
    private static func finish(_ marking: inout Task<Void, any Error>?) async throws {
        guard let task = marking else { return }
        marking = nil
        try await task.value
    }

    /// Waits for ``wake()``, the poll interval or graceful shutdown, whichever comes first.
    private func idle() async {
        let interval = configuration.pollInterval
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    // Ends at the poll interval, or cancelled below or with the publisher.
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
                await group.waitForAll()
            }
        } onGracefulShutdown: {
            self.wake()
        }
        // The outbox is read next whatever woke us, so a wake left behind (the cancelled poll's own)
        // is spent here. Kept, it made every later idle return at once: the publisher then read the
        // outbox in a tight loop for good after its first event.
        wakeState.withLock { $0.pending = false }
    }

    /// What became of one window of events at the broker.
    private struct WindowOutcome: Sendable {
        var delivered: [String] = []
        /// Acknowledged, but libmosquitto had sent them again after a reconnect.
        var resent: [String] = []
        /// Not acknowledged (or not handed to the client): they stay in the outbox.
        var failed: [String] = []
    }

    /// Publishes `batch` in order and waits for the PUBACKs, under one deadline for the window.
    private func send(_ batch: [OutboxEvent]) async -> WindowOutcome {
        var outcome = WindowOutcome()
        var tickets: [MQTTClient.Ticket] = []
        var sent: [OutboxEvent] = []
        for event in batch {
            do {
                tickets.append(try client.enqueue(topic: event.topic, payload: Array(event.payload.utf8)))
                sent.append(event)
            } catch {
                logger.warning("could not hand an event to the MQTT client", metadata: [
                    "outbox.event_id": "\(event.eventID)", "mqtt.topic": "\(event.topic)", "error": "\(error)",
                ])
                outcome.failed.append(event.eventID)
                break
            }
        }
        let results = await client.acknowledgements(of: tickets, timeout: configuration.acknowledgementTimeout)
        for (event, result) in zip(sent, results) {
            switch result {
            case .success(let receipt):
                outcome.delivered.append(event.eventID)
                if receipt.resent { outcome.resent.append(event.eventID) }
            case .failure:
                outcome.failed.append(event.eventID)
            }
        }
        return outcome
    }

    /// Marks what was acknowledged delivered and counts the attempts of what was sent again.
    private func record(_ outcome: WindowOutcome) async throws(CoreError) {
        if !outcome.delivered.isEmpty {
            try await store.markDelivered(outcome.delivered)
        }
        for eventID in outcome.resent + outcome.failed {
            try await store.recordAttempt(eventID)
        }
        counters.withLock {
            $0.delivered += outcome.delivered.count
            $0.redelivered += outcome.resent.count + outcome.failed.count
        }
        if !outcome.failed.isEmpty {
            logger.warning("events not acknowledged; they stay in the outbox and are sent again", metadata: ["outbox.unacknowledged": "\(outcome.failed.count)"])
        }
    }
}
