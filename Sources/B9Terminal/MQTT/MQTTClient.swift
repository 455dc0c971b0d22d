import B9Intake
import CB9Linux
import CMosquitto
import Foundation
import Logging
import Synchronization

/// A station's connection to the MQTT broker, over libmosquitto (MQTT 3.1.1).
///
/// One owner of the `struct mosquitto *` handle. One network thread of ours drives libmosquitto
/// with `poll(2)` (see ``runNetworkLoop()``); its callbacks are non-capturing C functions that find this object through
/// the `Unmanaged` userdata pointer, update state under a `Mutex` and hand results to Swift through
/// continuations and `AsyncStream`s. No async Swift code runs on the network thread.
///
/// - QoS 1 publishes complete on PUBACK (``publish(topic:payload:retain:timeout:)``); the message id
///   maps to a waiting continuation. libmosquitto keeps unacknowledged messages and sends them again
///   after a reconnect; a receipt says whether that happened (``PublishReceipt/resent``).
/// - Persistent session: clean session false with the stable ``MQTTClientConfiguration/clientID``.
/// - Availability: `online` (retained) after every CONNACK, `offline` (retained) as the last will and
///   on ``stop()``.
/// - Reconnects by itself with exponential back-off (`reconnectDelaySeconds` doubling up to
///   `reconnectDelayMaximumSeconds`, reset by a successful connect); subscriptions
///   are renewed on every connect (a broker restarted without persistence forgets them).
///
/// Call ``start()`` once and ``stop()`` once; ``stop()`` must run before the last reference goes.
final class MQTTClient: @unchecked Sendable {
    // @unchecked: `handle` is only passed to libmosquitto functions that are safe to call from any
    // thread in threaded mode (libmosquitto is built with pthreads on Debian; `mosquitto_publish`
    // and `mosquitto_subscribe` only queue, under its own mutexes); reading, writing and reconnecting
    // happen on our network thread alone. Every Swift-side mutable value lives in `state`, guarded
    // by its Mutex.
    private let handle: OpaquePointer
    private let state = Mutex(State())
    /// An eventfd that wakes the network thread out of `poll(2)`: written after every packet queued
    /// from another thread and by ``stop()``. -1 when it could not be created (``start()`` throws).
    private let wakeDescriptor: Int32
    private let wakeErrno: Int32
    private let logger: Logger
    let configuration: MQTTClientConfiguration

    /// Every message received on this client's subscriptions, in arrival order.
    let messages: AsyncStream<MQTTMessage>
    private let messageSink: AsyncStream<MQTTMessage>.Continuation
    /// Connects, refusals and disconnects, in order.
    let connectionEvents: AsyncStream<MQTTConnectionEvent>
    private let eventSink: AsyncStream<MQTTConnectionEvent>.Continuation

    /// What ``publish(topic:payload:retain:timeout:)`` returns once the broker acknowledged the message.
    struct PublishReceipt: Sendable, Hashable {
        let messageID: Int32
        /// libmosquitto sent the message again after a reconnect before the PUBACK came, so the
        /// subscribers may have seen it twice.
        let resent: Bool
    }

    /// A publish handed to libmosquitto and not yet acknowledged; see ``enqueue(topic:payload:retain:)``.
    struct Ticket: Sendable, Hashable {
        let messageID: Int32
        fileprivate let serial: UInt64
    }

    private struct Pending {
        let serial: UInt64
        let connectsAtEnqueue: Int
        let connectedAtEnqueue: Bool
        var waiter: CheckedContinuation<Result<PublishReceipt, MQTTError>, Never>?
        var outcome: Result<PublishReceipt, MQTTError>?
    }

    private struct State {
        var started = false
        var stopping = false
        var connected = false
        var connectCount = 0
        var nextSerial: UInt64 = 0
        var pending: [Int32: Pending] = [:]
        var connectWaiters: [UInt64: CheckedContinuation<Result<Void, MQTTError>, Never>] = [:]
        /// In the order they were asked for; re-sent in that order after every reconnect.
        var subscriptions: [String] = []
        var lastRefusal: String?
        /// The network thread is running; ``stop()`` waits in `loopEndWaiters` for it to end.
        var loopRunning = false
        var loopEndWaiters: [CheckedContinuation<Void, Never>] = []
        /// Set by ``stop()``: the network thread ends by then even if the DISCONNECT is not written.
        var disconnectDeadline: ContinuousClock.Instant?
    }

