@testable import B9Terminal
import B9Core
import B9Devices
import B9Intake
import Foundation
import Logging
import Synchronization
import Testing

/// The kitchen bump bar as the daemon runs it (``KitchenBumpBar`` with ``DeviceBringUp``): absent at
/// start it is waited for with its reconnect back-off and one warning, and a hot-plug `add` for its
/// node brings it up at once.
@Suite("Kitchen bump bar bring-up and hot-plug", .timeLimit(.minutes(5)))
struct KitchenBumpBarBringUpTests {
    /// What was logged, for counting warnings.
    final class BumpBarLogRecord: Sendable {
        private let lines = Mutex<[(level: Logger.Level, message: String)]>([])

        func add(_ level: Logger.Level, _ message: String) { lines.withLock { $0.append((level, message)) } }
        func count(_ level: Logger.Level, containing text: String) -> Int {
            lines.withLock { $0.filter { $0.level == level && $0.message.contains(text) }.count }
        }
        var all: String { lines.withLock { $0.map { "\($0.level): \($0.message)" }.joined(separator: "\n") } }

        var logger: Logger {
            var logger = Logger(label: "b9terminal.bump-bar-tests") { _ in BumpBarLogHandler(record: self) }
            logger.logLevel = .debug
            return logger
        }
    }

    struct BumpBarLogHandler: LogHandler {
        let record: BumpBarLogRecord
        var logLevel: Logger.Level = .debug
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) { record.add(event.level, "\(event.message)") }
    }

    /// Counts the bump bar's open attempts.
    final class OpenAttempts: Sendable {
        private let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    /// The evdev node of the bump bar, missing until ``plug()`` puts a FIFO there (with its writer).
    final class LateBumpBarNode: Sendable {
        let folder: String
        let path: String
        private let writer = Mutex<Int32>(-1)

        init() throws {
            folder = NSTemporaryDirectory() + "b9-late-bumpbar-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            path = folder + "/event-kbd"
        }

        var address: DeviceAddress { DeviceAddress(.evdev(path: path, grab: false)) }

        /// Made under another name and renamed, so the daemon never opens a FIFO without its writer.
        func plug() throws {
            let fresh = folder + "/.event-kbd.new"
            try #require(mkfifo(fresh, 0o600) == 0)
            let fd = open(fresh, O_RDWR | O_NONBLOCK | O_CLOEXEC)
            try #require(fd >= 0)
            try #require(rename(fresh, path) == 0)
            writer.withLock { $0 = fd }
        }

        func press(_ code: UInt16) throws {
            let bytes = [InputEvent(type: InputEvent.typeKey, code: code, value: 1), InputEvent(type: InputEvent.typeSync, code: 0, value: 0),
                         InputEvent(type: InputEvent.typeKey, code: code, value: 0)].flatMap(\.bytes)
            let written = writer.withLock { fd in bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } }
            try #require(written == bytes.count)
        }

        func remove() {
            writer.withLock { if $0 >= 0 { close($0) } }
            unlink(path)
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// Runs the bump bar service with `device` and the hot-plug events of `hotplug` until `body` returns.
    static func running(
        _ device: ManagedDevice<BumpBarDriver>, log: BumpBarLogRecord, hotplug: HotplugSource,
        _ body: () async throws -> Void
    ) async throws {
        let testStore = try await TestStore()
        defer { testStore.remove() }
        let board = KitchenBoard(store: testStore.store, events: EventBroadcaster(), settings: KitchenDisplaySettings())
        let service = KitchenBumpBar(
            device: device, keys: KitchenBumpBarKeys(), board: board, logger: log.logger,
            startup: DeviceBringUp(logger: log.logger, serviceUser: "b9pos", hotplug: hotplug))
        let running = Task { try await service.run() }
        do {
            try await body()
        } catch {
            running.cancel()
            throw error
        }
        running.cancel()
        try await running.value
        #expect(await device.state == .closed, "the service closes the bump bar when it stops")
    }

    /// The bump bar at `node`, counting each open attempt in `attempts`.
    static func counted(_ node: LateBumpBarNode, _ attempts: OpenAttempts, policy: ReconnectPolicy) -> ManagedDevice<BumpBarDriver> {
        ManagedDevice(address: node.address, driver: BumpBarDriver(), policy: policy) { address throws(DeviceError) in
            attempts.add()
            return try await TransportFactory.open(address)
        }
    }

    @Test("absent at start: waited for with the back-off, one warning, up when it appears, its keys handled")
    func absentAtStartComesUpWithOneWarning() async throws {
        let node = try LateBumpBarNode()
        defer { node.remove() }
        let attempts = OpenAttempts()
        let device = Self.counted(node, attempts, policy: ReconnectPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(100)))
        let log = BumpBarLogRecord()
        let (events, feed) = AsyncStream.makeStream(of: HotplugEvent.self)
        defer { feed.finish() }
        try await Self.running(device, log: log, hotplug: .injected(events)) {
            #expect(await eventually(timeout: .seconds(60)) { attempts.value >= 4 }, "log: \(log.all)")
            #expect(await device.state == .opened)
            try node.plug()
            #expect(await eventually(timeout: .seconds(60)) { await device.state == .enabled }, "log: \(log.all)")
            #expect(log.count(.warning, containing: "not there at start") == 1, "one warning, not one per attempt: \(log.all)")
            // Key presses reach the service: an unmapped key is reported as such.
            try node.press(try #require(KeyName.code("Q")))
            #expect(await eventually(timeout: .seconds(60)) { log.count(.debug, containing: "without an action") == 1 }, "log: \(log.all)")
        }
    }

    @Test("absent at start with a 10-minute back-off: a hot-plug add for its node brings it up at once")
    func hotplugAddBringsItUp() async throws {
        let node = try LateBumpBarNode()
        defer { node.remove() }
        let attempts = OpenAttempts()
        let device = Self.counted(node, attempts, policy: ReconnectPolicy(initialDelay: .seconds(600), maximumDelay: .seconds(600)))
        let log = BumpBarLogRecord()
        let (events, feed) = AsyncStream.makeStream(of: HotplugEvent.self)
        defer { feed.finish() }
        try await Self.running(device, log: log, hotplug: .injected(events)) {
            #expect(await eventually(timeout: .seconds(60)) { attempts.value == 1 }, "log: \(log.all)")
            try node.plug()
            feed.yield(HotplugEvent(action: .add, device: DiscoveredDevice(
                subsystem: "input", devnode: node.path, syspath: "/sys/devices/virtual/input/input9/event9",
                usbID: nil, serialNumber: nil, byIDPath: nil)))
            #expect(await eventually(timeout: .seconds(60)) { await device.state == .enabled }, "log: \(log.all)")
            #expect(attempts.value == 2, "one attempt at start, one on the add")
        }
    }
}
