@testable import B9Terminal
import Foundation
import Testing

@Suite("Local API inside b9terminal run", .serialized, .timeLimit(.minutes(5)))
struct LocalAPIDaemonTests {
    @Test("run serves the API on loopback and on its unix socket, never logs the token, and removes the socket on SIGTERM")
    func daemonServesTheAPI() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("b9-api-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let socket = "/tmp/b9api-run-\(UUID().uuidString.prefix(8)).sock"
        let configFile = folder.appendingPathComponent("b9terminal.yaml")
        try """
            role: till
            store: {id: s1, terminal_id: till-1, path: \(folder.appendingPathComponent("till.sqlite").path)}
            api: {port: 0, socket: \(socket)}
            """.write(to: configFile, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["B9TERMINAL_API_TOKEN"] = LocalAPITestServer.token
        let logFile = folder.appendingPathComponent("stderr.log").path
        let daemon = try ChildProcess.spawn(ChildProcess.b9terminal, ["run", "--config", configFile.path], environment: environment, errors: logFile)
        @Sendable func log() -> String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }
        let listening = await eventually(timeout: .seconds(60)) {
            log().contains("local API listening socket=") && log().contains("url=http://127.0.0.1:")
        }
        if !listening { daemon.signal(SIGKILL) }
        try #require(listening, "log: \(log())")
        let port = try #require(log().firstMatch(of: /url=http:\/\/127\.0\.0\.1:([0-9]+)\//).flatMap { Int($0.1) })

        let health = try await RawHTTPClient.send(to: .tcp(port), method: "GET", path: "/health", headers: ["Authorization: Bearer \(LocalAPITestServer.token)"], body: nil)
        #expect(health.status == 200)
        #expect(health.text.contains("\"terminalID\":\"till-1\""))
        let overSocket = try await RawHTTPClient.send(to: .unix(socket), method: "GET", path: "/health", headers: ["Authorization: Bearer \(LocalAPITestServer.token)"], body: nil)
        #expect(overSocket.status == 200)
        let refused = try await RawHTTPClient.send(to: .tcp(port), method: "POST", path: "/carts", headers: [], body: nil)
        #expect(refused.status == 401)
        // Without a printer the sale is still committed; its receipt stays unconfirmed.
        let cart = try JSONDecoder().decode(CartView.self, from: Data(try await RawHTTPClient.send(
            to: .tcp(port), method: "POST", path: "/carts", headers: ["Authorization: Bearer \(LocalAPITestServer.token)"], body: nil
        ).body))
        #expect(cart.lines.isEmpty)

        daemon.signal(SIGTERM)
        #expect(await daemon.wait() == 0)
        #expect(!FileManager.default.fileExists(atPath: socket))
        #expect(!log().contains(LocalAPITestServer.token))
    }
}
