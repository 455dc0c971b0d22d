import B9Devices
import NIOCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Serial port over a pseudo-terminal", .timeLimit(.minutes(5)))
struct SerialPortTests {
    @Test func allByteValuesPassBothWays() async throws {
        let pty = try await PseudoTerminal.open()
        let port = try await SerialPort.open(path: pty.devicePath, settings: SerialSettings(baudRate: .b115200))
        let outgoing = (0...255).map { UInt8($0) }
        try await port.write(outgoing, timeout: .seconds(5))
        #expect(try await pty.peer.read(exactly: 256, timeout: .seconds(5)) == outgoing)

        let incoming = outgoing.reversed().map { $0 }
        try await pty.peer.write(incoming, timeout: .seconds(5))
        #expect(try await port.read(exactly: 256, timeout: .seconds(5)) == incoming)
        await port.close()
        await pty.hangUp()
    }

    static let lineSettings: [SerialSettings] = [
        SerialSettings(baudRate: .b1200, dataBits: 7, parity: .even, stopBits: 1, flowControl: .none),
        SerialSettings(baudRate: .b2400, dataBits: 8, parity: .odd, stopBits: 2, flowControl: .xonXoff),
        SerialSettings(baudRate: .b4800, dataBits: 7, parity: .odd, stopBits: 2, flowControl: .rtsCts),
        SerialSettings(baudRate: .b9600, dataBits: 8, parity: .none, stopBits: 1, flowControl: .none),
        SerialSettings(baudRate: .b19200, dataBits: 8, parity: .even, stopBits: 1, flowControl: .rtsCts),
        SerialSettings(baudRate: .b38400, dataBits: 7, parity: .none, stopBits: 2, flowControl: .xonXoff),
        SerialSettings(baudRate: .b57600, dataBits: 8, parity: .none, stopBits: 1, flowControl: .rtsCts),
        SerialSettings(baudRate: .b115200, dataBits: 8, parity: .odd, stopBits: 1, flowControl: .none),
    ]

    @Test("line settings are applied and read back", arguments: lineSettings)
    func settingsApplied(settings: SerialSettings) async throws {
        let pty = try await PseudoTerminal.open()
        let port = try await SerialPort.open(pty.serialAddress(settings))
        let attributes = try port.attributes()
        #expect(attributes.baudRate == settings.baudRate)
        #expect(attributes.stopBits == settings.stopBits)
        #expect(attributes.hardwareFlowControl == (settings.flowControl == .rtsCts))
        #expect(attributes.softwareFlowControl == (settings.flowControl == .xonXoff))
        #expect(attributes.raw)
        // Read back independently of the port, through a fresh descriptor on the same tty.
        let fd = open(pty.devicePath, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        try #require(fd >= 0)
        defer { close(fd) }
        var t = termios()
        try #require(tcgetattr(fd, &t) == 0)
        // A pty keeps speed, stop bits and flow control; its driver forces CS8 and no parity
        // (drivers/tty/pty.c), so frame bits are checked in TerminalAttributesTests instead.
        #expect(cfgetospeed(&t) == TerminalAttributesTests.speed(settings.baudRate))
        #expect((t.c_cflag & tcflag_t(CSTOPB) != 0) == (settings.stopBits == 2))
        #expect((t.c_cflag & tcflag_t(CRTSCTS) != 0) == (settings.flowControl == .rtsCts))
        #expect((t.c_iflag & tcflag_t(IXON) != 0) == (settings.flowControl == .xonXoff))
        await port.close()
        await pty.hangUp()
    }

    @Test func hangUpIsADisconnectNotSilence() async throws {
        let pty = try await PseudoTerminal.open()
        let port = try await SerialPort.open(path: pty.devicePath)
        try await pty.peer.write([0x12, 0x34], timeout: .seconds(5))
        #expect(try await port.read(exactly: 2, timeout: .seconds(5)) == [0x12, 0x34])
        await pty.hangUp()
        let error = await #expect(throws: DeviceError.self) {
            _ = try await port.read(timeout: .seconds(30))
        }
        #expect(error?.code == .disconnected)
        #expect(error?.device == port.address.description)
        let reason = await port.waitUntilClosed()
        #expect(reason?.code == .disconnected)
        // Writing after the hang-up fails as a disconnect too.
        let writeError = await #expect(throws: DeviceError.self) {
            try await port.write([0x00], timeout: .seconds(5))
        }
        #expect(writeError?.code == .disconnected)
        await port.close()
    }

    @Test func silenceIsATimeout() async throws {
        let pty = try await PseudoTerminal.open()
        let port = try await SerialPort.open(path: pty.devicePath)
        let error = await #expect(throws: DeviceError.self) {
            _ = try await port.read(timeout: .milliseconds(50))
        }
        #expect(error?.code == .timedOut)
        // The line still works afterwards.
        try await pty.peer.write([0x41], timeout: .seconds(5))
        #expect(try await port.read(exactly: 1, timeout: .seconds(5)) == [0x41])
        await port.close()
        await pty.hangUp()
    }

    @Test func closeEndsPendingReadsAndIsNotADisconnect() async throws {
        let pty = try await PseudoTerminal.open()
        let port = try await SerialPort.open(path: pty.devicePath)
        let pending = Task { () async throws(DeviceError) -> ByteBuffer in try await port.read(timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(20))
        await port.close()
        let result = await pending.result
        #expect(throws: DeviceError.self) { _ = try result.get() }
        #expect(await port.waitUntilClosed() == nil)
        await pty.hangUp()
    }

    @Test func missingDeviceNamesPathAndErrno() async throws {
        let error = await #expect(throws: DeviceError.self) {
            _ = try await SerialPort.open(path: "/dev/ttyB9-does-not-exist")
        }
        #expect(error?.code == .notFound)
        #expect(error?.errno == ENOENT)
        #expect(error?.device?.contains("/dev/ttyB9-does-not-exist") == true)
    }

    @Test func notATerminalIsRefused() async throws {
        let error = await #expect(throws: DeviceError.self) {
            _ = try await SerialPort.open(path: "/dev/null")
        }
        #expect(error?.errno == ENOTTY)
    }

    /// An unplugged adapter's tty is let go when the line ends, not only when the owner closes
    /// the port: controls then say the line has ended.
    @Test func aHungUpLineReleasesItsControlDescriptor() async throws {
        let pty = try await PseudoTerminal.open()
        let port = try await SerialPort.open(path: pty.devicePath)
        await pty.hangUp()
        #expect(await port.waitUntilClosed()?.code == .disconnected)
        let error = #expect(throws: DeviceError.self) { _ = try port.modemLines() }
        #expect(error?.code == .disconnected)
        await port.close()
    }

    @Test func modemLinesOnAPtyReportUnsupported() async throws {
        let pty = try await PseudoTerminal.open()
        let port = try await SerialPort.open(path: pty.devicePath)
        let error = #expect(throws: DeviceError.self) { try port.setDTR(true) }
        #expect(error?.errno != nil)
        #expect(error?.message.contains("DTR") == true)
        await port.close()
        await pty.hangUp()
    }
}
