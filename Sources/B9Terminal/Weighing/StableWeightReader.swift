import B9Devices
import B9Scale

/// Polls a scale through its protocol until ``StableWeightGate`` releases a weight, or a deadline
/// passes: what `b9terminal scale read` and the weighing role use to get a priceable weight.
struct StableWeightReader: Sendable {
    /// Why no weight was released, with the CLI exit status for `scale read`.
    struct Failure: Error, Sendable {
        let message: String
        let code: String
        let exitCode: Int32
    }

    let scaleProtocol: any ScaleProtocol
    let policy: WeighingPolicy

    /// Polls `line` for at most `timeout`; the failure carries the last reason seen.
    func read(_ line: ScaleLine, timeout: Duration) async -> Result<Weight, Failure> {
        var gate = StableWeightGate(policy: policy)
        var lastReason = Failure(
            message: "No answer from the scale within \(timeout); check the port, protocol and line settings (\(line.settings)).",
            code: ScaleError.Code.timeout.description, exitCode: 2)
        let weight: Weight?
        do {
            weight = try await poll(line, timeout: timeout, answeredBy: { event in
                switch event {
                case .reading, .rejected: true
                default: false
                }
            }) { events, elapsed in
                for event in events {
                    switch event {
                    case .reading(let reading):
                        do throws(ScaleError) {
                            if let weight = try gate.accept(reading, at: elapsed) { return weight }
                        } catch {
                            lastReason = Failure(
                                message: error.code == .inMotion ? "Still in motion at the timeout: \(error.message)" : error.message,
                                code: error.code.description, exitCode: 1)
                        }
                    case .rejected(let error):
                        lastReason = Failure(message: error.message, code: error.code.description, exitCode: 1)
                    case .skipped(let error):
                        if lastReason.code == ScaleError.Code.timeout.description {
                            lastReason = Failure(message: error.message, code: error.code.description, exitCode: 1)
                        }
                    default:
                        break
                    }
                }
                return nil
            }
        } catch let error as ScaleError {
            return .failure(Failure(message: error.message, code: error.code.description, exitCode: 1))
        } catch {
            return .failure(Failure(message: "\(error)", code: "port", exitCode: 3))
        }
        return weight.map { .success($0) } ?? .failure(lastReason)
    }

    /// Polls `line` for at most `timeout` until a reading shows the pan emptied
    /// (`WeighingPolicy.showsEmptyPan`). False when none did: a scale that does not answer, answers
    /// noise or cannot be read has not shown that the goods are gone.
    func panShowsEmpty(_ line: ScaleLine, timeout: Duration) async -> Bool {
        let emptied = try? await poll(line, timeout: timeout, answeredBy: { event in
            if case .reading = event { true } else { false }
        }) { events, _ in
            for case .reading(let reading) in events where policy.showsEmptyPan(reading) { return true }
            return nil
        }
        return emptied == true
    }

    /// Asks the scale for its weight (each conversation at most 1 s, ended early by an event
    /// `answeredBy` accepts), hands the events and the time since the start to `look`, and asks again
    /// 150 ms later, until `look` finds what it wants or `timeout` has passed (nil). Throws what the
    /// line throws.
    private func poll<Found>(
        _ line: ScaleLine, timeout: Duration, answeredBy: @escaping @Sendable (ScaleEvent) -> Bool,
        _ look: (_ events: [ScaleEvent], _ elapsed: Duration) -> Found?
    ) async throws -> Found? {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + timeout
        while clock.now < deadline {
            let events = try await line.converse(
                scaleProtocol, .weigh, timeout: min(deadline - clock.now, .seconds(1)), until: answeredBy)
            if let found = look(events, clock.now - start) { return found }
            try? await Task.sleep(for: .milliseconds(150))
        }
        return nil
    }
}
