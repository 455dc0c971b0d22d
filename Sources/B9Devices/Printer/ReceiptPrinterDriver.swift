public import B9ESCPOS
import NIOCore
import Synchronization

/// The receipt-printer device class (receipt, kitchen and label printers speaking ESC/POS).
///
/// - `prepare` (after every connect): `ESC @` (0x1B 0x40) resets the printer, then — where the
///   profile has Automatic Status Back — `GS a n` (0x1D 0x61 0x0F: drawer, online/offline, error,
///   paper sensor) makes the printer report every status change by itself.
/// - `receive` feeds every byte into a `PrinterStatusDecoder`, answers outstanding `DLE EOT`
///   queries (``queryStatus(through:requests:timeout:)``), and on each change emits `.data` with the
///   merged ``PrinterStatus`` plus the status codes ``paperEnd``, ``paperNearEnd``, ``coverOpen``,
///   ``offline``, ``printerError``, ``ready`` (when all clear), and for the drawer on pin 3
///   ``drawerOpened``, ``drawerClosed`` and `drawer-open-too-long`.
/// - Printers without Automatic Status Back are asked `DLE EOT 1…4` every ``statusPollInterval``
///   instead, so the same events come from polling (and ``noAnswer`` when a poll goes unanswered).
///
/// Bit meanings: Epson ESC/POS Command Reference, `DLE EOT` and `GS a`.
public struct ReceiptPrinterDriver: DeviceDriver {
    public typealias Payload = PrinterStatus

    public static let paperEnd = DeviceStatus.Code("paper-end")
    public static let paperNearEnd = DeviceStatus.Code("paper-near-end")
    public static let coverOpen = DeviceStatus.Code("cover-open")
    public static let offline = DeviceStatus.Code("offline")
    public static let printerError = DeviceStatus.Code("printer-error")
    public static let ready = DeviceStatus.Code("printer-ready")
    public static let noAnswer = DeviceStatus.Code("printer-no-answer")
    public static let drawerOpened = CashDrawerDriver.drawerOpened
    public static let drawerClosed = CashDrawerDriver.drawerClosed

    /// The printer model's facts (whether it has ASB).
    public let profile: PrinterProfile
    /// Whether the drawer's switch reads "open" when pin 3 is HIGH (Epson DK drawers: yes).
    public let pin3HighMeansOpen: Bool
    /// A drawer open longer than this raises `drawer-open-too-long` once per opening (as for
    /// ``CashDrawerDriver``); the drawer state comes from ASB frames and `DLE EOT 1` replies.
    public let drawerOpenLimit: Duration
    /// How often the status is polled with `DLE EOT 1…4` when the profile has no Automatic Status
    /// Back (nil: never). Printers with ASB are not polled: they report every change themselves.
    public let statusPollInterval: Duration?
    /// How long the status polls and health checks wait for the printer's answer.
    public let statusTimeout: Duration
    let link = PrinterLink()

    public init(profile: PrinterProfile, pin3HighMeansOpen: Bool = true, drawerOpenLimit: Duration = .seconds(30),
                statusPollInterval: Duration? = .seconds(1), statusTimeout: Duration = .seconds(5)) {
        self.profile = profile
        self.pin3HighMeansOpen = pin3HighMeansOpen
        self.drawerOpenLimit = drawerOpenLimit
        self.statusPollInterval = statusPollInterval
        self.statusTimeout = statusTimeout
    }

    /// Whether ASB is switched on in `prepare`.
    public var usesAutomaticStatusBack: Bool { profile.capabilities.contains(.automaticStatusBack) }

    /// The last status the printer reported (merged from ASB frames and `DLE EOT` replies on the
    /// current connection); empty before the first report.
    public var lastStatus: PrinterStatus { link.status }

    /// Counts connections: changes every time `prepare` runs (a reconnect).
    public var connectionGeneration: Int { link.generation }

    public func prepare(_ transport: any DeviceTransport) async throws(DeviceError) {
        link.reset()
        var bytes = ESCPOSCommand.initialize.bytes
        if usesAutomaticStatusBack {
            bytes += ESCPOSCommand.automaticStatusBack(.all).bytes
        }
        try await transport.write(bytes, timeout: .seconds(5))
    }

