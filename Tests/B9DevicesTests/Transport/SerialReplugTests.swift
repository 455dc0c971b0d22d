import B9Devices
import NIOCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Serial unplug and replug", .timeLimit(.minutes(5)))
struct SerialReplugTests {
    /// Points `link` at `target` atomically (what udev does with a by-id link on replug).
    func point(_ link: String, at target: String) throws {
        let temporary = link + ".new"
        unlink(temporary)
        try #require(symlink(target, temporary) == 0)
        try #require(rename(temporary, link) == 0)
    }

    @Test func deviceComesBackOnANewPty() async throws {
        let fifo = try TemporaryFIFO()  // only for its directory
        defer { unlink(fifo.directory + "/ttyB9"); fifo.remove() }
        let link = fifo.directory + "/ttyB9"
        let first = try await PseudoTerminal.open(name: "plugged")
        try point(link, at: first.devicePath)
        let device = ManagedDevice(
            address: DeviceAddress(.serial(path: link, settings: .default)), driver: RawBytesDriver(),
            policy: ReconnectPolicy(initialDelay: .milliseconds(10), maximumDelay: .milliseconds(50)))
        var events = device.events.makeAsyncIterator()
        try await device.open()
        try await device.claim()
        try await device.enable()
        try await first.peer.write([0x31], timeout: .seconds(5))
        guard case .data(let before)? = await nextEvent(&events, where: isData) else {
            Issue.record("no data before unplug")
            return
        }
        #expect(before == [0x31])

        // Unplug: the pty goes away and the link dangles.
        await first.hangUp()
        unlink(link)
        #expect(await nextEvent(&events, where: isStatus(.disconnected)) != nil)
        guard case .status(let attempt)? = await nextEvent(&events, where: isStatus(.reconnecting)) else {
            Issue.record("no reconnect attempt while unplugged")
            return
        }
        #expect(attempt.message.contains("not-found"))

        // Replug: a new pty behind the same link.
        let second = try await PseudoTerminal.open(name: "replugged")
        try point(link, at: second.devicePath)
        #expect(await nextEvent(&events, where: isStatus(.reconnected)) != nil)
        try await second.peer.write([0x32], timeout: .seconds(5))
        guard case .data(let after)? = await nextEvent(&events, where: isData) else {
            Issue.record("no data after replug")
            return
        }
        #expect(after == [0x32])
        await device.close()
        await second.hangUp()
    }
}