    /// Creates the client and sets every option; does not connect yet.
    /// - Throws: ``MQTTError/Code/configuration`` when libmosquitto refuses an option (TLS files
    ///   missing or unreadable, bad client id).
    init(configuration: MQTTClientConfiguration, logger: Logger) throws(MQTTError) {
        _ = MosquittoLibrary.initialized
        self.configuration = configuration
        self.logger = logger
        guard let handle = mosquitto_new(configuration.clientID, !configuration.persistentSession, nil) else {
            throw MQTTError(.configuration, "could not create the MQTT client '\(configuration.clientID)': out of memory or an invalid client id")
        }
        self.handle = handle
        wakeDescriptor = CB9Linux_wake_descriptor()
        wakeErrno = wakeDescriptor < 0 ? errno : 0
        (messages, messageSink) = AsyncStream.makeStream(of: MQTTMessage.self, bufferingPolicy: .unbounded)
        (connectionEvents, eventSink) = AsyncStream.makeStream(of: MQTTConnectionEvent.self, bufferingPolicy: .bufferingNewest(64))
        // On failure deinit destroys the handle (every stored property is set by now).
        try configure()
    }

    deinit {
        mosquitto_destroy(handle)
        if wakeDescriptor >= 0 { close(wakeDescriptor) }
    }