    public func receive(from transport: any DeviceTransport, emit: DeviceEmitter<PrinterStatus>) async throws(DeviceError) {
        guard !usesAutomaticStatusBack, let interval = statusPollInterval else {
            try await read(from: transport, emit: emit)
            return
        }
        // Reader and poller side by side; the reader's end (disconnect, cancellation) ends both.
        let outcome: Result<Void, DeviceError> = await withTaskGroup(of: Result<Void, DeviceError>?.self) { group in
            group.addTask {
                do throws(DeviceError) {
                    try await read(from: transport, emit: emit)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                await poll(transport, every: interval, emit: emit)
                return nil
            }
            var outcome = Result<Void, DeviceError>.success(())
            for await finished in group {
                if let finished {
                    outcome = finished
                    break
                }
            }
            group.cancelAll()
            return outcome
        }
        try outcome.get()
    }

    /// Asks `DLE EOT 1…4` every `interval`; the reader turns the answers into events. After polls went
    /// unanswered (``noAnswer``), the first answer also reports where the printer stands now: the
    /// reader reports changes only, and a printer answering "ready" again has not changed.
    private func poll(_ transport: any DeviceTransport, every interval: Duration, emit: DeviceEmitter<PrinterStatus>) async {
        var answering = true
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            do throws(DeviceError) {
                let status = try await queryStatus(through: transport, timeout: max(interval, statusTimeout))
                if !answering {
                    if let (code, text) = Self.blockingCondition(in: status) {
                        emit.status(code, text)
                    } else {
                        emit.status(Self.ready, "the printer answers status requests again")
                    }
                }
                answering = true
            } catch {
                if Task.isCancelled { return }
                if answering, error.code == .timedOut {
                    answering = false
                    emit.status(Self.noAnswer, "the printer does not answer status requests: \(error.message)")
                }
            }
        }
    }

    private func read(from transport: any DeviceTransport, emit: DeviceEmitter<PrinterStatus>) async throws(DeviceError) {
        var drawer = DrawerOpenMonitor<ContinuousClock>(limit: drawerOpenLimit)
        do {
            while !Task.isCancelled {
                var chunk: ByteBuffer
                do {
                    // Wake now and then while the drawer is open, to notice it stays open too long.
                    chunk = try await transport.read(timeout: drawer.isOpen ? .milliseconds(250) : .seconds(3600))
                } catch where error.code == .timedOut {
                    for alert in drawer.check(at: .now) { Self.emit(alert, emit: emit) }
                    continue
                }
                let bytes = chunk.readBytes(length: chunk.readableBytes) ?? []
                for (old, new) in link.feed(bytes) {
                    emit.data(new)
                    for (code, message) in Self.changes(from: old, to: new) {
                        emit.status(code, message)
                    }
                    if let open = new.isDrawerOpen(pin3HighMeansOpen: pin3HighMeansOpen) {
                        for alert in drawer.update(open: open, at: .now) { Self.emit(alert, emit: emit) }
                    }
                }
                for alert in drawer.check(at: .now) { Self.emit(alert, emit: emit) }
            }
        } catch {
            link.failWaiters(error)
            throw error
        }
        link.failWaiters(DeviceError(.closed, "the printer reader stopped", device: transport.address.description))
    }

    /// Asks the printer for its real-time status (`DLE EOT n`, 0x10 0x04 n, for each request in
    /// order) and returns the merged answer. A printer handles the requests in the order it reads
    /// its input, so an answer also shows that everything sent before has been taken in.
    ///
    /// Needs the device enabled (the reader delivers the replies).
    ///
    /// - Throws: `timedOut` when the printer does not answer within `timeout`, or the transport's
    ///   error.
    public func queryStatus(
        through transport: any DeviceTransport,
        requests: [StatusRequest] = [.printer, .offlineCause, .errorCause, .paperSensor],
        timeout: Duration = .seconds(2)
    ) async throws(DeviceError) -> PrinterStatus {
        var merged = PrinterStatus()
        for request in requests {
            let reply = try await link.ask(.realTime(request), through: transport, timeout: timeout)
            merged = merged.merging(reply)
        }
        return merged
    }

    /// Asks `GS r n` (0x1D 0x72 n) and returns the answer: for ``TransmitStatusRequest/paperSensor``
    /// the paper near-end and end sensors, for ``TransmitStatusRequest/drawerKickConnector`` the
    /// level of drawer kick-out connector pin 3. The printer answers after it has processed the data
    /// sent before, and not while it is offline (cover open, paper end) — use `DLE EOT`
    /// (``queryStatus(through:requests:timeout:)``) to ask an offline printer.
    ///
    /// Needs the device enabled (the reader delivers the reply).
    ///
    /// - Throws: `timedOut` when the printer does not answer within `timeout`, or the transport's
    ///   error.
    public func queryTransmitStatus(
        through transport: any DeviceTransport, request: TransmitStatusRequest, timeout: Duration = .seconds(2)
    ) async throws(DeviceError) -> PrinterStatus {
        try await link.ask(.transmit(request), through: transport, timeout: timeout)
    }

