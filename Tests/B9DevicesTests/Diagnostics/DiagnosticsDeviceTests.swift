import B9Devices
import B9ESCPOS
import B9Scale
import NIOCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Device-level diagnostics against simulated hardware: a network printer answering DLE EOT, a
/// scale simulator on a pty, a missing node.
@Suite("Diagnostics: device checks", .timeLimit(.minutes(5)))
struct DiagnosticsDeviceTests {
    /// Runs the per-device checks with a fake machine where `root` is in the b9pos group.
    static func diagnose(_ target: DiagnosticTarget, prompt: (any TechnicianPrompt)? = nil) async throws -> [DiagnosticFinding] {
        let root = try DiagnosticsFakeRoot.make()
        let options = DeviceDiagnostics.Options(serviceUser: "root", replyTimeout: .seconds(30),
                                                interactiveTimeout: .seconds(30), files: SystemFiles(root: root.path))
        let diagnostics = DeviceDiagnostics(options: options)
        let accounts = AccountDatabase(files: options.files)
        let findings = await diagnostics.diagnose(
            target, permissions: NodePermissionCheck(serviceUser: "root", accounts: accounts),
            conflicts: ConflictCheck(files: options.files), prompt: prompt)
        root.remove()
        return findings
    }

    @Test("A printer reporting paper end fails its status check with the fix to load paper")
    func paperEnd() async throws {
        let printer = try await DiagnosticsTCPPrinterStub.start(.paperEnd)
        let findings = try await Self.diagnose(DiagnosticTarget(name: "printer", address: printer.address, kind: .printer(.epsonTMT20)))
        _ = await printer.stop()
        let status = findings.filter { $0.check == DiagnosticCheck.healthStatus }
        #expect(findings.contains { $0.check == DiagnosticCheck.healthOpen && $0.severity == .ok })
        #expect(status.contains { $0.severity == .fail && $0.found.contains("paper end") && ($0.fix ?? "").contains("paper roll") })
        #expect(!status.contains { $0.found.contains("cover") })
    }

    @Test("A printer reporting its cover open fails with the fix to close it")
    func coverOpen() async throws {
        let printer = try await DiagnosticsTCPPrinterStub.start(.coverOpen)
        let findings = try await Self.diagnose(DiagnosticTarget(name: "printer", address: printer.address, kind: .printer(.epsonTMT20)))
        _ = await printer.stop()
        let status = findings.filter { $0.check == DiagnosticCheck.healthStatus }
        #expect(status.count == 1)
        #expect(status.first?.severity == .fail)
        #expect(status.first?.found == "cover open")
        #expect(status.first?.fix?.contains("close the printer cover") == true)
    }

    @Test("A ready printer passes, and with a technician it prints the test page and asks about it")
    func readyPrinterInteractive() async throws {
        let printer = try await DiagnosticsTCPPrinterStub.start(.ready)
        let prompt = DiagnosticsScriptedPrompt(answers: [true])
        let findings = try await Self.diagnose(
            DiagnosticTarget(name: "printer", address: printer.address, kind: .printer(.epsonTMT20)), prompt: prompt)
        let printed = await printer.stop()
        #expect(findings.allSatisfy { $0.severity == .ok }, "\(findings)")
        #expect(findings.contains { $0.check == DiagnosticCheck.interactivePrint && $0.severity == .ok })
        #expect(printed.starts(with: [0x1B, 0x40]))
        #expect(String(decoding: printed, as: UTF8.self).contains("B9Terminal test print"))
        #expect(await prompt.asked.count == 1)
    }

    @Test("With a technician the display shows the test text, and is blank again once answered", arguments: [DisplayCommandSet.epson, .cd5220])
    func displayTestIsClearedAfterwards(set: DisplayCommandSet) async throws {
        let pty = try await PseudoTerminal.open(name: "diagnose-display")
        let prompt = DiagnosticsScriptedPrompt(answers: [true])
        let findings = try await Self.diagnose(
            DiagnosticTarget(name: "display", address: pty.serialAddress(), kind: .display(set)), prompt: prompt)
        var received: [UInt8] = []
        while var chunk = try? await pty.peer.read(timeout: .seconds(1)) { received += chunk.readBytes(length: chunk.readableBytes) ?? [] }
        await pty.hangUp()
        #expect(findings.contains { $0.check == DiagnosticCheck.interactiveDisplay && $0.severity == .ok }, "\(findings)")
        var screen = CustomerDisplaySimulator(commandSet: set)
        var shown: [(String, String)] = []
        for byte in received {
            screen.feed([byte])
            if shown.last.map({ $0 != screen.lines }) ?? true { shown.append(screen.lines) }
        }
        #expect(shown.contains { $0.0.hasPrefix("B9 display test") }, "the test text was shown: \(shown)")
        let blank = String(repeating: " ", count: 20)
        #expect(screen.lines == (blank, blank), "left showing: \(screen.lines)")
    }

