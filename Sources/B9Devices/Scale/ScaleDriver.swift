public import B9Scale
import NIOCore
import Synchronization

/// The scale device class: any `B9Scale` protocol over any transport (a serial tty with the
/// protocol's line settings, TCP, a simulator's pty).
///
/// - `polled`: every `interval`, a weigh request (`ScaleConversation`: the protocol's request bytes
///   and follow-ups such as DC1 after a CAS ACK), then the answer within `answerTimeout`;
/// - `continuous`: the scale sends by itself (CAS continuous, MT-SICS after `SIR`); frames are
///   decoded with `ScaleDecoder` as they come.
///
/// Each reading is a `.data` event. A poll without answer emits `scale-no-answer`; the first answer
/// after that emits `scale-ready`. Stable-only reads: ``ManagedDevice/stableWeight(policy:timeout:)``.
public struct ScaleDriver: DeviceDriver {
    public typealias Payload = ScaleReading

    /// How readings are obtained.
    public enum Mode: Sendable, Hashable {
        case polled(interval: Duration)
        case continuous
    }

    public static let noAnswer = DeviceStatus.Code("scale-no-answer")
    public static let ready = DeviceStatus.Code("scale-ready")

    public let scaleProtocol: any ScaleProtocol
    public let mode: Mode
    public let answerTimeout: Duration
    let hub = ScaleHub()

    public init(scaleProtocol: any ScaleProtocol, mode: Mode = .polled(interval: .milliseconds(200)),
                answerTimeout: Duration = .milliseconds(500)) {
        self.scaleProtocol = scaleProtocol
        self.mode = mode
        self.answerTimeout = answerTimeout
    }

    /// The `serial://` address of `path` with the protocol's default line settings (9600 baud
    /// where the protocol's speed is below what ``SerialSettings`` supports).
    public func serialAddress(path: String) -> DeviceAddress {
        let line = scaleProtocol.lineSettings
        let settings = (try? SerialSettings(line)) ?? SerialSettings(
            dataBits: line.dataBits, parity: line.parity == .even ? .even : (line.parity == .odd ? .odd : .none),
            stopBits: line.stopBits)
        return DeviceAddress(.serial(path: path, settings: settings))
    }

    /// `external`: ready only while the reader runs on a connected scale that answered its last
    /// poll; `interactive` is not supported.
    public func checkHealth(_ level: HealthCheckLevel, transport: any DeviceTransport) async -> HealthReport {
        switch level {
        case .interactive:
            return HealthReport(level: level, healthy: false, text: "no interactive check for scales")
        default:
            let ready = hub.isReady
            return HealthReport(level: level, healthy: ready,
                                text: ready ? "the scale answers" : "the scale is not ready (disconnected or silent)")
        }
    }

    public func receive(from transport: any DeviceTransport, emit: DeviceEmitter<ScaleReading>) async throws(DeviceError) {
        hub.publish(.connected)
        do {
            switch mode {
            case .polled(let interval):
                try await poll(transport, interval: interval, emit: emit)
            case .continuous:
                try await listen(transport, emit: emit)
            }
        } catch {
            hub.publish(.disconnected(error))
            throw error
        }
        hub.publish(.disconnected(DeviceError(.closed, "the scale reader stopped", device: transport.address.description)))
    }

    private func poll(_ transport: any DeviceTransport, interval: Duration, emit: DeviceEmitter<ScaleReading>)
        async throws(DeviceError)
    {
        var answering = true
        while !Task.isCancelled {
            var conversation: ScaleConversation
            do {
                conversation = try ScaleConversation(scaleProtocol, request: .weigh)
            } catch {
                throw DeviceError(.unsupported, "\(scaleProtocol.name) scales cannot be polled; use continuous mode",
                                  device: transport.address.description)
            }
            try await transport.write(conversation.initialBytes, timeout: answerTimeout)
            let deadline = ContinuousClock.now.advanced(by: answerTimeout)
            var answered = false
            while !answered, ContinuousClock.now < deadline {
                var chunk: ByteBuffer
                do {
                    chunk = try await transport.read(timeout: ContinuousClock.now.duration(to: deadline))
                } catch where error.code == .timedOut {
                    break
                }
                let (events, reply) = conversation.receive(chunk.readBytes(length: chunk.readableBytes) ?? [])
                if !reply.isEmpty { try await transport.write(reply, timeout: answerTimeout) }
                for event in events {
                    switch event {
                    case .reading(let reading):
                        answered = true
                        emit.data(reading)
                        hub.publish(.reading(reading))
                    case .rejected(let error):
                        answered = true
                        hub.publish(.problem(error))
                    default:
                        break
                    }
                }
            }
            if answered != answering {
                answering = answered
                if answered {
                    emit.status(Self.ready, "the scale answers again")
                } else {
                    emit.status(Self.noAnswer, "no answer from the scale within \(answerTimeout)")
                }
            }
            if !answered { hub.publish(.noAnswer) }
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }

    private func listen(_ transport: any DeviceTransport, emit: DeviceEmitter<ScaleReading>) async throws(DeviceError) {
        var decoder = ScaleDecoder(scaleProtocol)
        while !Task.isCancelled {
            var chunk: ByteBuffer
            do {
                chunk = try await transport.read(timeout: answerTimeout)
            } catch where error.code == .timedOut {
                hub.publish(.noAnswer)
                continue
            }
            for event in decoder.decode(chunk.readBytes(length: chunk.readableBytes) ?? []) {
                if case .reading(let reading) = event {
                    emit.data(reading)
                    hub.publish(.reading(reading))
                }
            }
        }
    }
}

/// Hands every reading to the callers waiting for a stable weight (any number of them).
final class ScaleHub: Sendable {
    enum Update: Sendable {
        case connected
        case reading(ScaleReading)
        case problem(ScaleError)
        case noAnswer
        case disconnected(DeviceError)
    }

