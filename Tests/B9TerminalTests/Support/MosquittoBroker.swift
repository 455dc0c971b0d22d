import Foundation
import Synchronization

/// A real mosquitto broker for one test: `/usr/sbin/mosquitto -c <generated conf>` listening on a free
/// loopback port (127.0.0.1 only), persistence off unless asked, `max_queued_messages 100000` so a
/// slow subscriber never loses QoS 1 messages to the broker's default limit of 1000.
///
/// ``stop()`` (or deinit) kills it; ``start()`` again reuses the port and, with persistence on, the
/// broker restores sessions and queued messages from its folder.
final class MosquittoBroker: Sendable {
    let port: Int
    let folder: URL
    private let process = Mutex<ChildProcess?>(nil)
    private let extraPort = Mutex<Int>(0)
    /// A second listener's port that a test configured itself (TLS).
    var tlsPort: Int {
        get { extraPort.withLock { $0 } }
        set { extraPort.withLock { $0 = newValue } }
    }

    /// Writes the configuration and starts the broker; returns once it accepts TCP connections.
    /// - Parameters:
    ///   - persistence: keep sessions and queued messages in the test's folder across ``stop()``/``start()``.
    ///   - users: user name → password; when given, anonymous clients are refused.
    ///   - extraConfiguration: lines appended to mosquitto.conf.
    init(persistence: Bool = false, users: [String: String] = [:], extraConfiguration: [String] = []) async throws {
        port = try Self.freeLoopbackPort()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("b9-mosquitto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var lines = [
            "listener \(port) 127.0.0.1",
            // Run as whoever runs the tests (as root, mosquitto would otherwise switch to the
            // mosquitto user, which cannot write the test's folder).
            "user \(getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "root")",
            "max_queued_messages 100000",
            "max_inflight_messages 20",
            "log_dest file \(folder.appendingPathComponent("mosquitto.log").path)",
            "log_type error",
            "log_type warning",
            "log_type notice",
        ]
        if persistence {
            lines += ["persistence true", "persistence_location \(folder.path)/", "autosave_interval 1"]
        } else {
            lines.append("persistence false")
        }
        if users.isEmpty {
            lines.append("allow_anonymous true")
        } else {
            let passwords = folder.appendingPathComponent("passwords")
            _ = FileManager.default.createFile(atPath: passwords.path, contents: Data())
            for (user, password) in users.sorted(by: { $0.key < $1.key }) {
                let status = try await ChildProcess.spawn("/usr/bin/mosquitto_passwd", ["-b", passwords.path, user, password]).wait()
                guard status == 0 else { throw BrokerError(message: "mosquitto_passwd failed with \(status)") }
            }
            lines += ["allow_anonymous false", "password_file \(passwords.path)"]
        }
        lines += extraConfiguration
        try (lines.joined(separator: "\n") + "\n").write(to: configurationFile, atomically: true, encoding: .utf8)
        try await start()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }

    var configurationFile: URL { folder.appendingPathComponent("mosquitto.conf") }

    /// Starts (or restarts) the broker and waits until its port accepts connections.
    func start() async throws {
        let child = try ChildProcess.spawn("/usr/sbin/mosquitto", ["-c", configurationFile.path])
        process.withLock { $0 = child }
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if Self.canConnect(port: port) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        if Self.canConnect(port: port) { return }
        stop()
        let log = (try? String(contentsOf: folder.appendingPathComponent("mosquitto.log"), encoding: .utf8)) ?? ""
        throw BrokerError(message: "mosquitto did not start on 127.0.0.1:\(port): \(log)")
    }

    /// Stops the broker: SIGTERM (it saves its persistence file), or SIGKILL with `hard`.
    func stop(hard: Bool = false) {
        let child = process.withLock { state -> ChildProcess? in
            defer { state = nil }
            return state
        }
        guard let child else { return }
        child.signal(hard ? SIGKILL : SIGTERM)
        _ = child.waitBlocking()
    }

    /// Deletes the persistence file while the broker is stopped: the next ``start()`` begins with no
    /// sessions, subscriptions or queued messages, as a broker that lost its disk (or never saved).
    func discardPersistence() {
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("mosquitto.db"))
    }

    struct BrokerError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BrokerError(message: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw BrokerError(message: "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw BrokerError(message: "getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
