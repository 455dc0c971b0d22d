import B9Intake
@testable import B9Terminal
import Foundation
import Testing

@Suite("Local API: token, loopback, unix socket and peer credentials", .timeLimit(.minutes(5)))
struct LocalAPIAuthTests {
    @Test("Without a token, or with a wrong one, every API route is refused 401; the right token is accepted")
    func bearerToken() async throws {
        try await LocalAPITestServer.with { server in
            for path in ["/health", "/devices", "/openapi.json", "/carts/none"] {
                let missing = try await server.request("GET", path, token: nil)
                #expect(missing.status == 401, "\(path)")
                #expect(missing.errorCode == "unauthorized")
                #expect(missing.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
                let wrong = try await server.request("GET", path, token: LocalAPITestServer.token + "x")
                #expect(wrong.status == 401, "\(path)")
                let prefix = try await server.request("GET", path, token: String(LocalAPITestServer.token.dropLast()))
                #expect(prefix.status == 401, "\(path)")
            }
            let post = try await server.request("POST", "/carts", token: "wrong-token-wrong-token")
            #expect(post.status == 401)
            let health = try await server.request("GET", "/health")
            #expect(health.status == 200)
            #expect(health.text.contains("\"status\":\"ok\""))
        }
    }

    @Test("The till page is served without the token and does not contain it")
    func tillPageIsPublic() async throws {
        try await LocalAPITestServer.with { server in
            let page = try await server.request("GET", "/", token: nil)
            #expect(page.status == 200)
            #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("id=\"scan\""))
            #expect(!page.text.contains(LocalAPITestServer.token))
        }
    }

