@testable import B9Terminal
import Foundation
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

/// A unix datagram socket standing in for systemd's NOTIFY_SOCKET.
final class NotifySocket: Sendable {
    let path: String
    private let fd: Int32

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("b9-notify-\(UUID().uuidString.prefix(8))").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0 else { throw MosquittoBroker.BrokerError(message: "cannot bind \(path)") }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// The next datagram, or nil after 60 s. Polls without blocking so the cooperative thread pool
    /// stays free for the code under test.
    func receive() async -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            // Looks once more after the deadline: a task resumed late on a loaded machine must not
            // give up on a datagram that is already waiting.
            let late = ContinuousClock.now >= deadline
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 { return String(decoding: buffer[..<count], as: UTF8.self) }
            if late { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}

@Suite("systemd notifications over NOTIFY_SOCKET", .timeLimit(.minutes(3)))
struct SystemdNotifierTests {
    @Test("READY, STATUS, WATCHDOG at half of WATCHDOG_USEC, and STOPPING on graceful shutdown")
    func lifecycleMessages() async throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "100000"], processID: 42)
        #expect(notifier.watchdogInterval == .milliseconds(50))
        let service = SystemdService(notifier: notifier, statusInterval: .milliseconds(100), logger: testLogger) { "till t1: outbox 3 pending" }
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                let first = try #require(await socket.receive())
                #expect(first.split(separator: "\n") == ["READY=1", "STATUS=till t1: outbox 3 pending"])
                var messages: [String] = []
                while !(messages.contains("WATCHDOG=1") && messages.contains("STATUS=till t1: outbox 3 pending")) {
                    messages.append(try #require(await socket.receive()))
                }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
                var last = try #require(await socket.receive())
                while last == "WATCHDOG=1" || last.hasPrefix("STATUS=") { last = try #require(await socket.receive()) }
                #expect(last.split(separator: "\n") == ["STOPPING=1", "STATUS=shutting down"])
            }
        }
    }

    @Test("Without NOTIFY_SOCKET nothing is sent; WATCHDOG_PID of another process turns the watchdog off")
    func disabled() throws {
        let none = SystemdNotifier(environment: [:])
        #expect(!none.isEnabled)
        try none.ready(status: "ignored")
        let otherProcess = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "1"], processID: 42)
        #expect(otherProcess.watchdogInterval == nil)
        let ours = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "42"], processID: 42)
        #expect(ours.watchdogInterval == .seconds(1))
    }

    @Test("Sending to a socket nobody listens on is a typed error naming the socket")
    func nobodyListening() throws {
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent/notify"])
        #expect {
            try notifier.ready(status: "x")
        } throws: { error in
            (error as? SystemdNotifyError)?.message.contains("/nonexistent/notify") ?? false
        }
    }

    @Test("Journal log lines carry the syslog priority and sorted metadata on one line")
    func journalFormat() {
        let line = JournalLogHandler.format(level: .warning, label: "b9terminal", message: "lost the broker\nretrying", metadata: ["mqtt.reason": "EOF", "a": "1"])
        #expect(line == "<4>b9terminal: lost the broker retrying a=1 mqtt.reason=EOF")
        #expect(JournalLogHandler.priority(.error) == 3)
        #expect(JournalLogHandler.priority(.debug) == 7)
    }
}