    private struct State {
        var subscribers: [Int: AsyncStream<Update>.Continuation] = [:]
        var next = 0
        var connected = false
        var answering = false
        /// The last reading, problem or missing answer, for a caller that starts waiting later.
        var lastReport: Update?
    }

    private let state = Mutex(State())

    var isConnected: Bool { state.withLock { $0.connected } }
    /// Connected and the last request was answered.
    var isReady: Bool { state.withLock { $0.connected && $0.answering } }
    /// What the scale said last (a reading, a rejected frame, or no answer), if anything.
    var lastReport: Update? { state.withLock { $0.lastReport } }

    func publish(_ update: Update) {
        let subscribers = state.withLock { state in
            switch update {
            case .connected: state.connected = true
            case .disconnected:
                state.connected = false
                state.answering = false
            case .reading, .problem:
                state.answering = true
                state.lastReport = update
            case .noAnswer:
                state.answering = false
                state.lastReport = update
            }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.yield(update) }
    }

    /// A stream of updates that ends after `timeout`.
    func subscribe(for timeout: Duration) -> AsyncStream<Update> {
        let (stream, continuation) = AsyncStream.makeStream(of: Update.self)
        let id = state.withLock { state in
            state.next += 1
            state.subscribers[state.next] = continuation
            return state.next
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            continuation.finish()
        }
        continuation.onTermination = { [weak self] _ in
            timer.cancel()
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }
}

extension ManagedDevice where Driver == ScaleDriver {
    /// Waits for a weight that `policy` accepts: stable, in range, and — with
    /// `consecutiveReadings`/`settleTime` — settled (`StableWeightGate`). Never returns any other
    /// weight. Needs the device enabled.
    ///
    /// Only readings that arrive after the call are weighed; what the scale said before only
    /// serves to name the problem when nothing arrives in time.
    ///
    /// - Throws: at `timeout`, a `ScaleError` for what the scale last reported (during the wait,
    ///   or else just before it): `in-motion`, `overload`, `under-zero`, `below-minimum`, … or
    ///   `timeout` when it did not answer (or is disconnected).
    public func stableWeight(policy: WeighingPolicy, timeout: Duration) async throws(ScaleError) -> Weight {
        let hub = driver.hub
        let updates = hub.subscribe(for: timeout)
        let start = ContinuousClock.now
        var gate = StableWeightGate(policy: policy)
        var lastProblem = Self.problem(in: hub.lastReport, policy: policy)
        var disconnected = !hub.isConnected
        for await update in updates {
            switch update {
            case .reading(let reading):
                disconnected = false
                do {
                    if let weight = try gate.accept(reading, at: start.duration(to: .now)) { return weight }
                    lastProblem = nil
                } catch {
                    lastProblem = error
                }
            case .problem(let error):
                lastProblem = error
            case .noAnswer:
                lastProblem = Self.noAnswer
            case .disconnected:
                disconnected = true
            case .connected:
                disconnected = false
            }
        }
        if disconnected {
            throw ScaleError(.timeout, "The scale at \(address) is disconnected; reconnect it.")
        }
        throw lastProblem ?? ScaleError(.timeout, "No stable weight within \(timeout); let the goods settle.")
    }

    static let noAnswer = ScaleError(.timeout, "The scale did not answer; check its cable and power.")

    /// Why `report` would not give a weight under `policy` (nil for an acceptable reading or none).
    static func problem(in report: ScaleHub.Update?, policy: WeighingPolicy) -> ScaleError? {
        switch report {
        case .reading(let reading):
            var probe = StableWeightGate(policy: policy)
            do {
                _ = try probe.accept(reading)
                return nil
            } catch {
                return error
            }
        case .problem(let error): return error
        case .noAnswer: return noAnswer
        default: return nil
        }
    }
}
