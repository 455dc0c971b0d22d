import Synchronization

/// One device with the UnifiedPOS life cycle, event stream and automatic reconnect, generic over
/// the device-class logic (``DeviceDriver``).
///
/// ```swift
/// let scanner = ManagedDevice(address: address, driver: BarcodeScannerDriver(...))
/// try await scanner.open(); try await scanner.claim(); try await scanner.enable()
/// for await event in scanner.events { ... }
/// ```
///
/// - `claim()` opens the transport (exclusively where the transport can) and runs the driver's
///   `prepare`.
/// - `enable()` starts delivering events: a reader task runs the driver's `receive`. When the
///   transport ends with ``DeviceError/Code/disconnected`` (hang-up, `ECONNRESET`, unplug) the
///   device emits `disconnected`, then reopens the same address with ``ReconnectPolicy`` back-off,
///   emitting `reconnecting` per failed attempt and `reconnected` when it is back.
/// - ``claimWhenPresent(onFailedAttempt:)`` is `claim()` for the first bring-up of a configured
///   device that may not be plugged in yet: it keeps trying with the same ``ReconnectPolicy``
///   back-off as a reconnect.
/// - ``hotplugAdded()`` and ``hotplugRemoved()`` (called by ``HotplugReconnector`` on udev events
///   for this device's node) cut the back-off short — of a reconnect and of a first bring-up — and
///   mark the device away at once.
/// - ``events`` has a single consumer (the daemon fans it out); it finishes on `close()`.
public actor ManagedDevice<Driver: DeviceDriver> {
    /// Opens a transport for an address; tests and simulators substitute their own.
    public typealias Connector = @Sendable (DeviceAddress) async throws(DeviceError) -> any DeviceTransport

    public nonisolated let address: DeviceAddress
    public nonisolated let driver: Driver
    public nonisolated let policy: ReconnectPolicy
    /// Data, status and error events, in order.
    public nonisolated let events: AsyncStream<DeviceEvent<Driver.Payload>>

    private let continuation: AsyncStream<DeviceEvent<Driver.Payload>>.Continuation
    private let connector: Connector
    private let stateBox = StateBox()
    private var transport: (any DeviceTransport)?
    private var pump: Task<Void, Never>?
    private var lastError: DeviceError?
    /// The back-off wait in progress, cancelled by ``hotplugAdded()``.
    private var backoff: Task<Void, Never>?
    /// A hot-plug `add` came while a reopen attempt was under way: try again without waiting.
    private var wakePending = false
    /// A first bring-up (``claimWhenPresent(onFailedAttempt:)``) is waiting for the device.
    private var bringingUp = false

    public init(address: DeviceAddress, driver: Driver, policy: ReconnectPolicy = .default,
                connector: @escaping Connector = { address throws(DeviceError) in
                    try await TransportFactory.open(address)
                }) {
        self.address = address
        self.driver = driver
        self.policy = policy
        self.connector = connector
        (events, continuation) = AsyncStream.makeStream(of: DeviceEvent<Driver.Payload>.self)
    }

    /// The current life-cycle state.
    public var state: DeviceState { stateBox.value }

    private var emitter: DeviceEmitter<Driver.Payload> {
        let box = stateBox
        return DeviceEmitter(continuation: continuation, state: { box.value })
    }

    private func setState(_ new: DeviceState) {
        guard stateBox.value != new else { return }
        stateBox.value = new
        continuation.yield(.status(DeviceStatus(.stateChanged, "now \(new)", state: new)))
    }

    private func require(_ expected: DeviceState, for operation: String) throws(DeviceError) {
        guard state == expected else {
            throw DeviceError(
                .illegalState, "\(operation) needs the device \(expected), but it is \(state)",
                device: address.description)
        }
    }

    /// `closed → opened`. No I/O.
    public func open() throws(DeviceError) {
        try require(.closed, for: "open")
        setState(.opened)
    }

    /// `opened → claimed`: opens the transport and prepares the device.
    public func claim() async throws(DeviceError) {
        try require(.opened, for: "claim")
        transport = try await connectAndPrepare()
        setState(.claimed)
    }

    /// `opened → claimed` for a device that may not be there yet (the daemon's first bring-up): tries
    /// at once, then again with the ``ReconnectPolicy`` back-off — the same waits as a reconnect after
    /// an unplug — until the device opens. A hot-plug `add` for it (``hotplugAdded()``) ends the wait
    /// at once. No events are emitted for the failed attempts; `onFailedAttempt` is told of each
    /// (attempt 1, 2, …), so the caller can report the first one and stay quiet about the rest.
    ///
    /// - Throws: `closed` when the task is cancelled or the device is closed meanwhile; the last
    ///   open error when the policy's `maximumAttempts` run out; `illegalState` unless `opened`.
    public func claimWhenPresent(
        onFailedAttempt: @Sendable (_ attempt: Int, _ error: DeviceError) async -> Void = { _, _ in }
    ) async throws(DeviceError) {
        try require(.opened, for: "claim")
        guard !bringingUp else {
            throw DeviceError(.illegalState, "the device is already being brought up", device: address.description)
        }
        bringingUp = true
        wakePending = false
        defer {
            bringingUp = false
            wakePending = false
        }
        let result = await openWithBackoff(waitFirst: false, keepGoing: { self.state == .opened }) { attempt, error in
            await onFailedAttempt(attempt, error)
        }
        guard let opened = result?.transport else {
            if Task.isCancelled || state != .opened {
                throw DeviceError(.closed, "bring-up stopped before the device was there (cancelled or closed)",
                                  device: address.description)
            }
            throw lastError ?? DeviceError(.notFound, "the device did not appear", device: address.description)
        }
        guard state == .opened, transport == nil else {
            await opened.close()
            throw DeviceError(.illegalState, "the device was claimed or closed during its bring-up",
                              device: address.description)
        }
        transport = opened
        setState(.claimed)
    }

    /// `claimed → enabled`: starts delivering events.
    public func enable() throws(DeviceError) {
        try require(.claimed, for: "enable")
        setState(.enabled)
        // The reader is tied to the enabled state: disable/release/close cancel and await it.
        pump = Task { await self.runPump() }
    }

    /// `enabled → claimed`: stops delivering events; the transport stays open.
    public func disable() async {
        guard state == .enabled else { return }
        await stopPump()
        setState(.claimed)
    }

    /// `claimed/enabled → opened`: closes the transport.
    public func release() async {
        await disable()
        guard state == .claimed else { return }
        if let transport { await transport.close() }
        transport = nil
        setState(.opened)
    }

    /// Any state `→ closed`; finishes ``events`` (and ends a first bring-up still waiting).
    public func close() async {
        await release()
        backoff?.cancel()
        setState(.closed)
        continuation.finish()
    }

    /// UnifiedPOS `checkHealth`. `internal` reports state, transport and last error.
    public func checkHealth(_ level: HealthCheckLevel) async -> HealthReport {
        guard let transport, state >= .claimed else {
            return HealthReport(level: level, healthy: false, text: "device is \(state) and not connected"
                + (lastError.map { "; last error: \($0)" } ?? ""))
        }
        if level == .internal {
            return HealthReport(level: level, healthy: true, text: "\(state), connected to \(transport.address)"
                + (lastError.map { "; last error: \($0)" } ?? ""))
        }
        return await driver.checkHealth(level, transport: transport)
    }

    /// Runs `body` with the open transport (for commands: print, display, kick).
    ///
    /// - Throws: `illegalState` before `claim`, `disconnected` while the device is away.
    public func withTransport<T: Sendable>(
        _ body: (any DeviceTransport) async throws(DeviceError) -> T
    ) async throws(DeviceError) -> T {
        guard state >= .claimed else {
            throw DeviceError(.illegalState, "claim the device first (it is \(state))", device: address.description)
        }
        guard let transport else {
            throw DeviceError(.disconnected, "the device is away; it is reopened when it returns",
                              device: address.description)
        }
        return try await body(transport)
    }

    /// Writes `bytes` to the device (needs `claimed` or `enabled`).
    public func write(_ bytes: [UInt8], timeout: Duration) async throws(DeviceError) {
        try await withTransport { transport throws(DeviceError) in try await transport.write(bytes, timeout: timeout) }
    }

    // MARK: reader and reconnect

    /// Opens the address and runs the driver's `prepare`; closes what it opened when that fails.
    private func connectAndPrepare() async throws(DeviceError) -> any DeviceTransport {
        let opened = try await connector(address)
        do {
            try await driver.prepare(opened)
        } catch {
            await opened.close()
            throw error
        }
        return opened
    }

    private func stopPump() async {
        let task = pump
        pump = nil
        task?.cancel()
        await task?.value
    }

    private func runPump() async {
        while !Task.isCancelled {
            guard let current = transport else {
                if await !reconnect() { return }
                continue
            }
            do {
                try await driver.receive(from: current, emit: emitter)
                if Task.isCancelled { return }
            } catch {
                if Task.isCancelled { return }
                if error.code == .disconnected || error.code == .closed || error.code == .notFound {
                    if let still = transport, still === current {
                        lastError = error
                        continuation.yield(.status(DeviceStatus(.disconnected, error.description, state: state)))
                        transport = nil
                    }
                    // Otherwise a hot-plug remove took this transport away and reported it already.
                    await current.close()
                } else {
                    lastError = error
                    continuation.yield(.error(error))
                }
            }
        }
    }

    /// Reopens the device with back-off. Returns false when cancelled or out of attempts.
    ///
    /// A hot-plug `add` (``hotplugAdded()``) ends the current wait at once and starts the back-off
    /// from its first step again.
    private func reconnect() async -> Bool {
        let reopened = await openWithBackoff(waitFirst: true, keepGoing: { true }) { attempt, error in
            continuation.yield(.status(DeviceStatus(
                .reconnecting, "attempt \(attempt) failed: \(error)", state: state, attempt: attempt)))
        }
        guard let reopened else {
            if !Task.isCancelled {
                continuation.yield(.error(DeviceError(
                    .disconnected, "gave up after \(policy.maximumAttempts ?? 0) attempts; release and claim to try again",
                    device: address.description)))
            }
            return false
        }
        transport = reopened.transport
        continuation.yield(.status(DeviceStatus(
            .reconnected, "back after \(reopened.attempt) attempt(s)", state: state, attempt: reopened.attempt)))
        return true
    }

    /// Opens the address and prepares the device, with ``policy``'s back-off between attempts,
    /// until that works (the transport and the attempt it took), or the task is cancelled,
    /// `keepGoing` turns false or the policy runs out of attempts (nil).
    ///
    /// `waitFirst`: wait out the first step before the first attempt (a reconnect: the device has
    /// only just gone) or try at once (a first bring-up). A hot-plug `add` ends the wait in
    /// progress and starts the back-off from its first step again.
    private func openWithBackoff(
        waitFirst: Bool, keepGoing: () -> Bool, failed: (Int, DeviceError) async -> Void
    ) async -> (transport: any DeviceTransport, attempt: Int)? {
        var attempt = 1
        var step = waitFirst ? 1 : 0
        var wait = waitFirst
        while policy.allows(attempt: attempt) {
            if wakePending {
                wakePending = false
            } else if wait {
                let delay = policy.delay(beforeAttempt: step)
                let sleeper = Task { _ = try? await Task.sleep(for: delay) }
                backoff = sleeper
                await withTaskCancellationHandler { await sleeper.value } onCancel: { sleeper.cancel() }
                backoff = nil
                if Task.isCancelled || !keepGoing() { return nil }
                if wakePending {
                    wakePending = false
                    step = 0
                }
            }
            wait = true
            do throws(DeviceError) {
                let opened = try await connectAndPrepare()
                if Task.isCancelled || !keepGoing() {
                    await opened.close()
                    return nil
                }
                return (opened, attempt)
            } catch {
                lastError = error
                await failed(attempt, error)
                attempt += 1
                step += 1
            }
        }
        return nil
    }

    // MARK: hot-plug

    /// The device's node appeared (a udev `add`): while the device is away, reopen it now instead
    /// of waiting out the back-off. A first bring-up still waiting for the device tries at once. A
    /// claimed device without a reader is reopened here directly. Does nothing while the device is
    /// connected, or before `claim` when no bring-up is waiting.
    public func hotplugAdded() async {
        if bringingUp {
            wakePending = true
            backoff?.cancel()
            return
        }
        guard state >= .claimed, transport == nil else { return }
        if pump != nil {
            wakePending = true
            backoff?.cancel()
            return
        }
        do throws(DeviceError) {
            let opened = try await connectAndPrepare()
            guard transport == nil, state == .claimed, pump == nil else {
                await opened.close()
                return
            }
            transport = opened
            continuation.yield(.status(DeviceStatus(.reconnected, "back after a hot-plug add", state: state, attempt: 1)))
        } catch {
            lastError = error
            continuation.yield(.status(DeviceStatus(.reconnecting, "reopen after a hot-plug add failed: \(error)",
                                                    state: state, attempt: 1)))
        }
    }

    /// The device's node went away (a udev `remove`): the device is marked disconnected now rather
    /// than at its next failed read or write. An enabled device then reopens it with back-off (and
    /// at once on the next ``hotplugAdded()``); commands fail with `disconnected` meanwhile.
    public func hotplugRemoved() async {
        guard state >= .claimed, let current = transport else { return }
        let removed = DeviceError(.disconnected, "the device was removed (hot-plug remove event)",
                                  device: address.description)
        lastError = removed
        transport = nil
        continuation.yield(.status(DeviceStatus(.disconnected, removed.description, state: state)))
        // An enabled reader sees its transport closed and goes on to reconnect; it does not report
        // the disconnect a second time (see runPump).
        await current.close()
    }
}

/// The state, readable from the emitter without hopping onto the actor.
final class StateBox: Sendable {
    private let state = Mutex<DeviceState>(.closed)
    var value: DeviceState {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
