import B9Devices
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A configured device that is not plugged in when the daemon starts: `claimWhenPresent` waits for
/// it with the reconnect back-off, comes up when it appears, and a hot-plug `add` ends the wait at once.
@Suite("First bring-up of an absent device", .timeLimit(.minutes(5)))
struct FirstBringUpTests {
    /// A back-off far longer than the test: only a hot-plug event can bring the device up in time.
    static let patient = ReconnectPolicy(initialDelay: .seconds(600), maximumDelay: .seconds(600))
    static let quick = ReconnectPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(100))

    /// The attempts `claimWhenPresent` reported failed, with their error codes.
    final class FailedAttempts: Sendable {
        private let list = Mutex<[(Int, DeviceError.Code)]>([])
        func add(_ attempt: Int, _ error: DeviceError) { list.withLock { $0.append((attempt, error.code)) } }
        var attempts: [Int] { list.withLock { $0.map(\.0) } }
        var codes: [DeviceError.Code] { list.withLock { $0.map(\.1) } }
    }

    @Test func absentAtStartComesUpWhenItAppears() async throws {
        let cable = try FlappingLine(name: "bring-up-late")
        let device = ManagedDevice(address: await cable.address, driver: RawBytesDriver(), policy: Self.quick)
        let failed = FailedAttempts()
        try await device.open()
        let bringUp = Task { try await device.claimWhenPresent { attempt, error in failed.add(attempt, error) } }
        // It keeps trying while the device is away, and stays `opened`.
        await eventually { failed.attempts.count >= 3 }
        #expect(await device.state == .opened)
        try await cable.plug()
        try await result(of: bringUp)
        #expect(await device.state == .claimed)
        let attempts = failed.attempts
        #expect(attempts == Array(1...max(1, attempts.count)), "every failed attempt reported once, in order")
        #expect(failed.codes.allSatisfy { $0 == .notFound })
        // It is in use: a write reaches the line, and it reads once enabled.
        try await device.write([0x42], timeout: .seconds(30))
        #expect(try await cable.line?.peer.read(exactly: 1, timeout: .seconds(30)) == [0x42])
        await device.close()
        await cable.unplug()
    }

    @Test func presentAtStartComesUpWithoutAFailedAttempt() async throws {
        let cable = try FlappingLine(name: "bring-up-present")
        try await cable.plug()
        let device = ManagedDevice(address: await cable.address, driver: RawBytesDriver(), policy: Self.patient)
        let failed = FailedAttempts()
        try await device.open()
        try await device.claimWhenPresent { attempt, error in failed.add(attempt, error) }
        #expect(await device.state == .claimed)
        #expect(failed.attempts.isEmpty)
        await device.close()
        await cable.unplug()
    }

    @Test func hotplugAddEndsTheWaitAtOnce() async throws {
        let cable = try FlappingLine(name: "bring-up-hotplug")
        let device = ManagedDevice(address: await cable.address, driver: RawBytesDriver(), policy: Self.patient)
        let reconnector = HotplugReconnector(devices: [device])
        let failed = FailedAttempts()
        try await device.open()
        let bringUp = Task { try await device.claimWhenPresent { attempt, error in failed.add(attempt, error) } }
        // The first attempt is made at once and fails; the next would be 600 s later.
        await eventually { failed.attempts.count == 1 }
        try await cable.plug()
        let node = try #require(await cable.line?.nodePath)
        let added = HotplugEvent(action: .add, device: DiscoveredDevice(
            subsystem: "tty", devnode: node, syspath: "/sys/devices/virtual/tty/flap", usbID: nil, serialNumber: nil, byIDPath: nil))
        #expect(await reconnector.handle(added) == [device.address])
        try await result(of: bringUp)
        #expect(await device.state == .claimed)
        #expect(failed.attempts == [1])
        try await device.write([0x07], timeout: .seconds(30))
        #expect(try await cable.line?.peer.read(exactly: 1, timeout: .seconds(30)) == [0x07])
        await device.close()
        await cable.unplug()
    }

    @Test func closingEndsAWaitingBringUp() async throws {
        let cable = try FlappingLine(name: "bring-up-closed")
        let device = ManagedDevice(address: await cable.address, driver: RawBytesDriver(), policy: Self.patient)
        let failed = FailedAttempts()
        try await device.open()
        let bringUp = Task { try await device.claimWhenPresent { attempt, error in failed.add(attempt, error) } }
        await eventually { failed.attempts.count == 1 }
        await device.close()
        let error = await #expect(throws: DeviceError.self) { try await result(of: bringUp) }
        #expect(error?.code == .closed)
        #expect(await device.state == .closed)
    }
}