    @Test("A printer that does not answer DLE EOT fails the status check")
    func silentPrinter() async throws {
        let listener = try await LoopbackListener.start()
        let options = DeviceDiagnostics.Options(serviceUser: "root", replyTimeout: .milliseconds(300))
        var accepted = listener.connections.makeAsyncIterator()
        let transport = try await HealthChecks.open(listener.address, timeout: .seconds(30))
        let connection = await accepted.next()
        let findings = await HealthChecks.printerStatus(transport, timeout: options.replyTimeout)
        await transport.close()
        await connection?.close()
        await listener.stop()
        #expect(findings.count == 1)
        #expect(findings.first?.severity == .fail)
        #expect(findings.first?.found.contains("no answer to DLE EOT 1") == true)
    }

    @Test("A scale simulator on a pty gives a reading, with the line settings checked")
    func scaleReading() async throws {
        let scaleProtocol = MTSICSProtocol()
        let host = try await ScaleSimulatorHost.start(ScaleSimulator(scaleProtocol, script: try ScaleScript(parsing: "stable 1.234 kg")))
        let address = DeviceAddress(.serial(path: host.devicePath, settings: .default))
        let findings = try await Self.diagnose(DiagnosticTarget(name: "scale", address: address, kind: .scale(scaleProtocol)))
        await host.stop()
        #expect(findings.contains { $0.check == DiagnosticCheck.found && $0.severity == .ok })
        #expect(findings.contains { $0.check == DiagnosticCheck.lineSettings && $0.severity == .ok })
        let reading = try #require(findings.first { $0.check == DiagnosticCheck.healthReading })
        #expect(reading.severity == .ok)
        #expect(reading.found.contains("1.234 kg"))
    }

    @Test("A scale configured at other line settings than its protocol's gets a warning")
    func scaleLineSettingsMismatch() async throws {
        let scaleProtocol = MTSICSProtocol()
        let host = try await ScaleSimulatorHost.start(ScaleSimulator(scaleProtocol, script: try ScaleScript(parsing: "stable 0.500 kg")))
        let address = DeviceAddress(.serial(path: host.devicePath, settings: SerialSettings(baudRate: .b19200)))
        let findings = try await Self.diagnose(DiagnosticTarget(name: "scale", address: address, kind: .scale(scaleProtocol)))
        await host.stop()
        let line = try #require(findings.first { $0.check == DiagnosticCheck.lineSettings })
        #expect(line.severity == .warn)
        #expect(line.found.contains("usually run at"))
    }

    @Test("Put a weight on the scale: the stable weight is read and the technician confirms it")
    func interactiveWeight() async throws {
        let scaleProtocol = Toledo8217Protocol()
        let host = try await ScaleSimulatorHost.start(
            ScaleSimulator(scaleProtocol, script: try ScaleScript(parsing: "stable 0.000 kg x2\nmotion 0.800 kg\nstable 0.750 kg")))
        let settings = SerialSettings(dataBits: 7, parity: .even)
        let prompt = DiagnosticsScriptedPrompt(answers: [false])
        let findings = try await Self.diagnose(
            DiagnosticTarget(name: "scale", address: DeviceAddress(.serial(path: host.devicePath, settings: settings)),
                             kind: .scale(scaleProtocol)), prompt: prompt)
        await host.stop()
        let weigh = try #require(findings.first { $0.check == DiagnosticCheck.interactiveWeight })
        #expect(weigh.severity == .fail)  // the technician answered no
        #expect(weigh.found.contains("0.75"))
        #expect(await prompt.asked.first?.contains("0.75") == true)
        #expect(await prompt.told.first?.contains("Put a weight") == true)
    }

    @Test("A device path that does not exist fails as not found, and nothing else is tried")
    func notFound() async throws {
        let findings = try await Self.diagnose(DiagnosticTarget(
            name: "printer", address: DeviceAddress(.usblp(path: "/dev/usb/lp-b9-missing")), kind: .printer(.generic80)))
        #expect(findings.count == 1)
        #expect(findings.first?.check == DiagnosticCheck.found)
        #expect(findings.first?.severity == .fail)
        #expect(findings.first?.found == "/dev/usb/lp-b9-missing not found")
    }
}
