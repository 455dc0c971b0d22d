#if canImport(Glibc)
import Glibc
#endif

/// Typed view of the termios fields B9Terminal sets on a serial line (`struct termios`,
/// `tcgetattr(3)`/`tcsetattr(3)`), so settings can be applied and read back for checking.
public struct TerminalAttributes: Sendable, Equatable {
    public var baudRate: SerialSettings.BaudRate?
    public var dataBits: Int
    public var parity: SerialSettings.Parity
    public var stopBits: Int
    /// `CRTSCTS` in `c_cflag`.
    public var hardwareFlowControl: Bool
    /// `IXON` and `IXOFF` in `c_iflag`.
    public var softwareFlowControl: Bool
    /// True when the line is raw: no `ICANON`, `ECHO`, `ISIG`, `OPOST`, `ICRNL` (as `cfmakeraw`).
    public var raw: Bool

    /// The settings these attributes amount to, when the rate is a supported one.
    public var settings: SerialSettings? {
        guard let baudRate else { return nil }
        let flow: SerialSettings.FlowControl =
            hardwareFlowControl ? .rtsCts : (softwareFlowControl ? .xonXoff : .none)
        return SerialSettings(
            baudRate: baudRate, dataBits: dataBits, parity: parity, stopBits: stopBits, flowControl: flow)
    }

    static let speeds: [(SerialSettings.BaudRate, speed_t)] = [
        (.b1200, speed_t(B1200)), (.b2400, speed_t(B2400)), (.b4800, speed_t(B4800)), (.b9600, speed_t(B9600)),
        (.b19200, speed_t(B19200)), (.b38400, speed_t(B38400)), (.b57600, speed_t(B57600)),
        (.b115200, speed_t(B115200)),
    ]

    /// Reads the attributes of `descriptor`.
    static func read(from descriptor: CInt, device: String) throws(DeviceError) -> TerminalAttributes {
        var t = termios()
        guard tcgetattr(descriptor, &t) == 0 else { throw DeviceError.system("tcgetattr", errno: errno, device: device) }
        return TerminalAttributes(t)
    }

    init(_ t: termios) {
        var copy = t
        let speed = cfgetospeed(&copy)
        baudRate = Self.speeds.first(where: { $0.1 == speed })?.0
        let cflag = t.c_cflag
        let size: tcflag_t = cflag & tcflag_t(CSIZE)
        dataBits = size == tcflag_t(CS7) ? 7 : (size == tcflag_t(CS8) ? 8 : (size == tcflag_t(CS6) ? 6 : 5))
        let parityEnabled: Bool = cflag & tcflag_t(PARENB) != 0
        let parityOdd: Bool = cflag & tcflag_t(PARODD) != 0
        parity = parityEnabled ? (parityOdd ? .odd : .even) : .none
        stopBits = cflag & tcflag_t(CSTOPB) != 0 ? 2 : 1
        hardwareFlowControl = cflag & tcflag_t(CRTSCTS) != 0
        let ixon: Bool = t.c_iflag & tcflag_t(IXON) != 0
        let ixoff: Bool = t.c_iflag & tcflag_t(IXOFF) != 0
        softwareFlowControl = ixon && ixoff
        let lflagCooked: tcflag_t = tcflag_t(ICANON) | tcflag_t(ECHO) | tcflag_t(ISIG)
        let oflagCooked: tcflag_t = tcflag_t(OPOST)
        let iflagCooked: tcflag_t = tcflag_t(ICRNL) | tcflag_t(INLCR) | tcflag_t(ISTRIP)
        raw = t.c_lflag & lflagCooked == 0 && t.c_oflag & oflagCooked == 0 && t.c_iflag & iflagCooked == 0
    }

