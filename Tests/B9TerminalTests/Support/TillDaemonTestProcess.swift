import Foundation
import Testing

/// A till-role `b9terminal run` in a child process, for the tests that drive the whole daemon: its YAML
/// written next to the test store (role, the store, the local API on a free loopback port, plus the
/// caller's keys), started with the test API token and its log in the store's folder, and waited for
/// (bounded) until its local API listens.
struct TillDaemonTestProcess: Sendable {
    let daemon: ChildProcess
    /// The local API's loopback port.
    let port: Int
    let logFile: String

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts the till on `store`'s SQLite file.
    /// - Parameters:
    ///   - yaml: more top-level configuration keys, one per line (`devices: {printer: "tcp://…"}`).
    ///   - alsoWaitFor: log texts to wait for besides the local API (`metrics listening address=127`).
    static func start(store: TestStore, yaml: String, alsoWaitFor: [String] = []) async throws -> TillDaemonTestProcess {
        let configFile = store.folder.appendingPathComponent("b9terminal.yaml")
        try """
            role: till
            store: {id: s1, terminal_id: till-1, path: \(store.folder.appendingPathComponent("store.sqlite").path)}
            api: {port: 0}
            \(yaml)
            """.write(to: configFile, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["B9TERMINAL_API_TOKEN"] = LocalAPITestServer.token
        let logFile = store.folder.appendingPathComponent("stderr.log").path
        let daemon = try ChildProcess.spawn(ChildProcess.b9terminal, ["run", "--config", configFile.path], environment: environment, errors: logFile)
        @Sendable func log() -> String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }
        let listening = await eventually(timeout: .seconds(60)) {
            log().contains(/local API listening.* url=http:\/\/127/) && alsoWaitFor.allSatisfy { log().contains($0) } || daemon.hasExited
        }
        guard listening, !daemon.hasExited,
            let port = log().firstMatch(of: /local API listening.* url=http:\/\/127\.0\.0\.1:([0-9]+)\//).flatMap({ Int($0.1) })
        else {
            if !daemon.hasExited { daemon.signal(SIGKILL) }
            _ = await daemon.wait()
            throw StartError(description: "the till did not serve its local API within 60 s; log: \(log())")
        }
        return TillDaemonTestProcess(daemon: daemon, port: port, logFile: logFile)
    }

    /// What the daemon logged so far.
    var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// A request to the local API with the test token (a JSON body when given).
    func call(_ method: String, _ path: String, _ body: String? = nil) async throws -> RawHTTPResponse {
        try await RawHTTPClient.send(
            to: .tcp(port), method: method, path: path,
            headers: ["Authorization: Bearer \(LocalAPITestServer.token)", "Content-Type: application/json"], body: body.map { Array($0.utf8) }
        )
    }

    /// Kills the daemon if it still runs (for `defer` when a test fails half-way).
    func kill() {
        if !daemon.hasExited {
            daemon.signal(SIGKILL)
            _ = daemon.waitBlocking()
        }
    }

    /// SIGTERM, then waits up to 60 s; the exit status, or nil when it did not stop (it is then killed).
    func stop() async -> Int32? {
        daemon.signal(SIGTERM)
        guard await eventually(timeout: .seconds(60), { daemon.hasExited }) else {
            kill()
            return nil
        }
        return await daemon.wait()
    }
}
