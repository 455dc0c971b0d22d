import Foundation

/// A private mosquitto for the demo: started from `PATH` (or /usr/sbin) on a free loopback port with
/// anonymous access, no persistence and its log in the demo's folder; stopped with the demo.
final class DemoBroker: Sendable {
    let port: Int
    private let process: Process

    /// The mosquitto executable, or nil when it is not installed.
    static func executable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin"]
        return folders.map { "\($0)/mosquitto" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts the broker and waits (up to 10 s) until it accepts connections.
    /// - Throws: ``DemoBrokerError`` naming its log file when it does not come up.
    init(executable: String, folder: String) throws {
        port = try Self.freeLoopbackPort()
        let configuration = "\(folder)/mosquitto.conf"
        let log = "\(folder)/mosquitto.log"
        let user = getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "root"
        try """
            listener \(port) 127.0.0.1
            allow_anonymous true
            persistence false
            user \(user)
            log_dest file \(log)
            """.write(toFile: configuration, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-c", configuration]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if Self.accepts(port: port) { return }
            usleep(50_000)
        }
        process.terminate()
        throw DemoBrokerError(message: "mosquitto did not start on 127.0.0.1:\(port); see \(log)")
    }

    /// Stops the broker and waits (up to 5 s) for it to exit.
    func stop() {
        // SIGKILL: the broker inherits the signal mask of the thread that started it, where the
        // daemon's signal handling blocks SIGTERM. With persistence off it keeps nothing to save.
        let pid = process.processIdentifier
        guard pid > 0, kill(pid, SIGKILL) == 0 else { return }
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, kill(pid, 0) == 0 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(20_000)
        }
    }

    private static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw DemoBrokerError(message: "no socket for a free port (errno \(errno))") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw DemoBrokerError(message: "cannot bind 127.0.0.1:0 (errno \(errno))") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: UInt16(port))
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}

/// The demo's broker did not start.
struct DemoBrokerError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
