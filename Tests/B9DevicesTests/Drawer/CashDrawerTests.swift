import B9Devices
import Testing

@Suite("Cash drawer")
struct CashDrawerTests {
    @Test func openTooLongAlertsOncePerOpening() {
        let start = ContinuousClock.now
        var monitor = DrawerOpenMonitor<ContinuousClock>(limit: .seconds(30))
        #expect(monitor.update(open: false, at: start) == [])
        #expect(monitor.update(open: true, at: start + .seconds(1)) == [.opened])
        #expect(monitor.check(at: start + .seconds(31)) == [])  // exactly 30 s open: not yet
        #expect(monitor.check(at: start + .seconds(32)) == [.openTooLong(openFor: .seconds(31))])
        #expect(monitor.check(at: start + .seconds(60)) == [])  // once per opening
        #expect(monitor.update(open: true, at: start + .seconds(61)) == [])
        #expect(monitor.update(open: false, at: start + .seconds(62)) == [.closed(openFor: .seconds(61))])
        #expect(monitor.update(open: true, at: start + .seconds(70)) == [.opened])
        #expect(monitor.update(open: true, at: start + .seconds(101)) == [.openTooLong(openFor: .seconds(31))])
    }

    @Test(.timeLimit(.minutes(5)))
    func serialDrawerKicksWithItsByte() async throws {
        let pty = try await PseudoTerminal.open(name: "drawer")
        let drawer = ManagedDevice(address: pty.serialAddress(), driver: CashDrawerDriver(kick: .byte(0x07)))
        await #expect(throws: DeviceError.self) { try await drawer.openDrawer() }  // not claimed yet
        try await drawer.open()
        try await drawer.claim()
        try await drawer.openDrawer()
        #expect(try await pty.peer.read(exactly: 1, timeout: .seconds(5)) == [0x07])
        await drawer.close()
        await pty.hangUp()
    }

    @Test(.timeLimit(.minutes(5)))
    func dtrPulseOnALineWithoutModemControlSaysSo() async throws {
        let pty = try await PseudoTerminal.open(name: "drawer-dtr")
        let drawer = ManagedDevice(address: pty.serialAddress(),
                                   driver: CashDrawerDriver(kick: .dtrPulse(.milliseconds(10))))
        try await drawer.open()
        try await drawer.claim()
        let error = await #expect(throws: DeviceError.self) { try await drawer.openDrawer() }
        #expect(error?.code == .unsupported)
        #expect(error?.message.contains("DTR") == true)
        await drawer.close()
        await pty.hangUp()
    }
}
