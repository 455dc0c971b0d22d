import B9Devices
import B9Scale
import NIOCore
import Synchronization
import Testing

/// Scales pulled and put back, idle and in the middle of an answer, speaking their real protocol
/// on a pty: the scale is reading again within 5 s of the replug, and no weight is ever reported
/// from a frame that was not seen whole on the current connection.
@Suite("Unplug/replug cycles: scale", .timeLimit(.minutes(20)))
struct ScaleFlapTests {
    /// The stable weight the scale reports on its `generation`-th connection: 1.001 kg, 1.002 kg, …
    static func weight(_ generation: Int) -> Weight {
        kg("1." + String(String(1000 + generation % 1000).dropFirst()))
    }

    /// The weight of the half frame sent just before a pull, never sent whole: 7.001 kg, …
    static func cutWeight(_ generation: Int) -> Weight {
        kg("7." + String(String(1000 + generation % 1000).dropFirst()))
    }

    /// Tells the simulated scale to cut its next answer in half and stop answering.
    final class CutSwitch: Sendable {
        private let state = Mutex((armed: false, done: false))
        func arm() { state.withLock { $0 = (true, false) } }
        func take() -> Bool {
            state.withLock { state in
                guard state.armed else { return false }
                state.armed = false
                return true
            }
        }
        func markDone() { state.withLock { $0.done = true } }
        var done: Bool { state.withLock { $0.done } }
    }

    /// Serves `scaleProtocol` on each plugged-in pty, a fresh scale per connection.
    static func serve(_ scaleProtocol: any ScaleProtocol, cut: CutSwitch) -> @Sendable (PseudoTerminal, Int) async -> Void {
        { line, generation in
            var simulator = ScaleSimulator(scaleProtocol, script: .constant(weight(generation)))
            await readChunks(from: line) { bytes in
                let answer = simulator.receive(bytes)
                guard !answer.isEmpty else { return true }
                if cut.take() {
                    let frame = scaleProtocol.encodeReply(ScaleReading(weight: cutWeight(generation), status: .stable))
                    try? await line.peer.write(Array(frame.prefix(frame.count / 2)), timeout: .seconds(30))
                    cut.markDone()
                    return false
                }
                try? await line.peer.write(answer, timeout: .seconds(30))
                return true
            }
        }
    }

    @Test(arguments: [ScaleProtocolName.toledo8217, .mtSICS])
    func polledScaleOnAPty(name: ScaleProtocolName) async throws {
        let scaleProtocol = makeScaleProtocol(name)
        let cut = CutSwitch()
        let cable = try FlappingLine(name: "scale", serve: Self.serve(scaleProtocol, cut: cut))
        try await cable.plug()
        let driver = ScaleDriver(scaleProtocol: scaleProtocol, mode: .polled(interval: .milliseconds(50)),
                                 answerTimeout: .seconds(2))
        let scale = ManagedDevice(address: driver.serialAddress(path: cable.link), driver: driver)
        let timeline = FlapTimeline(following: scale.events)
        try await scale.open()
        try await scale.claim()
        try await scale.enable()
        let policy = try WeighingPolicy(minimum: kg("0.020"), maximum: kg("15"))
        var back = FlapFigures("scale-\(name) replug to reconnected")
        var reading = FlapFigures("scale-\(name) replug to first reading")
        for cycle in 0..<flapCycles() {
            let generation = await cable.generation
            do {
                #expect(try await scale.stableWeight(policy: policy, timeout: .seconds(60)) == Self.weight(generation))
            } catch {
                Issue.record("cycle \(cycle): \(error); the last events: \(timeline.tail())")
                return
            }
            let pulled = timeline.count
            if cycle % 2 == 1 {
                // Mid-read: the scale sends half of its next answer, then the cable is pulled.
                cut.arm()
                await eventually { cut.done }
            }
            await cable.unplug()
            guard await timeline.status(.disconnected, from: pulled) != nil else { return }
            guard let returned = try await timeline.replug(
                after: pulled, cycle: cycle, figures: &back, plug: { try await cable.plug() }, isBack: isStatus(.reconnected)) else { return }
            guard let first = await timeline.first(from: returned.index, where: isData) else { return }
            let again = returned.replugged.duration(to: first.entry.at)
            reading.add(again)
            #expect(again <= flapBackWithin, "cycle \(cycle): reading again after \(again)")
        }
        // Every reading belongs to the connection it arrived on: generation n is the n-th plug.
        var generation = 1
        var readings = 0
        for entry in timeline.all {
            switch entry.event {
            case .status(let status) where status.code == .reconnected: generation += 1
            case .data(let reading):
                readings += 1
                #expect(reading.weight == Self.weight(generation), "reading \(reading) on connection \(generation)")
            default: break
            }
        }
        #expect(readings >= flapCycles())
        back.report()
        reading.report()
        await scale.close()
        await cable.unplug()
    }
}
