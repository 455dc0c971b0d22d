@testable import B9Terminal
import Foundation
import Testing

@Suite("Secrets stay out of logs; the systemd unit stays hardened", .serialized, .timeLimit(.minutes(5)))
struct SecretsAndUnitTests {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// At the most verbose level, with the broker refusing the password (the path that logs the most
    /// about credentials), the daemon's whole log never contains the password.
    @Test func mqttPasswordNeverLoggedEvenAtTrace() async throws {
        let broker = try await MosquittoBroker(users: ["till-1": "the-right-one"])
        defer { broker.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("b9-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let configFile = folder.appendingPathComponent("b9terminal.yaml")
        try """
            role: till
            store: {id: s1, terminal_id: till-1, path: \(folder.appendingPathComponent("till.sqlite").path)}
            mqtt: {host: 127.0.0.1, port: \(broker.port), username: till-1, keepalive_seconds: 5}
            log: {level: trace}
            """.write(to: configFile, atomically: true, encoding: .utf8)
        let secret = "Pw-\(UUID().uuidString)"
        var environment = ProcessInfo.processInfo.environment
        environment["B9TERMINAL_MQTT_PASSWORD"] = secret
        environment.removeValue(forKey: "NOTIFY_SOCKET")
        let logFile = folder.appendingPathComponent("stderr.log").path
        let outFile = folder.appendingPathComponent("stdout.log").path
        let daemon = try ChildProcess.spawn(ChildProcess.b9terminal, ["run", "--config", configFile.path], environment: environment, output: outFile, errors: logFile)
        // Wait until the daemon has logged the broker's refusal at least once.
        let refused = await eventually(timeout: .seconds(60)) {
            ((try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "").contains("refused")
        }
        daemon.signal(SIGTERM)
        _ = await daemon.wait()
        let log = ((try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "") + ((try? String(contentsOfFile: outFile, encoding: .utf8)) ?? "")
        #expect(refused, "the daemon never logged the refusal; log: \(log.suffix(2_000))")
        #expect(!log.isEmpty)
        #expect(!log.contains(secret))
    }

    /// `systemd-analyze security` rates the shipped unit at an exposure of 3.0 or better.
    @Test func unitExposureAtMostThree() async throws {
        let analyzer = "/usr/bin/systemd-analyze"
        try #require(FileManager.default.isExecutableFile(atPath: analyzer), "systemd-analyze is not installed (Debian package systemd)")
        let unit = Self.repository.appendingPathComponent("systemd/b9terminal.service").path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("b9-unit-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let run = try ChildProcess.spawn(analyzer, ["security", "--offline=true", "--threshold=30", unit], output: output, errors: output)
        let status = await run.wait()
        let report = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        #expect(status == 0, "exposure above 3.0:\n\(report.suffix(1_500))")
        #expect(report.contains("Overall exposure level for b9terminal.service"))
    }
}
