@testable import B9Devices
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("termios mapping")
struct TerminalAttributesTests {
    static func speed(_ rate: SerialSettings.BaudRate) -> speed_t {
        switch rate.bitsPerSecond {
        case 1200: speed_t(B1200)
        case 2400: speed_t(B2400)
        case 4800: speed_t(B4800)
        case 9600: speed_t(B9600)
        case 19200: speed_t(B19200)
        case 38400: speed_t(B38400)
        case 57600: speed_t(B57600)
        default: speed_t(B115200)
        }
    }

    @Test("settings become the right termios bits", arguments: SerialPortTests.lineSettings)
    func bits(settings: SerialSettings) throws {
        // Start from a cooked, 8N1, flow-controlled line so every bit has to be set or cleared.
        var base = termios()
        base.c_lflag = tcflag_t(ICANON) | tcflag_t(ECHO) | tcflag_t(ISIG)
        base.c_oflag = tcflag_t(OPOST)
        base.c_iflag = tcflag_t(ICRNL) | tcflag_t(IXON) | tcflag_t(IXOFF)
        base.c_cflag = tcflag_t(CS8) | tcflag_t(PARENB) | tcflag_t(PARODD) | tcflag_t(CSTOPB) | tcflag_t(CRTSCTS)
        var t = try TerminalAttributes.configured(base, with: settings, device: "test")
        let size: tcflag_t = t.c_cflag & tcflag_t(CSIZE)
        #expect(size == (settings.dataBits == 7 ? tcflag_t(CS7) : tcflag_t(CS8)))
        #expect((t.c_cflag & tcflag_t(PARENB) != 0) == (settings.parity != .none))
        #expect((t.c_cflag & tcflag_t(PARODD) != 0) == (settings.parity == .odd))
        #expect((t.c_cflag & tcflag_t(CSTOPB) != 0) == (settings.stopBits == 2))
        #expect((t.c_cflag & tcflag_t(CRTSCTS) != 0) == (settings.flowControl == .rtsCts))
        #expect((t.c_iflag & tcflag_t(IXON) != 0) == (settings.flowControl == .xonXoff))
        #expect(t.c_lflag & tcflag_t(ICANON) == 0)
        #expect(cfgetospeed(&t) == Self.speed(settings.baudRate))
        #expect(cfgetispeed(&t) == Self.speed(settings.baudRate))
        // And the typed view reads them back.
        let attributes = TerminalAttributes(t)
        #expect(attributes.settings == settings)
        #expect(attributes.raw)
    }
}
