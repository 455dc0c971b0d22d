import B9ESCPOS
import Synchronization

/// The final answer for a print job.
public enum JobOutcome: Sendable, Hashable, CustomStringConvertible {
    /// The printer confirmed it: the data drained and a status query afterwards showed it online
    /// without error.
    case printed
    /// It was not printed and will not be (the reason says why).
    case failed(String)
    /// It may or may not have been printed (connection lost after bytes went out, or the daemon
    /// stopped while the job was at the printer). Only ``PrintJobQueue/confirmReprint(_:)`` sends
    /// it again.
    case unknown(String)

    public var description: String {
        switch self {
        case .printed: "printed"
        case .failed(let reason): "failed: \(reason)"
        case .unknown(let reason): "unknown: \(reason)"
        }
    }
}

/// What the queue reports: job state changes and the printers' status events.
public enum PrintQueueEvent: Sendable {
    /// A job changed state.
    case job(id: String, PrintJobState)
    /// A job waits because the printer cannot print (code `paper-end`, `cover-open`, `offline`, …).
    case held(id: String, printer: String, DeviceStatus.Code, String)
    /// A status event of a printer (its address, the event).
    case printer(String, DeviceStatus)
}

/// A durable print queue in front of one receipt printer, with an optional backup (kitchen
/// stations).
///
/// Rules:
/// - a job (id + bytes) is stored in the ``PrintSpool`` before anything is sent, so it survives a
///   restart; a job id is printed at most once;
/// - before sending, the printer is asked for its status (`DLE EOT 1…4`); paper end, cover open,
///   offline or no answer hold the job (``PrintQueueEvent/held``) and it is retried every
///   `pollInterval`; if a backup printer is set and ready, the job goes there instead;
/// - the job is marked `sending` on disk, written, then the status is asked again: since the
///   printer answers in the order it reads, the answer comes after the job drained into it. Online
///   without error ⇒ `printed`. Paper end / cover open / offline ⇒ `heldAtPrinter`, and `printed`
///   once the same connection reports ready (the printer finishes its buffer itself);
/// - a write that failed after it started, a lost answer, a reconnect while held, or a restart with
///   a job `sending`/`heldAtPrinter` ⇒ `unknown`, never an automatic resend.
///
/// The devices must be enabled (their readers deliver status replies); the queue consumes their
/// `events` streams and republishes them in ``events``.
public actor PrintJobQueue {
    /// Job state changes and printer status, for one consumer.
    public nonisolated let events: AsyncStream<PrintQueueEvent>
    private let continuation: AsyncStream<PrintQueueEvent>.Continuation
    private let spool: PrintSpool
    private let printers: [ManagedDevice<ReceiptPrinterDriver>]
    private let pollInterval: Duration
    private let statusTimeout: Duration
    private var states: [String: PrintJobState] = [:]
    private var order: [String] = []
    private var waiters: [String: [(id: Int, continuation: CheckedContinuation<JobOutcome?, Never>)]] = [:]
    private var nextWaiterID = 0
    private var worker: Task<Void, Never>?
    private var listeners: [Task<Void, Never>] = []
    private var wake: CheckedContinuation<Void, Never>?

    /// - Parameters:
    ///   - spool: where jobs are stored.
    ///   - primary: the printer jobs go to.
    ///   - backup: where jobs go while the primary cannot print (kitchen stations).
    public init(spool: PrintSpool, primary: ManagedDevice<ReceiptPrinterDriver>,
                backup: ManagedDevice<ReceiptPrinterDriver>? = nil,
                pollInterval: Duration = .milliseconds(200), statusTimeout: Duration = .seconds(2)) {
        self.spool = spool
        self.printers = [primary] + (backup.map { [$0] } ?? [])
        self.pollInterval = pollInterval
        self.statusTimeout = statusTimeout
        (events, continuation) = AsyncStream.makeStream(of: PrintQueueEvent.self)
    }

    /// Loads the spool and starts sending. Jobs that were `sending` or `heldAtPrinter` when the
    /// process stopped become `unknown`.
    public func start() throws(PrintQueueError) {
        guard worker == nil else { return }
        for (id, state) in try spool.load() {
            var state = state
            switch state {
            case .sending(let printer), .heldAtPrinter(let printer):
                state = .unknown(reason: "the program stopped while the job was at \(printer); check the printout")
                try spool.store(jobID: id, state: state)
            default:
                break
            }
            states[id] = state
            order.append(id)
        }
        for printer in printers {
            let address = printer.address.description
            listeners.append(Task { [weak self] in
                for await event in printer.events {
                    if case .status(let status) = event { await self?.publish(.printer(address, status)) }
                }
            })
        }
        worker = Task { await self.run() }
    }

    /// Stops sending (the job in hand finishes its current step). Jobs stay in the spool.
    public func stop() async {
        let task = worker
        worker = nil
        task?.cancel()
        wake?.resume()
        wake = nil
        await task?.value
        for listener in listeners { listener.cancel() }
        listeners = []
        for (_, list) in waiters { for waiter in list { waiter.continuation.resume(returning: nil) } }
        waiters = [:]
        continuation.finish()
    }

    /// Stores the job and waits for its outcome. Submitting an id again with the same bytes waits
    /// for (or returns) the first submission's outcome; it is never printed twice.
    ///
    /// - Throws: ``PrintQueueError`` for a bad id, empty bytes, an id reused with other bytes, or a
    ///   spool that cannot be written (then nothing was queued); `stoppedWaiting` when the caller's
    ///   task is cancelled or the queue stops before the job is final (the job stays queued).
    public func submit(jobID: String, bytes: [UInt8]) async throws(PrintQueueError) -> JobOutcome {
        guard PrintSpool.isValidJobID(jobID) else {
            throw PrintQueueError(.invalidJobID, "job id \"\(jobID)\" is not allowed; use 1…64 characters "
                + "of A–Z a–z 0–9 - _ . such as \"sale-000123\"")
        }
        guard !bytes.isEmpty else { throw PrintQueueError(.emptyJob, "job \(jobID) has no bytes to print") }
        if states[jobID] != nil {
            guard try spool.bytes(of: jobID) == bytes else {
                throw PrintQueueError(.conflictingJob, "job \(jobID) already exists with other content; "
                    + "give the new job its own id")
            }
        } else {
            try spool.store(jobID: jobID, bytes: bytes)
            try spool.store(jobID: jobID, state: .queued)
            states[jobID] = .queued
            order.append(jobID)
            publish(.job(id: jobID, .queued))
            signal()
        }
        return try await waitForOutcome(jobID)
    }

    /// The job's state, or nil for an unknown id.
    public func state(of jobID: String) -> PrintJobState? { states[jobID] }

    /// The job's outcome once final, else nil.
    public func outcome(of jobID: String) -> JobOutcome? { states[jobID].flatMap(Self.outcome) }

    /// Waits until the job is final and returns its outcome.
    ///
    /// - Throws: `unknownJob` for an id the queue does not hold.
    public func awaitOutcome(of jobID: String) async throws(PrintQueueError) -> JobOutcome {
        guard states[jobID] != nil else { throw PrintQueueError(.unknownJob, "no job \(jobID) in the spool") }
        return try await waitForOutcome(jobID)
    }

    /// Jobs not final yet (queued, sending, held), oldest first.
    public func pendingJobs() -> [String] { order.filter { states[$0]?.isFinal == false } }

    /// After an operator checked the printout of an `unknown` (or `failed`) job and asked for it
    /// again: queue it once more. The caller journals the reprint as a duplicate.
    public func confirmReprint(_ jobID: String) throws(PrintQueueError) {
        guard let state = states[jobID] else {
            throw PrintQueueError(.unknownJob, "no job \(jobID) in the spool")
        }
        switch state {
        case .unknown, .failed:
            try setState(jobID, .queued)
            signal()
        default:
            throw PrintQueueError(.illegalState, "job \(jobID) is \(state); only an unknown or failed job can "
                + "be reprinted")
        }
    }

    // MARK: internals

    private static func outcome(_ state: PrintJobState) -> JobOutcome? {
        switch state {
        case .printed: .printed
        case .failed(let reason): .failed(reason)
        case .unknown(let reason): .unknown(reason)
        default: nil
        }
    }

    private func publish(_ event: PrintQueueEvent) { continuation.yield(event) }

    private func waitForOutcome(_ jobID: String) async throws(PrintQueueError) -> JobOutcome {
        if let outcome = outcome(of: jobID) { return outcome }
        nextWaiterID += 1
        let id = nextWaiterID
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<JobOutcome?, Never>) in
                if Task.isCancelled {
                    continuation.resume(returning: nil)
                } else {
                    waiters[jobID, default: []].append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.dropWaiter(id, of: jobID) }
        }
        guard let outcome else {
            throw PrintQueueError(.stoppedWaiting, "stopped waiting for job \(jobID); it stays in the queue "
                + "(see pendingJobs and outcome(of:))")
        }
        return outcome
    }

    private func dropWaiter(_ id: Int, of jobID: String) {
        guard let index = waiters[jobID]?.firstIndex(where: { $0.id == id }) else { return }
        waiters[jobID]?.remove(at: index).continuation.resume(returning: nil)
    }

    private func setState(_ jobID: String, _ state: PrintJobState) throws(PrintQueueError) {
        try spool.store(jobID: jobID, state: state)
        states[jobID] = state
        publish(.job(id: jobID, state))
        if let outcome = Self.outcome(state) {
            for waiter in waiters.removeValue(forKey: jobID) ?? [] { waiter.continuation.resume(returning: outcome) }
        }
    }

    private func signal() {
        wake?.resume()
        wake = nil
    }

    private func run() async {
        while !Task.isCancelled {
            guard let next = order.first(where: { states[$0] == .queued }) else {
                await withCheckedContinuation { wake = $0 }
                continue
            }
            await process(next)
        }
    }

    /// Takes one queued job to a final state (or leaves it queued when cancelled).
    private func process(_ jobID: String) async {
        let bytes: [UInt8]
        do {
            bytes = try spool.bytes(of: jobID)
        } catch {
            try? setState(jobID, .failed(reason: "its data cannot be read from the spool: \(error)"))
            return
        }
        var lastHold = ""
        while !Task.isCancelled {
            // 1. Find a printer that is ready.
            var target: (ManagedDevice<ReceiptPrinterDriver>, Int)?
            var why: (DeviceStatus.Code, String, String) = (ReceiptPrinterDriver.offline, "", "")
            for printer in printers {
                switch await readiness(of: printer) {
                case .ready(let generation):
                    target = (printer, generation)
                case .notReady(let code, let text):
                    if why.1.isEmpty { why = (code, text, printer.address.description) }
                }
                if target != nil { break }
            }
            guard let (printer, generation) = target else {
                if lastHold != why.1 {
                    lastHold = why.1
                    publish(.held(id: jobID, printer: why.2, why.0, why.1))
                }
                try? await Task.sleep(for: pollInterval)
                continue
            }
            // 2. Send once.
            let name = printer.address.description
            do {
                try setState(jobID, .sending(printer: name))
            } catch {
                try? setState(jobID, .failed(reason: "the spool cannot record the send: \(error)"))
                return
            }
            let driver = printer.driver
            let started = StartedFlag()
            do throws(DeviceError) {
                try await printer.withTransport { transport throws(DeviceError) in
                    guard driver.connectionGeneration == generation else {
                        throw DeviceError(.disconnected, "the printer reconnected before the job was sent")
                    }
                    started.set()
                    try await transport.write(bytes, timeout: .seconds(30))
                }
            } catch {
                if !started.value {
                    try? setState(jobID, .queued)
                    continue
                }
                try? setState(jobID, .unknown(reason: "the connection to \(name) failed while sending (\(error)); "
                    + "check the printout before a reprint"))
                return
            }
            // 3. Confirm.
            await confirm(jobID, on: printer, generation: generation)
            return
        }
    }

    private enum Readiness {
        case ready(generation: Int)
        case notReady(DeviceStatus.Code, String)
    }

    private func readiness(of printer: ManagedDevice<ReceiptPrinterDriver>) async -> Readiness {
        let driver = printer.driver
        let timeout = statusTimeout
        do {
            return try await printer.withTransport { transport throws(DeviceError) in
                let generation = driver.connectionGeneration
                let status = try await driver.queryStatus(through: transport, timeout: timeout)
                guard driver.connectionGeneration == generation else {
                    return .notReady(ReceiptPrinterDriver.offline, "the printer reconnected")
                }
                if let reason = Self.holdReason(status) { return .notReady(reason.0, reason.1) }
                return .ready(generation: generation)
            }
        } catch {
            return .notReady(ReceiptPrinterDriver.offline, "no answer: \(error)")
        }
    }

    static func holdReason(_ status: PrinterStatus) -> (DeviceStatus.Code, String)? {
        ReceiptPrinterDriver.blockingCondition(in: status)
    }

    /// After the bytes went out: printed when the same connection reports ready; held while it
    /// reports a condition; unknown when the answer or the connection is lost.
    private func confirm(_ jobID: String, on printer: ManagedDevice<ReceiptPrinterDriver>, generation: Int) async {
        let name = printer.address.description
        let driver = printer.driver
        let timeout = statusTimeout
        var held = false
        while true {
            let result: Result<PrinterStatus, DeviceError>
            do {
                result = .success(try await printer.withTransport { transport throws(DeviceError) in
                    guard driver.connectionGeneration == generation else {
                        throw DeviceError(.disconnected, "the printer reconnected")
                    }
                    return try await driver.queryStatus(through: transport, timeout: timeout)
                })
            } catch {
                result = .failure(error)
            }
            switch result {
            case .failure(let error):
                try? setState(jobID, .unknown(reason: "\(name) did not confirm the job (\(error)); check the "
                    + "printout before a reprint"))
                return
            case .success(let status):
                if status.unrecoverableError == true {
                    try? setState(jobID, .unknown(reason: "\(name) reports an unrecoverable error; check the "
                        + "printout before a reprint"))
                    return
                }
                guard let reason = Self.holdReason(status) else {
                    try? setState(jobID, .printed(printer: name))
                    return
                }
                if !held {
                    held = true
                    try? setState(jobID, .heldAtPrinter(printer: name))
                    publish(.held(id: jobID, printer: name, reason.0, reason.1))
                }
            }
            if Task.isCancelled { return }
            try? await Task.sleep(for: pollInterval)
        }
    }
}

/// Set once the first byte of a job may have left.
private final class StartedFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .releasing) }
    var value: Bool { flag.load(ordering: .acquiring) }
}