    /// Puts `descriptor` in raw mode with `settings` (`cfmakeraw`, then `CSIZE`, `PARENB`/`PARODD`,
    /// `CSTOPB`, `CRTSCTS`, `IXON|IXOFF`, `CLOCAL|CREAD`, speed) and reads the result back.
    ///
    /// - Throws: ``DeviceError`` when `tcsetattr` fails or the line did not take the settings.
    static func apply(_ settings: SerialSettings, to descriptor: CInt, device: String) throws(DeviceError) {
        var t = termios()
        guard tcgetattr(descriptor, &t) == 0 else {
            throw DeviceError.system("tcgetattr", errno: errno, device: device, hint: "is this a serial port?")
        }
        let base = t
        t = try configured(base, with: settings, device: device)
        if tcsetattr(descriptor, TCSANOW, &t) != 0 {
            // Some kernels refuse a 7-bit or parity frame on a pseudo-terminal with EINVAL (seen on
            // Linux 6.18); a pty has no frame anyway, so it gets the same settings with 8N.
            let refused = errno
            var frameless = settings
            frameless.dataBits = 8
            frameless.parity = .none
            t = try configured(base, with: frameless, device: device)
            guard refused == EINVAL, isPseudoTerminal(descriptor), tcsetattr(descriptor, TCSANOW, &t) == 0 else {
                throw DeviceError.system("tcsetattr", errno: refused, device: device)
            }
        }
        var applied = try read(from: descriptor, device: device)
        if isPseudoTerminal(descriptor) {
            // The kernel's pty driver forces CS8 and clears PARENB (drivers/tty/pty.c,
            // pty_set_termios): frame settings do not exist on a pty, so only check the rest.
            applied.dataBits = settings.dataBits
            applied.parity = settings.parity
        }
        guard applied.settings == settings, applied.raw else {
            throw DeviceError(
                .invalidConfiguration,
                "the line did not take the settings \(settings) (reads back as "
                    + "\(applied.settings.map(String.init(describing:)) ?? "an unsupported speed"))",
                device: device)
        }
    }

    /// True for Unix98 pseudo-terminal slaves (`/dev/pts/N`, character major 136…143).
    static func isPseudoTerminal(_ descriptor: CInt) -> Bool {
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFCHR else { return false }
        let device = UInt64(info.st_rdev)
        let major = ((device >> 8) & 0xFFF) | ((device >> 32) & ~UInt64(0xFFF))
        return (136...143).contains(major)
    }

    /// `base` in raw mode with `settings` applied (no system call).
    static func configured(_ base: termios, with settings: SerialSettings, device: String) throws(DeviceError)
        -> termios
    {
        var t = base
        cfmakeraw(&t)
        let sizeMask: tcflag_t = tcflag_t(CSIZE)
        let parityMask: tcflag_t = tcflag_t(PARENB) | tcflag_t(PARODD)
        let stopMask: tcflag_t = tcflag_t(CSTOPB)
        let flowMask: tcflag_t = tcflag_t(CRTSCTS)
        var cflag: tcflag_t = t.c_cflag & ~(sizeMask | parityMask | stopMask | flowMask)
        cflag |= settings.dataBits == 7 ? tcflag_t(CS7) : tcflag_t(CS8)
        if settings.parity == .even { cflag |= tcflag_t(PARENB) }
        if settings.parity == .odd { cflag |= tcflag_t(PARENB) | tcflag_t(PARODD) }
        if settings.stopBits == 2 { cflag |= tcflag_t(CSTOPB) }
        if settings.flowControl == .rtsCts { cflag |= tcflag_t(CRTSCTS) }
        let localRead: tcflag_t = tcflag_t(CLOCAL) | tcflag_t(CREAD)
        cflag |= localRead
        t.c_cflag = cflag
        let softwareFlow: tcflag_t = tcflag_t(IXON) | tcflag_t(IXOFF)
        let anyFlow: tcflag_t = tcflag_t(IXANY)
        var iflag: tcflag_t = t.c_iflag & ~(softwareFlow | anyFlow)
        if settings.flowControl == .xonXoff { iflag |= softwareFlow }
        if settings.parity != .none { iflag |= tcflag_t(INPCK) }
        t.c_iflag = iflag
        guard let speed = speeds.first(where: { $0.0 == settings.baudRate })?.1 else {
            throw DeviceError(.invalidConfiguration, "unsupported baud rate \(settings.baudRate)", device: device)
        }
        cfsetispeed(&t, speed)
        cfsetospeed(&t, speed)
        return t
    }
}
