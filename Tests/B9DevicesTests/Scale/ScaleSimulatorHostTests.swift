import B9Devices
import B9Scale
import Testing

/// End to end through a real pseudo-terminal: the simulator serves the pty master, the test opens the
/// slave as a `SerialPort` (through `ScaleLine`: raw, O_NOCTTY, the protocol's line settings) and reads
/// weights. Waits are generous: they end early when the scale answers and only run out when it does not.
@Suite(.timeLimit(.minutes(5))) struct ScaleSimulatorHostTests {
    @Test(arguments: Array(protocolsUnderTest().indices))
    func readsASettlingWeightThroughAPty(index: Int) async throws {
        let scaleProtocol = protocolsUnderTest()[index]
        let script = try ScaleScript(parsing: "garbage 7E 7F 41\nmotion 1.100 kg x2\nsilence\nstable 1.234 kg")
        let host = try await ScaleSimulatorHost.start(ScaleSimulator(scaleProtocol, script: script))
        var released: Weight?
        var sawMotionOrRefusal = false
        do {
            let line = try await ScaleLine.open(path: host.devicePath, settings: scaleProtocol.lineSettings)
            var gate = StableWeightGate(policy: try WeighingPolicy(minimum: kg("0.020"), maximum: kg("15")))
            let deadline = ContinuousClock.now.advanced(by: .seconds(120))
            while released == nil, ContinuousClock.now < deadline {
                // The script's "silence" step lets one conversation run out; the others end at the answer.
                let events = try await line.converse(scaleProtocol, .weigh, timeout: .seconds(1)) { event in
                    if case .reading = event { true } else { false }
                }
                for case .reading(let reading) in events {
                    if let weight = try? gate.accept(reading) {
                        released = weight
                    } else {
                        sawMotionOrRefusal = true
                    }
                }
                if events.contains(where: { if case .rejected = $0 { true } else { false } }) { sawMotionOrRefusal = true }
            }
            await line.close()
        } catch {
            await host.stop()
            throw error
        }
        await host.stop()
        #expect(released == kg("1.234"), "\(scaleProtocol.name)")
        #expect(sawMotionOrRefusal, "\(scaleProtocol.name)")
    }

    /// The probe of the simulated protocol goes first and may wait long (it ends at the answer), so
    /// no late answer to another probe can come before it; the other probes wait briefly (their
    /// outcome is not what is checked).
    @Test(arguments: [ScaleProtocolName.toledo8217, .mtSICS, .magellan])
    func detectFindsTheSimulatedProtocol(name: ScaleProtocolName) async throws {
        let host = try await ScaleSimulatorHost.start(ScaleSimulator(makeScaleProtocol(name), script: .constant(kg("1.000"))))
        var detected: [ScaleProtocolName] = []
        let probes = ScaleProbe.all().filter { $0.scaleProtocol.name == name }
            + ScaleProbe.all().filter { $0.scaleProtocol.name != name }
        do {
            for probe in probes {
                let line = try await ScaleLine.open(path: host.devicePath, settings: probe.lineSettings)
                let wait: Duration = probe.scaleProtocol.name == name ? .seconds(60) : .milliseconds(300)
                let events = try await line.converse(probe.scaleProtocol, .probe, timeout: wait) { event in
                    if case .skipped = event { false } else { true }
                }
                await line.close()
                if probe.evaluate(events: events) != nil { detected.append(probe.scaleProtocol.name) }
            }
        } catch {
            await host.stop()
            throw error
        }
        await host.stop()
        #expect(detected.contains(name), "detected \(detected)")
    }
}