    /// The whole text of a procfs file.
    static func readProcFile(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("The TCP listener is bound to 127.0.0.1 only")
    func loopbackBind() async throws {
        try await LocalAPITestServer.with { server in
            let port = try #require(server.port)
            #expect(port > 0)
            // /proc/net/tcp lists listening sockets as HEXADDR:HEXPORT with state 0A (LISTEN). It is read
            // to its end with read(2) (procfs reports size 0), again if a concurrent change hid the line.
            let suffix = String(format: ":%04X", port)
            var listening: [[Substring]] = []
            for _ in 0..<50 where listening.isEmpty {
                let table = Self.readProcFile("/proc/net/tcp") + Self.readProcFile("/proc/net/tcp6")
                listening = table.split(separator: "\n").map { $0.split(separator: " ") }.filter { $0.count > 3 && $0[1].hasSuffix(suffix) && $0[3] == "0A" }
                if listening.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(!listening.isEmpty)
            for entry in listening {
                #expect(entry[1] == "0100007F" + suffix, "bound to \(entry[1])")
            }
        }
    }

    @Test("A non-loopback api.host is refused by the configuration, naming the key")
    func nonLoopbackHostRefused() async throws {
        for host in ["0.0.0.0", "192.168.1.10", "example.com", "::"] {
            let reader = try await ConfigurationSources.reader(
                file: nil, overrides: ["store.id": "s1", "store.terminal_id": "t1", "api.host": host],
                environment: ["B9TERMINAL_API_TOKEN": LocalAPITestServer.token]
            )
            #expect(throws: ConfigurationError.self) { try TerminalConfiguration(config: reader) }
            do {
                _ = try TerminalConfiguration(config: reader)
            } catch {
                #expect(error.key == "api.host")
            }
        }
        #expect(LocalAPIConfiguration.isLoopback("127.0.0.1"))
        #expect(LocalAPIConfiguration.isLoopback("127.1.2.3"))
        #expect(LocalAPIConfiguration.isLoopback("::1"))
        #expect(!LocalAPIConfiguration.isLoopback("127.0.0.256"))
    }

    @Test("api.* keys: token required and kept secret, defaults, socket group needs a socket")
    func configurationKeys() async throws {
        func read(_ values: [String: String], token: String? = LocalAPITestServer.token) async throws -> TerminalConfiguration {
            var environment: [String: String] = [:]
            environment["B9TERMINAL_API_TOKEN"] = token
            let reader = try await ConfigurationSources.reader(file: nil, overrides: values.merging(["store.id": "s1", "store.terminal_id": "t1"]) { a, _ in a }, environment: environment)
            return try TerminalConfiguration(config: reader)
        }
        #expect(try await read([:], token: nil).api == nil)
        let api = try #require(try await read([:]).api)
        #expect(api.host == "127.0.0.1" && api.port == 8089 && api.socketPath == nil)
        #expect(!api.description.contains(LocalAPITestServer.token))
        #expect(try await read(["api.host": "none", "api.socket": "/run/b9.sock"]).api?.host == nil)
        do {
            _ = try await read([:], token: "short")
            Issue.record("a short token was accepted")
        } catch let error as ConfigurationError {
            #expect(error.key == "api.token")
            #expect(!error.description.contains("short"))
        }
        do {
            _ = try await read(["api.port": "8089"], token: nil)
            Issue.record("api.port without a token was accepted")
        } catch let error as ConfigurationError {
            #expect(error.key == "api.token")
        }
        do {
            _ = try await read(["api.socket_group": "0"])
            Issue.record("a socket group without a socket was accepted")
        } catch let error as ConfigurationError {
            #expect(error.key == "api.socket")
        }
        let summary = try await read([:]).summary
        #expect(summary.contains("api.token: <secret>"))
        #expect(!summary.contains(LocalAPITestServer.token))
    }

    @Test("The unix socket has mode 0660 and answers the daemon's own user")
    func unixSocket() async throws {
        try await LocalAPITestServer.with(tcp: false, socket: true) { server in
            let path = try #require(server.socketPath)
            var info = stat()
            #expect(lstat(path, &info) == 0)
            #expect(info.st_mode & S_IFMT == S_IFSOCK)
            #expect(info.st_mode & 0o777 == 0o660)
            let health = try await server.request("GET", "/health", viaSocket: true)
            #expect(health.status == 200)
            let refused = try await server.request("GET", "/health", token: nil, viaSocket: true)
            #expect(refused.status == 401)
        }
    }

    @Test("Peer policy: the daemon's user and root pass; others only through the configured group")
    func peerPolicy() {
        let noGroup = PeerPolicy(ownUID: 1000, group: nil, isMember: { _, _, _ in true })
        #expect(noGroup.allows(PeerCredentials(pid: 1, uid: 0, gid: 0)))
        #expect(noGroup.allows(PeerCredentials(pid: 1, uid: 1000, gid: 1000)))
        #expect(!noGroup.allows(PeerCredentials(pid: 1, uid: 1001, gid: 1001)))
        let members: Set<UInt32> = [1002]
        let withGroup = PeerPolicy(ownUID: 1000, group: 500, isMember: { uid, _, gid in gid == 500 && members.contains(uid) })
        #expect(withGroup.allows(PeerCredentials(pid: 1, uid: 1001, gid: 500)))
        #expect(withGroup.allows(PeerCredentials(pid: 1, uid: 1002, gid: 1002)))
        #expect(!withGroup.allows(PeerCredentials(pid: 1, uid: 1003, gid: 1003)))
    }

    static var canSwitchUser: Bool {
        geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")
    }

    @Test(
        "A peer of another user is refused 403 on the unix socket even with the token",
        .enabled(if: canSwitchUser, "needs root, /usr/bin/setpriv and /usr/bin/curl to connect as another user")
    )
    func otherUserRefused() async throws {
        try await LocalAPITestServer.with(tcp: false, socket: true) { server in
            let path = try #require(server.socketPath)
            // Open the file itself so only the credential check stands in the way.
            #expect(chmod(path, 0o666) == 0)
            let output = server.testStore.folder.appendingPathComponent("curl.out").path
            let curl = try ChildProcess.spawn("/usr/bin/setpriv", [
                "--reuid=65534", "--regid=65534", "--clear-groups", "--", "/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--max-time", "60", "--unix-socket", path, "-H", "Authorization: Bearer \(LocalAPITestServer.token)", "http://localhost/health",
            ], output: output)
            #expect(await curl.wait() == 0)
            #expect(try String(contentsOfFile: output, encoding: .utf8) == "403")
        }
    }

    @Test("Token comparison is exact")
    func constantTimeCompare() {
        let token = Array("abcdefghijklmnop".utf8)
        #expect(BearerTokenMiddleware.constantTimeEqual(token, token))
        #expect(!BearerTokenMiddleware.constantTimeEqual(Array("abcdefghijklmnoq".utf8), token))
        #expect(!BearerTokenMiddleware.constantTimeEqual(Array("abcdefghijklmno".utf8), token))
        #expect(!BearerTokenMiddleware.constantTimeEqual(Array("abcdefghijklmnopq".utf8), token))
        #expect(!BearerTokenMiddleware.constantTimeEqual([], token))
    }
}