    /// UnifiedPOS `checkHealth` for a printer (the `internal` level is answered by ``ManagedDevice``):
    ///
    /// - `external`: a `DLE EOT 1…4` round trip; healthy when the printer answers and nothing stops
    ///   it from printing (paper end, cover open, error, offline are named in the text);
    /// - `interactive`: prints a short health-check slip, then asks the status the same way; the
    ///   operator checks the paper.
    ///
    /// Needs the device enabled (the reader delivers the answers).
    public func checkHealth(_ level: HealthCheckLevel, transport: any DeviceTransport) async -> HealthReport {
        do throws(DeviceError) {
            if level == .interactive {
                try await transport.write(Self.healthCheckSlip(transport.address), timeout: .seconds(10))
            }
            let status = try await queryStatus(through: transport, timeout: statusTimeout)
            if let (_, text) = Self.blockingCondition(in: status) {
                return HealthReport(level: level, healthy: false, text: text)
            }
            return HealthReport(level: level, healthy: true, text: level == .interactive
                ? "health-check slip sent and the printer reports ready; check the paper"
                : "the printer answers and reports ready")
        } catch {
            return HealthReport(level: level, healthy: false, text: "no status from the printer: \(error)")
        }
    }

    /// `ESC @`, a few lines naming the printer, then feed and partial cut.
    static func healthCheckSlip(_ address: DeviceAddress) -> [UInt8] {
        ESCPOSCommand.initialize.bytes + Array("B9Terminal printer health check\n\(address)\n".utf8)
            + ESCPOSCommand.feedAndCut(.partial, feed: 3).bytes
    }

    /// The status codes a change from `old` to `new` raises.
    /// What stops `status` from printing, as a status code and a sentence for the operator, or nil
    /// when it can print. Paper end comes first, then cover open, printer errors and offline.
    public static func blockingCondition(in status: PrinterStatus) -> (code: DeviceStatus.Code, text: String)? {
        if status.paperEnd == true || status.stoppedByPaperEnd == true {
            return (paperEnd, "paper end: the printer is out of paper; load a new roll")
        }
        if status.coverOpen == true { return (coverOpen, "cover open: close the printer cover") }
        if status.unrecoverableError == true || status.autocutterError == true || status.recoverableError == true
            || status.autoRecoverableError == true || status.errorOccurred == true
        {
            return (printerError, "printer error: \(status); clear the cause (paper jam, cutter) and try again")
        }
        if status.isOffline == true { return (offline, "offline: the printer is offline; check it") }
        return nil
    }

    static func emit(_ alert: DrawerOpenMonitor<ContinuousClock>.Alert, emit: DeviceEmitter<PrinterStatus>) {
        switch alert {
        case .opened: emit.status(drawerOpened, "drawer opened")
        case .closed(let duration): emit.status(drawerClosed, "drawer closed after \(duration)")
        case .openTooLong(let duration):
            emit.status(CashDrawerDriver.drawerOpenTooLong, "drawer open for \(duration), longer than allowed")
        }
    }

    static func changes(from old: PrinterStatus, to new: PrinterStatus) -> [(DeviceStatus.Code, String)] {
        var result: [(DeviceStatus.Code, String)] = []
        func rose(_ path: KeyPath<PrinterStatus, Bool?>) -> Bool { new[keyPath: path] == true && old[keyPath: path] != true }
        if rose(\.paperEnd) { result.append((paperEnd, "the printer is out of paper: load a new roll")) }
        if rose(\.paperNearEnd) { result.append((paperNearEnd, "the paper roll is nearly empty")) }
        if rose(\.coverOpen) { result.append((coverOpen, "the printer cover is open: close it")) }
        if rose(\.isOffline) { result.append((offline, "the printer is offline")) }
        if rose(\.unrecoverableError) || rose(\.autocutterError) || rose(\.recoverableError) {
            result.append((printerError, "the printer reports an error: \(new)"))
        }
        if new.isReady && !old.isReady {
            result.append((ready, "the printer is ready"))
        }
        return result
    }
}

/// A status request whose one-byte answer the reader matches: `DLE EOT n` or `GS r n`.
enum PrinterQuery: Sendable, Hashable, CustomStringConvertible {
    case realTime(StatusRequest)
    case transmit(TransmitStatusRequest)

    var description: String {
        switch self {
        case .realTime(let request): "DLE EOT \(request.rawValue)"
        case .transmit(let request): "GS r \(request.rawValue)"
        }
    }
}

/// The state a ``ReceiptPrinterDriver`` shares between its reader and status queries: the status
/// decoder, the merged status, and the queries waiting for their reply byte (in request order).
final class PrinterLink: Sendable {
    private struct Waiter {
        let id: Int
        let request: PrinterQuery
        let continuation: CheckedContinuation<Result<PrinterStatus, DeviceError>, Never>
    }