    private func configure() throws(MQTTError) {
        let configuration = configuration
        if configuration.username != nil || configuration.password != nil {
            try check(
                mosquitto_username_pw_set(handle, configuration.username ?? "", configuration.password),
                .configuration, "could not set the MQTT username and password"
            )
        }
        if let tls = configuration.tls {
            for path in [tls.caFile, tls.certificateFile, tls.keyFile].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: path) {
                throw MQTTError(.configuration, "the TLS file \(path) does not exist or cannot be read; check mqtt.tls.* and the file's permissions")
            }
            guard (tls.certificateFile == nil) == (tls.keyFile == nil) else {
                throw MQTTError(.configuration, "mqtt.tls.cert_file and mqtt.tls.key_file go together: set both or neither")
            }
            try check(
                mosquitto_tls_set(handle, tls.caFile, nil, tls.certificateFile, tls.keyFile, nil),
                .configuration, "libmosquitto refused the TLS files (CA \(tls.caFile)); check they are PEM and the key matches the certificate"
            )
        }
        if let availability = configuration.availability {
            let payload = Array(availability.offline.utf8)
            try check(
                mosquitto_will_set(handle, availability.topic, Int32(payload.count), payload, 1, true),
                .configuration, "could not set the last will on \(availability.topic)"
            )
        }
        // Without TCP_NODELAY, Nagle's algorithm holds each small PUBLISH written from our threads
        // until the broker's delayed ACK (about 40 ms on Linux) whenever 20 are in flight: the outbox
        // drained at a few hundred events/s while the process sat idle.
        try check(mosquitto_int_option(handle, MOSQ_OPT_TCP_NODELAY, 1), .configuration, "could not set TCP_NODELAY")
        mosquitto_connect_callback_set(handle) { _, userdata, rc in
            MQTTClient.from(userdata)?.didConnect(rc)
        }
        mosquitto_disconnect_callback_set(handle) { _, userdata, rc in
            MQTTClient.from(userdata)?.didDisconnect(rc)
        }
        mosquitto_publish_callback_set(handle) { _, userdata, mid in
            MQTTClient.from(userdata)?.didPublish(mid)
        }
        mosquitto_message_callback_set(handle) { _, userdata, message in
            guard let client = MQTTClient.from(userdata), let message else { return }
            client.didReceive(message.pointee)
        }
    }

    private static func from(_ userdata: UnsafeMutableRawPointer?) -> MQTTClient? {
        guard let userdata else { return nil }
        return Unmanaged<MQTTClient>.fromOpaque(userdata).takeUnretainedValue()
    }

    // MARK: Lifecycle

    /// Starts the network thread, which connects at once. Returns at once; when the broker is not
    /// reachable the client keeps trying with back-off (see ``waitUntilConnected()``).
    /// - Throws: ``MQTTError/Code/configuration`` when the network thread cannot be set up.
    func start() throws(MQTTError) {
        let first = state.withLock { state -> Bool in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        guard wakeDescriptor >= 0 else {
            throw MQTTError(.configuration, "could not create the MQTT network thread's wake-up descriptor: \(String(cString: strerror(wakeErrno))); raise the process's open-file limit")
        }
        // Publishes from other threads only queue; the network thread writes them (see wake()).
        mosquitto_threaded_set(handle, true)
        // The network thread holds a reference until it ends; stop() waits for that.
        let userdata = Unmanaged.passRetained(self).toOpaque()
        mosquitto_user_data_set(handle, userdata)
        state.withLock { $0.loopRunning = true }
        let thread = Thread { [self] in
            self.runNetworkLoop()
            self.networkLoopEnded()
        }
        thread.name = "mqtt network"
        thread.start()
    }

    /// The network thread: connects (again) with exponential back-off while there is no connection,
    /// and otherwise waits in `poll(2)` on the broker socket and the wake-up descriptor, then lets
    /// libmosquitto read, write and keep the connection alive.
    ///
    /// Why not `mosquitto_loop_start`: libmosquitto's own loop waits with `select(2)`, which cannot
    /// watch a descriptor numbered 1024 or above (`FD_SETSIZE`). A till process with printers,
    /// scanners, SQLite, HTTP clients and child processes open passes that number, and the MQTT
    /// link then never connects and never sends a ping. `poll(2)` has no such limit.
    private func runNetworkLoop() {
        let initialDelay = max(1, configuration.reconnectDelaySeconds) * 1_000
        let maximumDelay = max(configuration.reconnectDelaySeconds, configuration.reconnectDelayMaximumSeconds) * 1_000
        var delay = initialDelay
        var everConnected = false
        var attempts = 0
        while true {
            let (stopping, disconnectDeadline, connected) = state.withLock { ($0.stopping, $0.disconnectDeadline, $0.connected) }
            if connected { delay = initialDelay }
            let socket = mosquitto_socket(handle)
            if socket < 0 {
                if stopping { return }
                // The first attempt goes at once; later ones after the back-off (stop() cuts it short).
                if attempts > 0 || everConnected {
                    waitForWake(milliseconds: delay)
                    if state.withLock({ $0.stopping }) { return }
                    delay = min(delay * 2, maximumDelay)
                }
                attempts += 1
                let rc = connect(again: everConnected)
                if rc == MOSQ_ERR_SUCCESS.rawValue {
                    everConnected = true
                } else if attempts == 1 || attempts % 10 == 0 {
                    logger.info("broker not reachable yet; retrying with back-off", metadata: [
                        "mqtt.broker": "\(configuration.host):\(configuration.port)", "mqtt.reason": "\(MosquittoLibrary.describe(rc))",
                        "mqtt.attempts": "\(attempts)",
                    ])
                }
                continue
            }
            if let disconnectDeadline, ContinuousClock.now > disconnectDeadline { return }
            let wantWrite = mosquitto_want_write(handle)
            var fds = [
                pollfd(fd: socket, events: Int16(POLLIN) | (wantWrite ? Int16(POLLOUT) : 0), revents: 0),
                pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            // One second at most, so keep-alive pings go out on time.
            let ready = poll(&fds, 2, 1_000)
            if ready < 0 && errno != EINTR {
                logger.error("waiting on the broker socket failed", metadata: ["error": "\(String(cString: strerror(errno)))"])
                waitForWake(milliseconds: 100)
                continue
            }
            var woken = false
            if fds[1].revents & Int16(POLLIN) != 0 {
                var count: UInt64 = 0
                _ = read(wakeDescriptor, &count, 8)
                woken = true
            }
            var rc = MOSQ_ERR_SUCCESS.rawValue
            if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                rc = mosquitto_loop_read(handle, 1)
            }
            // After a read: callbacks (CONNACK, a PUBACK) may have queued packets of their own.
            if rc == MOSQ_ERR_SUCCESS.rawValue, mosquitto_socket(handle) >= 0,
                fds[0].revents & Int16(POLLOUT) != 0 || woken || mosquitto_want_write(handle)
            {
                rc = mosquitto_loop_write(handle, 1)
            }
            if rc == MOSQ_ERR_SUCCESS.rawValue, mosquitto_socket(handle) >= 0 {
                rc = mosquitto_loop_misc(handle)
            }
            // An error has closed the socket and called didDisconnect; the top of the loop reconnects.
        }
    }

    /// One connection attempt. Plain TCP connects without blocking (the loop finishes it); TLS
    /// connects the TCP link before returning so the handshake can run on read readiness.
    private func connect(again: Bool) -> Int32 {
        let tls = configuration.tls != nil
        if again {
            return tls ? mosquitto_reconnect(handle) : mosquitto_reconnect_async(handle)
        }
        let host = configuration.host
        let port = Int32(configuration.port)
        let keepAlive = Int32(configuration.keepAliveSeconds)
        return tls ? mosquitto_connect(handle, host, port, keepAlive) : mosquitto_connect_async(handle, host, port, keepAlive)
    }

    /// Sleeps up to `milliseconds`, or less when ``wake()`` is called.
    private func waitForWake(milliseconds: Int) {
        var fd = pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)
        if poll(&fd, 1, Int32(clamping: milliseconds)) > 0 {
            var count: UInt64 = 0
            _ = read(wakeDescriptor, &count, 8)
        }
    }

    /// Wakes the network thread: something was queued for it to write, or stop() wants it to look.
    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeDescriptor, &one, 8)
    }

    /// Runs on the network thread as it ends: drops its reference and lets ``stop()`` go on.
    private func networkLoopEnded() {
        let waiters = state.withLock { state in
            state.loopRunning = false
            defer { state.loopEndWaiters = [] }
            return state.loopEndWaiters
        }
        for waiter in waiters { waiter.resume() }
        if let userdata = mosquitto_userdata(handle) {
            mosquitto_user_data_set(handle, nil)
            Unmanaged<MQTTClient>.fromOpaque(userdata).release()
        }
    }

    /// Publishes `offline` (retained, waiting up to `goodbyeTimeout` for its PUBACK), disconnects,
    /// waits for the network thread to end and fails whatever still waits with
    /// ``MQTTError/Code/shutDown``. Unacknowledged messages are dropped from memory; the outbox
    /// still has them.
    func stop(goodbyeTimeout: Duration = .seconds(2)) async {
        let (wasStarted, wasConnected) = state.withLock { state -> (Bool, Bool) in
            let result = (state.started && !state.stopping, state.connected)
            state.stopping = true
            return result
        }
        guard wasStarted else { return }
        wake()
        if wasConnected, let availability = configuration.availability {
            _ = await publish(topic: availability.topic, payload: Array(availability.offline.utf8), retain: true, timeout: goodbyeTimeout)
        }
        // The network thread writes the DISCONNECT and ends when the socket closes, or after the
        // deadline when the broker does not take it.
        state.withLock { $0.disconnectDeadline = .now + goodbyeTimeout }
        mosquitto_disconnect(handle)
        wake()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ended = state.withLock { state -> Bool in
                if !state.loopRunning { return true }
                state.loopEndWaiters.append(continuation)
                return false
            }
            if ended { continuation.resume() }
        }
        let (pending, waiters) = state.withLock { state in
            defer {
                state.pending = [:]
                state.connectWaiters = [:]
                state.connected = false
            }
            return (state.pending.values.compactMap(\.waiter), Array(state.connectWaiters.values))
        }
        let error = MQTTError(.shutDown, "the MQTT client was stopped")
        for waiter in pending { waiter.resume(returning: .failure(error)) }
        for waiter in waiters { waiter.resume(returning: .failure(error)) }
        messageSink.finish()
        eventSink.finish()
    }

    /// Whether the client is connected right now (CONNACK 0 seen, no disconnect since).
    var isConnected: Bool { state.withLock { $0.connected } }

    /// Returns once connected; at once when already connected.
    /// - Throws: ``MQTTError/Code/shutDown`` when the client stops first, or the task is cancelled.
    func waitUntilConnected() async throws(MQTTError) {
        let id = state.withLock { state -> UInt64 in
            state.nextSerial += 1
            return state.nextSerial
        }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, MQTTError>, Never>) in
                let immediate: Result<Void, MQTTError>? = state.withLock { state in
                    if state.connected { return .success(()) }
                    if state.stopping || Task.isCancelled { return .failure(MQTTError(.shutDown, "stopped while waiting for the broker")) }
                    state.connectWaiters[id] = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.connectWaiters.removeValue(forKey: id) }
            waiter?.resume(returning: .failure(MQTTError(.shutDown, "cancelled while waiting for the broker")))
        }
        try result.get()
    }

    // MARK: Publishing

    /// Hands one QoS 1 message to libmosquitto and returns at once. Messages enqueued one after the
    /// other leave in that order. Pair every ticket with ``acknowledgement(of:timeout:)``.
    ///
    /// When the link is down libmosquitto keeps the message and sends it after reconnecting.
    /// - Throws: ``MQTTError/Code/rejected`` for a bad topic or oversized payload,
    ///   ``MQTTError/Code/shutDown`` after ``stop()``.
    func enqueue(topic: String, payload: [UInt8], retain: Bool = false) throws(MQTTError) -> Ticket {
        let result: Result<Ticket, MQTTError> = state.withLock { state in
            if state.stopping && !state.connected {
                return .failure(MQTTError(.shutDown, "the MQTT client is stopped"))
            }
            var mid: Int32 = 0
            // The lock is held across the call so the PUBACK callback (network thread) cannot look
            // for this message id before it is registered. libmosquitto does not call back into us
            // from mosquitto_publish in threaded mode: it only queues the packet.
            let rc = payload.withUnsafeBytes { bytes in
                mosquitto_publish(handle, &mid, topic, Int32(bytes.count), bytes.baseAddress, 1, retain)
            }
            guard rc == MOSQ_ERR_SUCCESS.rawValue || rc == MOSQ_ERR_NO_CONN.rawValue else {
                return .failure(MQTTError(.rejected, "libmosquitto refused to publish on \(topic): \(MosquittoLibrary.describe(rc))", mosquittoCode: rc))
            }
            state.nextSerial += 1
            state.pending[mid] = Pending(
                serial: state.nextSerial, connectsAtEnqueue: state.connectCount,
                connectedAtEnqueue: state.connected && rc == MOSQ_ERR_SUCCESS.rawValue
            )
            return .success(Ticket(messageID: mid, serial: state.nextSerial))
        }
        wake()
        return try result.get()
    }

    /// Waits for the PUBACK of an enqueued message.
    /// - Throws: ``MQTTError/Code/timedOut`` after `timeout` (the message may still arrive later),
    ///   ``MQTTError/Code/shutDown`` when the client stops or the task is cancelled.
    func acknowledgement(of ticket: Ticket, timeout: Duration) async throws(MQTTError) -> PublishReceipt {
        let results = await acknowledgements(of: [ticket], timeout: timeout)
        return try (results.first ?? .failure(MQTTError(.shutDown, "stopped while waiting for a PUBACK"))).get()
    }

    /// Waits for the PUBACKs of enqueued messages under one deadline, and returns one outcome per
    /// ticket in the order given: a receipt, ``MQTTError/Code/timedOut`` for those still unacknowledged
    /// after `timeout`, ``MQTTError/Code/shutDown`` when the client stops or the task is cancelled.
    ///
    /// One timer for the whole window, not one per message: the outbox drains thousands of events
    /// a second and a timer task per event cost more than the publishing.
    func acknowledgements(of tickets: [Ticket], timeout: Duration) async -> [Result<PublishReceipt, MQTTError>] {
        await withTaskGroup(of: [Result<PublishReceipt, MQTTError>]?.self) { group in
            group.addTask {
                var results: [Result<PublishReceipt, MQTTError>] = []
                results.reserveCapacity(tickets.count)
                for ticket in tickets { results.append(await self.waitForAcknowledgement(ticket)) }
                return results
            }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                } catch {
                    return nil
                }
                for ticket in tickets {
                    self.abandon(ticket, with: MQTTError(.timedOut, "no PUBACK for message \(ticket.messageID) within \(timeout)"))
                }
                return nil
            }
            var outcome: [Result<PublishReceipt, MQTTError>]?
            while let next = await group.next() {
                if let next {
                    outcome = next
                    group.cancelAll()
                }
            }
            return outcome ?? tickets.map { _ in .failure(MQTTError(.shutDown, "stopped while waiting for a PUBACK")) }
        }
    }

    /// Publishes one QoS 1 message and waits for its PUBACK.
    @discardableResult
    func publish(topic: String, payload: [UInt8], retain: Bool = false, timeout: Duration = .seconds(30)) async -> Result<PublishReceipt, MQTTError> {
        do {
            let ticket = try enqueue(topic: topic, payload: payload, retain: retain)
            return .success(try await acknowledgement(of: ticket, timeout: timeout))
        } catch {
            return .failure(error)
        }
    }

    private func waitForAcknowledgement(_ ticket: Ticket) async -> Result<PublishReceipt, MQTTError> {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<PublishReceipt, MQTTError>, Never>) in
                let immediate: Result<PublishReceipt, MQTTError>? = state.withLock { state in
                    guard var pending = state.pending[ticket.messageID], pending.serial == ticket.serial else {
                        return .failure(MQTTError(.shutDown, "message \(ticket.messageID) is no longer tracked"))
                    }
                    if let outcome = pending.outcome {
                        state.pending[ticket.messageID] = nil
                        return outcome
                    }
                    pending.waiter = continuation
                    state.pending[ticket.messageID] = pending
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            abandon(ticket, with: MQTTError(.shutDown, "cancelled while waiting for a PUBACK"))
        }
    }

    /// Stops tracking `ticket` and fails its waiter with `error`.
    private func abandon(_ ticket: Ticket, with error: MQTTError) {
        let waiter = state.withLock { state -> CheckedContinuation<Result<PublishReceipt, MQTTError>, Never>? in
            guard let pending = state.pending[ticket.messageID], pending.serial == ticket.serial else { return nil }
            if pending.waiter == nil {
                // A PUBACK that came before anyone waited for it stands; only an open wait fails.
                if pending.outcome == nil { state.pending[ticket.messageID]?.outcome = .failure(error) }
                return nil
            }
            state.pending[ticket.messageID] = nil
            return pending.waiter
        }
        waiter?.resume(returning: .failure(error))
    }

    // MARK: Subscribing

    /// Subscribes to `filter` at QoS 1, now if connected and again after every reconnect. Messages
    /// arrive on ``messages``.
    func subscribe(_ filter: String) throws(MQTTError) {
        let connected = state.withLock { state in
            if !state.subscriptions.contains(filter) { state.subscriptions.append(filter) }
            return state.connected
        }
        guard connected else { return }
        let rc = mosquitto_subscribe(handle, nil, filter, 1)
        wake()
        guard rc == MOSQ_ERR_SUCCESS.rawValue || rc == MOSQ_ERR_NO_CONN.rawValue else {
            throw MQTTError(.rejected, "could not subscribe to \(filter): \(MosquittoLibrary.describe(rc))", mosquittoCode: rc)
        }
    }

    // MARK: Callbacks (network thread)

    private func didConnect(_ rc: Int32) {
        guard rc == 0 else {
            let reason = String(cString: mosquitto_connack_string(rc))
            state.withLock { $0.lastRefusal = reason }
            logger.warning("broker refused the connection", metadata: ["mqtt.connack": "\(rc)", "mqtt.reason": "\(reason)"])
            eventSink.yield(.refused(code: rc, reason: reason))
            return
        }
        let (filters, waiters) = state.withLock { state in
            state.connected = true
            state.connectCount += 1
            state.lastRefusal = nil
            let waiters = Array(state.connectWaiters.values)
            state.connectWaiters = [:]
            return (state.subscriptions, waiters)
        }
        if let availability = configuration.availability {
            let payload = Array(availability.online.utf8)
            mosquitto_publish(handle, nil, availability.topic, Int32(payload.count), payload, 1, true)
        }
        for filter in filters {
            mosquitto_subscribe(handle, nil, filter, 1)
        }
        logger.info("connected to the broker", metadata: ["mqtt.broker": "\(configuration.host):\(configuration.port)", "mqtt.client_id": "\(configuration.clientID)"])
        eventSink.yield(.connected)
        for waiter in waiters { waiter.resume(returning: .success(())) }
    }

    private func didDisconnect(_ rc: Int32) {
        let (expected, wasConnected) = state.withLock { state in
            defer { state.connected = false }
            return (state.stopping, state.connected)
        }
        let reason = rc == 0 ? "disconnected on request" : MosquittoLibrary.describe(rc)
        if !expected {
            // A connect attempt that failed while the broker is away ends here too: one warning when
            // the link drops, not one per retry.
            if wasConnected {
                logger.warning("lost the broker; reconnecting with back-off", metadata: ["mqtt.reason": "\(reason)"])
            } else {
                logger.debug("connect attempt failed; retrying with back-off", metadata: ["mqtt.reason": "\(reason)"])
            }
        }
        eventSink.yield(.disconnected(expected: expected, reason: reason))
    }

    private func didPublish(_ mid: Int32) {
        let waiter = state.withLock { state -> (CheckedContinuation<Result<PublishReceipt, MQTTError>, Never>, PublishReceipt)? in
            guard var pending = state.pending[mid] else { return nil }
            let reconnects = state.connectCount - pending.connectsAtEnqueue
            let receipt = PublishReceipt(messageID: mid, resent: reconnects > (pending.connectedAtEnqueue ? 0 : 1))
            guard let waiter = pending.waiter else {
                if pending.outcome == nil {
                    pending.outcome = .success(receipt)
                    state.pending[mid] = pending
                }
                return nil
            }
            state.pending[mid] = nil
            return (waiter, receipt)
        }
        if let (waiter, receipt) = waiter { waiter.resume(returning: .success(receipt)) }
    }

    private func didReceive(_ message: mosquitto_message) {
        guard let topicPointer = message.topic else { return }
        let topic = String(cString: topicPointer)
        var payload: [UInt8] = []
        if let bytes = message.payload, message.payloadlen > 0 {
            payload = Array(UnsafeRawBufferPointer(start: bytes, count: Int(message.payloadlen)))
        }
        messageSink.yield(MQTTMessage(topic: topic, payload: payload, qos: message.qos, retained: message.retain))
    }

    // MARK: Testing support

    /// The broker socket's descriptor number, -1 while not connected.
    var socketDescriptor: Int32 { mosquitto_socket(handle) }

    /// Cuts the TCP connection without an MQTT DISCONNECT, as a pulled cable would: the broker publishes
    /// the last will and the client reconnects with back-off.
    func severConnectionWithoutGoodbye() {
        let fd = mosquitto_socket(handle)
        if fd >= 0 { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func check(_ rc: Int32, _ code: MQTTError.Code, _ message: String) throws(MQTTError) {
        guard rc == MOSQ_ERR_SUCCESS.rawValue else {
            throw MQTTError(code, "\(message): \(MosquittoLibrary.describe(rc))", mosquittoCode: rc)
        }
    }
}

/// libmosquitto's process-wide set-up and its error texts.
enum MosquittoLibrary {
    /// `mosquitto_lib_init()`, run once before the first client is created.
    static let initialized: Bool = {
        mosquitto_lib_init() == MOSQ_ERR_SUCCESS.rawValue
    }()

    /// `mosquitto_strerror` for a libmosquitto return code.
    static func describe(_ rc: Int32) -> String {
        if rc == MOSQ_ERR_ERRNO.rawValue {
            return String(cString: strerror(errno))
        }
        return String(cString: mosquitto_strerror(rc))
    }
}
