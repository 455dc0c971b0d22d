import Foundation

/// Talks to systemd's service manager through the `NOTIFY_SOCKET` datagram protocol
/// (sd_notify(3)), without libsystemd: one `AF_UNIX`/`SOCK_DGRAM` datagram per message, newline-
/// separated `KEY=VALUE` assignments such as `READY=1`, `STATUS=…`, `WATCHDOG=1`, `STOPPING=1`.
///
/// A path starting with `@` is in the abstract namespace (the `@` becomes a NUL byte), as sd_notify does.
/// Without `NOTIFY_SOCKET` (not run by systemd, or `Type=` is not `notify`) every call does nothing.
struct SystemdNotifier: Sendable {
    /// The socket from `NOTIFY_SOCKET`, or nil.
    let socketPath: String?
    /// Half of `WATCHDOG_USEC` when the watchdog is on for this process (`WATCHDOG_PID` absent or ours):
    /// sd_watchdog_enabled(3) recommends pinging at half the timeout.
    let watchdogInterval: Duration?

    init(environment: [String: String] = ProcessInfo.processInfo.environment, processID: Int32 = getpid()) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        if let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0,
            environment["WATCHDOG_PID"].map({ Int32($0) == processID }) ?? true
        {
            watchdogInterval = .microseconds(microseconds / 2)
        } else {
            watchdogInterval = nil
        }
    }

    var isEnabled: Bool { socketPath != nil }

    /// `READY=1` plus a status line: start-up is complete.
    func ready(status: String) throws(SystemdNotifyError) { try send(["READY=1", "STATUS=\(status)"]) }
    /// `STATUS=…`: the one-line state `systemctl status` shows.
    func status(_ text: String) throws(SystemdNotifyError) { try send(["STATUS=\(text)"]) }
    /// `WATCHDOG=1`: the service is alive.
    func watchdog() throws(SystemdNotifyError) { try send(["WATCHDOG=1"]) }
    /// `STOPPING=1` plus a status line: shutdown has begun.
    func stopping(status: String) throws(SystemdNotifyError) { try send(["STOPPING=1", "STATUS=\(status)"]) }

    /// Sends one datagram with `assignments` joined by newlines.
    func send(_ assignments: [String]) throws(SystemdNotifyError) {
        guard let socketPath else { return }
        let message = Array((assignments.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n")).utf8)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else {
            throw SystemdNotifyError(message: "NOTIFY_SOCKET path is longer than \(capacity - 1) bytes: \(socketPath)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in pathBytes.enumerated() { buffer[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + (pathBytes.first == 0 ? 0 : 1))
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemdNotifyError(message: "could not create a datagram socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let sent = message.withUnsafeBytes { bytes in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), $0, length) }
            }
        }
        guard sent == message.count else {
            throw SystemdNotifyError(message: "could not notify systemd at \(socketPath): \(String(cString: strerror(errno)))")
        }
    }
}

/// A notification could not be sent to the service manager.
struct SystemdNotifyError: Error, Sendable, CustomStringConvertible {
    let message: String
    var description: String { message }
}