    private struct State {
        var decoder = PrinterStatusDecoder()
        var status = PrinterStatus()
        var waiters: [Waiter] = []
        var nextID = 0
        var generation = 0
    }

    private let state = Mutex(State())
    private let writeTurn = Turnstile()

    var status: PrinterStatus { state.withLock { $0.status } }
    var generation: Int { state.withLock { $0.generation } }

    func reset() {
        let failed: [Waiter] = state.withLock { state in
            let waiters = state.waiters
            state.waiters = []
            state.decoder = PrinterStatusDecoder()
            state.status = PrinterStatus()
            state.generation += 1
            return waiters
        }
        for waiter in failed {
            waiter.continuation.resume(returning: .failure(DeviceError(.disconnected, "the printer reconnected")))
        }
    }

    /// Feeds bytes; returns each status change as (before, after).
    func feed(_ bytes: [UInt8]) -> [(PrinterStatus, PrinterStatus)] {
        var resumed: [(Waiter, PrinterStatus)] = []
        let changes: [(PrinterStatus, PrinterStatus)] = state.withLock { state in
            var changes: [(PrinterStatus, PrinterStatus)] = []
            for reply in state.decoder.feed(bytes) {
                let report: PrinterStatus
                switch reply {
                case .realTimeStatus(let request, let status, _):
                    if let index = state.waiters.firstIndex(where: { $0.request == .realTime(request) }) {
                        resumed.append((state.waiters.remove(at: index), status))
                    }
                    report = status
                case .transmitStatus(let request, let status, _):
                    if let index = state.waiters.firstIndex(where: { $0.request == .transmit(request) }) {
                        resumed.append((state.waiters.remove(at: index), status))
                    }
                    report = status
                case .automaticStatus(let status, _):
                    report = status
                default:
                    continue
                }
                let old = state.status
                let new = old.merging(report)
                if new != old {
                    state.status = new
                    changes.append((old, new))
                }
            }
            return changes
        }
        for (waiter, status) in resumed { waiter.continuation.resume(returning: .success(status)) }
        return changes
    }

    func failWaiters(_ error: DeviceError) {
        let failed: [Waiter] = state.withLock { state in
            let waiters = state.waiters
            state.waiters = []
            state.decoder.cancelOutstandingRequests()
            return waiters
        }
        for waiter in failed { waiter.continuation.resume(returning: .failure(error)) }
    }

    func ask(_ request: PrinterQuery, through transport: any DeviceTransport, timeout: Duration)
        async throws(DeviceError) -> PrinterStatus
    {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        let device = transport.address.description
        // Requests must reach the printer in the order they are registered, as answers are matched
        // to requests in that order: one registration-and-write at a time.
        await writeTurn.enter()
        let result: Result<PrinterStatus, DeviceError> = await withCheckedContinuation { continuation in
            let bytes: [UInt8] = state.withLock { state in
                state.waiters.append(Waiter(id: id, request: request, continuation: continuation))
                return state.decoder.request(request)
            }
            Task {
                do throws(DeviceError) {
                    try await transport.write(bytes, timeout: timeout)
                } catch {
                    await self.writeTurn.leave()
                    self.finish(id, with: .failure(error))
                    return
                }
                await self.writeTurn.leave()
                try? await Task.sleep(for: timeout)
                self.finish(id, with: .failure(DeviceError(
                    .timedOut, "no answer to \(request) within \(timeout); check that the "
                        + "printer is on and connected", device: device)))
            }
        }
        return try result.get()
    }

    private func finish(_ id: Int, with result: Result<PrinterStatus, DeviceError>) {
        let waiter: Waiter? = state.withLock { state in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            let waiter = state.waiters.remove(at: index)
            // A late reply must not be taken for the answer to a later request.
            state.decoder.cancelOutstandingRequests()
            for other in state.waiters { state.decoder.expectReply(to: other.request) }
            return waiter
        }
        waiter?.continuation.resume(returning: result)
    }
}

extension PrinterStatusDecoder {
    /// Records `query` as sent and returns its bytes.
    mutating func request(_ query: PrinterQuery) -> [UInt8] {
        expectReply(to: query)
        switch query {
        case .realTime(let request): return request.bytes
        case .transmit(let request): return request.bytes
        }
    }

    /// Records that `query` went out.
    mutating func expectReply(to query: PrinterQuery) {
        switch query {
        case .realTime(let request): expectReply(to: request)
        case .transmit(let request): expectTransmitStatusReply(to: request)
        }
    }
}

/// Lets one task at a time through, in arrival order (an async lock held only across short writes).
actor Turnstile {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
