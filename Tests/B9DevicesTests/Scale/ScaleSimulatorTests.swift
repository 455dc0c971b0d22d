import B9Scale
import Testing

/// Runs one conversation against a pure simulator until it falls silent; returns every decoded event.
func converse(_ simulator: inout ScaleSimulator, _ request: ScaleRequest) throws -> [ScaleEvent] {
    var conversation = try ScaleConversation(simulator.scaleProtocol, request: request)
    var outgoing = conversation.initialBytes
    var events: [ScaleEvent] = []
    var rounds = 0
    while rounds < 10 {
        rounds += 1
        let answer = simulator.receive(outgoing) + simulator.tick()
        if answer.isEmpty { break }
        let (decoded, reply) = conversation.receive(answer)
        events += decoded
        outgoing = reply
    }
    return events
}

let settlingScript = """
    # settling, then stable, then trouble
    motion 1.200 kg
    stable 1.234 kg
    overload
    under-zero
    garbage 41 42 43
    silence
    stable 0.750 kg
    """

@Suite struct ScaleSimulatorTests {
    @Test func scriptsParse() throws {
        let script = try ScaleScript(parsing: settlingScript)
        #expect(script.steps.count == 7)
        #expect(script.steps[5] == .silence)
        #expect(script.steps[4] == .garbage([0x41, 0x42, 0x43]))
        #expect(try ScaleScript(parsing: "motion 1 kg x3\nstable 2 kg").steps.count == 4)
        #expect(throws: ScaleError.self) { try ScaleScript(parsing: "wobble 1 kg") }
        #expect(throws: ScaleError.self) { try ScaleScript(parsing: "garbage zz") }
        #expect(throws: ScaleError.self) { try ScaleScript(parsing: "# nothing") }
    }

    /// Weigh requests walk the script: the stable weight arrives exactly, the other steps never as stable.
    @Test(arguments: Array(protocolsUnderTest().indices))
    func everyProtocolSpeaksTheScript(index: Int) throws {
        let scaleProtocol = protocolsUnderTest()[index]
        var simulator = ScaleSimulator(scaleProtocol, script: try ScaleScript(parsing: settlingScript))
        var stable: [Weight] = []
        var nonStable = 0
        for _ in 0..<7 {
            for event in try converse(&simulator, .weigh) {
                guard case .reading(let reading) = event else { continue }
                if reading.status == .stable, let weight = reading.weight {
                    stable.append(weight)
                } else {
                    nonStable += 1
                }
            }
        }
        #expect(stable == [kg("1.234"), kg("0.750")], "\(scaleProtocol.name)")
        // Overload and under-zero come through as statuses (SICS/Dialog 06 may also report motion).
        #expect(nonStable >= 2, "\(scaleProtocol.name)")
    }

    @Test(arguments: ScaleProtocolName.all)
    func probesAreAnswered(name: ScaleProtocolName) throws {
        let scaleProtocol = makeScaleProtocol(name)
        var simulator = ScaleSimulator(scaleProtocol, script: .constant(kg("1.000")))
        let probe = ScaleProbe(scaleProtocol)
        let answer = simulator.receive(probe.request)
        let detection = try #require(probe.evaluate(answer))
        #expect(detection.name == name)
        // The wrong protocol's decoder does not claim the answer of a scale speaking a line protocol
        // terminated differently (checked for the two STX-framed protocols).
        if name == .toledo8217 {
            #expect(ScaleProbe(MagellanProtocol()).evaluate(answer) == nil)
        }
    }

    @Test func toledoEchoModeIsLeftAfterTheProbe() throws {
        var simulator = ScaleSimulator(Toledo8217Protocol(), script: .constant(kg("1.234")))
        let events = try converse(&simulator, .probe)
        #expect(events.contains(.identity("8217 echo mode")))
        // Back in command mode: W gets a weight, not an echo.
        let weigh = try converse(&simulator, .weigh)
        #expect(Expected.reading(kg("1.234"), .stable).matches(weigh.first ?? .acknowledged))
    }

    @Test func dialog06WalksTheRecords() throws {
        let dialog = Dialog06Protocol(unitPrice: decimal("5.99"))
        var simulator = ScaleSimulator(dialog, script: try ScaleScript(parsing: "motion 1 kg\nstable 1.234 kg"))
        // Record 01 → ACK → EOT ENQ → NAK → record 08 → record 09 status 20 → EOT.
        let first = try converse(&simulator, .weigh)
        #expect(first.contains(.acknowledged))
        #expect(first.contains { Expected.reading(nil, .motion).matches($0) })
        let second = try converse(&simulator, .weigh)
        let priced = try #require(second.compactMap { reading($0) }.first)
        #expect(priced.weight == kg("1.234"))
        #expect(priced.unitPrice == decimal("5.99"))
        #expect(priced.totalPrice == decimal("7.39"))  // 1.234 × 5.99 = 7.39166
    }

    @Test func casContinuousSendsOnItsOwn() {
        var simulator = ScaleSimulator(CASProtocol(mode: .continuous), script: .constant(kg("2.500")))
        var decoder = ScaleDecoder(CASProtocol(mode: .continuous))
        let events = decoder.decode(simulator.tick() + simulator.tick())
        #expect(events.count == 2)
        #expect(reading(events[0])?.weight == kg("2.5"))
        #expect(reading(events[1])?.status == .stable)
    }
}
