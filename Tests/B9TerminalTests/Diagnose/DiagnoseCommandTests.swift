import B9Devices
import B9Scale
import Foundation
import Testing

/// `b9terminal diagnose` run as the built binary: exit status, the JSON schema of
/// docs/diagnostics.md, and the readable report, against simulated devices on ptys.
@Suite("diagnose command", .timeLimit(.minutes(3)))
struct DiagnoseCommandTests {
    /// A fake machine root: the service user `root` in group b9pos, the udev rules installed, no
    /// CUPS or ModemManager processes.
    static func fakeRoot() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("b9-diagnose-\(UUID().uuidString)")
        for folder in ["etc/udev/rules.d", "proc"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try "root:x:0:\nb9pos:x:990:root\n".write(to: root.appendingPathComponent("etc/group"), atomically: true, encoding: .utf8)
        try "root:x:0:0:root:/root:/bin/sh\n".write(to: root.appendingPathComponent("etc/passwd"), atomically: true, encoding: .utf8)
        try "# installed\n".write(to: root.appendingPathComponent("etc/udev/rules.d/99-b9pos.rules"), atomically: true, encoding: .utf8)
        return root
    }

    /// Runs `b9terminal diagnose ARGS` and returns its exit status and standard output.
    static func diagnose(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("b9-diagnose-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let child = try ChildProcess.spawn(ChildProcess.b9terminal, ["diagnose"] + arguments, output: output)
        let status = await child.wait()
        return (status, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }

    /// A receipt printer on a pty answering `DLE EOT n` with a TM-T20's bytes for paper end.
    static func paperEndPrinter(_ terminal: PseudoTerminal) -> Task<Void, Never> {
        let replies: [UInt8: UInt8] = [1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72]
        return Task {
            // Diagnostics sends one 3-byte request (10 04 n) at a time and waits for its answer.
            while !Task.isCancelled {
                guard let request = try? await terminal.peer.read(exactly: 3, timeout: .seconds(120)) else { return }
                guard request[0] == 0x10, request[1] == 0x04, let reply = replies[request[2]] else { continue }
                try? await terminal.peer.write([reply], timeout: .seconds(5))
            }
        }
    }

    @Test("A device that does not exist: exit status 1, and the JSON follows the documented schema")
    func missingDeviceJSON() async throws {
        let root = try Self.fakeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let (status, output) = try await Self.diagnose([
            "--json", "--no-discovery", "--service-user", "root", "--system-root", root.path,
            "--printer", "serial:///dev/ttyB9-missing-\(UUID().uuidString.prefix(8))",
        ])
        #expect(status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
        #expect(Set(json.keys) == ["schema", "service_user", "interactive", "status", "summary", "system", "devices"])
        #expect(json["schema"] as? String == "b9terminal.diagnose/1")
        #expect(json["status"] as? String == "fail")
        #expect(json["interactive"] as? Bool == false)
        let summary = try #require(json["summary"] as? [String: Int])
        #expect(Set(summary.keys) == ["ok", "warn", "fail"])
        #expect(summary["fail"] == 1)
        let devices = try #require(json["devices"] as? [[String: Any]])
        #expect(devices.count == 1)
        let printer = try #require(devices.first)
        #expect(Set(printer.keys) == ["name", "class", "address", "source", "status", "checks"])
        #expect(printer["class"] as? String == "printer")
        #expect(printer["source"] as? String == "configured")
        let check = try #require((printer["checks"] as? [[String: Any]])?.first)
        #expect(Set(check.keys) == ["check", "status", "found", "fix"])
        #expect(check["check"] as? String == "found")
        #expect(check["status"] as? String == "fail")
        #expect((check["found"] as? String)?.hasSuffix("not found") == true)
        // The same document decodes into the report type.
        let report = try JSONDecoder().decode(DiagnosticReport.self, from: Data(output.utf8))
        #expect(report.exitStatus == 1)
        #expect(report.devices.first?.findings.first?.severity == .fail)
    }

    @Test("A scale simulator on a pty reads a weight; nothing failed so the exit status is 0")
    func scaleReadsExitZero() async throws {
        let root = try Self.fakeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let host = try await ScaleSimulatorHost.start(ScaleSimulator(MTSICSProtocol(), script: try ScaleScript(parsing: "stable 2.468 kg")))
        let result = await Result { try await Self.diagnose([
            "--json", "--no-discovery", "--service-user", "root", "--system-root", root.path, "--timeout", "30",
            "--scale", "serial://\(host.devicePath)", "--scale-protocol", "mt-sics",
        ]) }
        await host.stop()
        let (status, output) = try result.get()
        let report = try JSONDecoder().decode(DiagnosticReport.self, from: Data(output.utf8))
        #expect(status == 0, "\(output)")
        let reading = try #require(report.devices.first?.findings.first { $0.check == "health.reading" })
        #expect(reading.severity == .ok)
        #expect(reading.found.contains("2.468 kg"))
    }

    @Test("A printer out of paper: the readable report says FAIL with the fix, exit status 1")
    func paperEndText() async throws {
        let root = try Self.fakeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let terminal = try await PseudoTerminal.open(name: "diagnose-printer")
        let printer = Self.paperEndPrinter(terminal)
        let result = await Result { try await Self.diagnose([
            "--no-discovery", "--service-user", "root", "--system-root", root.path, "--timeout", "30",
            "--printer", "serial://\(terminal.devicePath)",
        ]) }
        printer.cancel()
        await terminal.hangUp()
        let (status, output) = try result.get()
        #expect(status == 1)
        #expect(output.contains("FAIL health.status: paper end"), "\(output)")
        #expect(output.contains("fix: load a new paper roll"))
        #expect(output.contains("OK   health.open"))
        #expect(output.contains("System (service user root)"))
    }

    @Test("A bad device key is a configuration failure naming the key")
    func badKey() async throws {
        let root = try Self.fakeRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let (status, output) = try await Self.diagnose([
            "--no-discovery", "--service-user", "root", "--system-root", root.path, "--scale", "serial:///dev/ttyS0",
        ])
        #expect(status == 1)
        #expect(output.contains("FAIL system.configuration: configuration key 'devices.scale_protocol'"))
    }
}

extension Result where Failure == any Error {
    /// Runs an async throwing body and keeps its outcome, so clean-up can run before checking it.
    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
