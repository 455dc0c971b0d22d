import B9Devices
import NIOCore
import Testing

/// Collects events from a device until a condition holds.
func nextEvent<P: Sendable>(
    _ iterator: inout AsyncStream<DeviceEvent<P>>.Iterator, where match: (DeviceEvent<P>) -> Bool
) async -> DeviceEvent<P>? {
    while let event = await iterator.next() {
        if match(event) { return event }
    }
    return nil
}

func isStatus<P>(_ code: DeviceStatus.Code) -> (DeviceEvent<P>) -> Bool {
    { event in
        if case .status(let status) = event { return status.code == code }
        return false
    }
}

func isData<P>(_ event: DeviceEvent<P>) -> Bool {
    if case .data = event { return true }
    return false
}

@Suite("Device model: life cycle, events, reconnect", .timeLimit(.minutes(5)))
struct ManagedDeviceTests {
    @Test func lifeCycleFollowsUnifiedPOS() async throws {
        let listener = try await LoopbackListener.start()
        let device = ManagedDevice(address: listener.address, driver: RawBytesDriver())
        #expect(await device.state == .closed)
        // Out-of-order operations are refused with illegalState.
        await #expect(throws: DeviceError.self) { try await device.claim() }
        await #expect(throws: DeviceError.self) { try await device.enable() }
        try await device.open()
        #expect(await device.state == .opened)
        #expect(await device.checkHealth(.internal).healthy == false)
        try await device.claim()
        #expect(await device.state == .claimed)
        #expect(await device.checkHealth(.internal).healthy)
        try await device.enable()
        #expect(await device.state == .enabled)
        await device.disable()
        #expect(await device.state == .claimed)
        await device.release()
        #expect(await device.state == .opened)
        await device.close()
        #expect(await device.state == .closed)
        // The event stream recorded every state change and then finished.
        var states: [DeviceState] = []
        for await event in device.events {
            if case .status(let status) = event, status.code == .stateChanged { states.append(status.state) }
        }
        #expect(states == [.opened, .claimed, .enabled, .claimed, .opened, .closed])
        await listener.stop()
    }

    @Test func reconnectsAfterResetWithBackoff() async throws {
        let listener = try await LoopbackListener.start()
        var accepted = listener.connections.makeAsyncIterator()
        let device = ManagedDevice(
            address: listener.address, driver: RawBytesDriver(),
            policy: ReconnectPolicy(initialDelay: .milliseconds(10), maximumDelay: .milliseconds(100)))
        var events = device.events.makeAsyncIterator()
        try await device.open()
        try await device.claim()
        try await device.enable()
        let first = try #require(await accepted.next())
        try await first.write([0x01, 0x02], timeout: .seconds(5))
        guard case .data(let bytes)? = await nextEvent(&events, where: isData) else {
            Issue.record("no data event")
            return
        }
        #expect(bytes == [0x01, 0x02])

        await first.reset()
        #expect(await nextEvent(&events, where: isStatus(.disconnected)) != nil)
        #expect(await nextEvent(&events, where: isStatus(.reconnected)) != nil)
        let second = try #require(await accepted.next())
        try await second.write([0x03], timeout: .seconds(5))
        guard case .data(let again)? = await nextEvent(&events, where: isData) else {
            Issue.record("no data after reconnect")
            return
        }
        #expect(again == [0x03])
        // Commands go to the new connection.
        try await device.write([0x10, 0x04, 0x01], timeout: .seconds(5))
        #expect(try await second.read(exactly: 3, timeout: .seconds(5)) == [0x10, 0x04, 0x01])
        await device.close()
        await second.close()
        await listener.stop()
    }

    @Test func reportsEachFailedAttemptWhileTheDeviceIsAway() async throws {
        let listener = try await LoopbackListener.start()
        let port = listener.port
        var accepted = listener.connections.makeAsyncIterator()
        let device = ManagedDevice(
            address: listener.address, driver: RawBytesDriver(),
            policy: ReconnectPolicy(initialDelay: .milliseconds(5), maximumDelay: .milliseconds(20)))
        var events = device.events.makeAsyncIterator()
        try await device.open()
        try await device.claim()
        try await device.enable()
        let first = try #require(await accepted.next())
        await listener.stop()
        await first.reset()
        // The device is gone: attempts fail and are reported, counting up.
        guard case .status(let failure)? = await nextEvent(&events, where: isStatus(.reconnecting)) else {
            Issue.record("no reconnecting event")
            return
        }
        #expect(failure.attempt == 1)
        guard case .status(let failure2)? = await nextEvent(&events, where: isStatus(.reconnecting)) else {
            Issue.record("no second reconnecting event")
            return
        }
        #expect(failure2.attempt == 2)
        // Writes while away fail as a disconnect, not silently.
        await #expect(throws: DeviceError.self) { try await device.write([0x00], timeout: .seconds(1)) }
        // The device comes back on the same port.
        let back = try await LoopbackListener.start(port: port)
        #expect(await nextEvent(&events, where: isStatus(.reconnected)) != nil)
        await device.close()
        await back.stop()
    }

    @Test("back-off grows and stays bounded", arguments: [1, 2, 3, 4, 5, 10, 100])
    func backoff(attempt: Int) {
        let policy = ReconnectPolicy(initialDelay: .milliseconds(200), maximumDelay: .seconds(5), multiplier: 2)
        let delay = policy.delay(beforeAttempt: attempt)
        #expect(delay <= .seconds(5))
        #expect(delay >= .milliseconds(200))
        if attempt > 1 {
            #expect(delay >= policy.delay(beforeAttempt: attempt - 1))
        }
        #expect(policy.delay(beforeAttempt: 1) == .milliseconds(200))
        #expect(policy.delay(beforeAttempt: 3) == .milliseconds(800))
    }

    @Test func limitedAttemptsGiveUpWithAnError() async throws {
        let listener = try await LoopbackListener.start()
        var accepted = listener.connections.makeAsyncIterator()
        let device = ManagedDevice(
            address: listener.address, driver: RawBytesDriver(),
            policy: ReconnectPolicy(initialDelay: .milliseconds(1), maximumDelay: .milliseconds(2), maximumAttempts: 2))
        var events = device.events.makeAsyncIterator()
        try await device.open()
        try await device.claim()
        try await device.enable()
        let first = try #require(await accepted.next())
        await listener.stop()
        await first.reset()
        let gaveUp = await nextEvent(&events) { event in
            if case .error(let error) = event { return error.message.contains("gave up") }
            return false
        }
        #expect(gaveUp != nil)
        await device.close()
    }
}
