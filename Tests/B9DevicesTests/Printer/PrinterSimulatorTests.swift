import B9Devices
import B9ESCPOS
import Testing

@Suite("Printer simulator")
struct PrinterSimulatorTests {
    @Test(.timeLimit(.minutes(5)), arguments: Medium.allCases)
    func answersStatusRequestsAndSendsASBOnChange(medium: Medium) async throws {
        let simulator = try await makeSimulator(medium, name: "sim-status")
        let transport = try await TransportFactory.open(await simulator.address)
        // DLE EOT 1..4 on a healthy printer: every reply has the fixed bits 0xx1xx10 and no fault bit.
        try await transport.write(hex("10 04 01 10 04 02 10 04 03 10 04 04"), timeout: .seconds(60))
        let healthy = try await transport.read(exactly: 4, timeout: .seconds(60))
        #expect(healthy.allSatisfy { matches($0, pattern: "0xx1xx10") })
        var decoder = PrinterStatusDecoder()
        for request in StatusRequest.allCases { decoder.expectReply(to: request) }
        let statuses = decoder.feed(healthy).compactMap { reply -> PrinterStatus? in
            if case .realTimeStatus(_, let status, _) = reply { return status } else { return nil }
        }
        #expect(statuses.count == 4)
        #expect(statuses.allSatisfy { $0.isReady })

        // GS a 0F: an ASB frame at once, then one per change.
        try await transport.write(hex("1D 61 0F"), timeout: .seconds(60))
        let first = try await transport.read(exactly: 4, timeout: .seconds(60))
        #expect(PrinterStatus(automaticStatusBack: first)?.isReady == true)
        await simulator.setPaperEnd(true)
        let frame = try await transport.read(exactly: 4, timeout: .seconds(60))
        let status = try #require(PrinterStatus(automaticStatusBack: frame))
        #expect(status.paperEnd == true)
        #expect(status.isOffline == true)

        try await transport.write(hex("10 04 04"), timeout: .seconds(60))
        let paper = try await transport.read(exactly: 1, timeout: .seconds(60))
        #expect(PrinterStatus(realTimeReply: paper[0], to: .paperSensor)?.paperEnd == true)
        await transport.close()
        await simulator.shutdown()
    }

    @Test(.timeLimit(.minutes(5)))
    func dataWhileOutOfPaperIsPrintedAfterReload() async throws {
        let simulator = try await makeSimulator(.tcp, name: "sim-hold")
        let transport = try await TransportFactory.open(await simulator.address)
        await simulator.setPaperEnd(true)
        try await transport.write(Array("HELLO\n".utf8) + hex("10 04 01"), timeout: .seconds(60))
        _ = try await transport.read(exactly: 1, timeout: .seconds(60))
        #expect(occurrences(of: "HELLO", in: await simulator.printed) == 0)
        #expect(occurrences(of: "HELLO", in: await simulator.received) == 1)
        await simulator.setPaperEnd(false)
        #expect(occurrences(of: "HELLO", in: await simulator.printed) == 1)
        let decoded = ESCPOSDecoder(profile: .epsonTMT88).decode(await simulator.printed)
        #expect(decoded.lines.contains { $0.map(\.text).joined() == "HELLO" })
        await transport.close()
        await simulator.shutdown()
    }
}
