import CB9Linux
public import NIOCore
import NIOPosix
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A serial tty (`/dev/ttyUSB0`, `/dev/ttyS0`, `/dev/serial/by-id/…`) in raw mode.
///
/// Opened `O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC`, taken exclusively with `TIOCEXCL` so a second
/// program (or a second B9Terminal device) gets `EBUSY`, configured with ``TerminalAttributes``
/// (read back and checked), then driven through a NIO pipe channel. A hang-up (read returns 0 or
/// `EIO`, as when a USB adapter is pulled) ends it with ``DeviceError/Code/disconnected``.
public final class SerialPort: ChannelTransport, @unchecked Sendable {
    // @unchecked: adds only `let`s of Sendable types to ChannelTransport.
    /// The line settings in force.
    public let settings: SerialSettings
    /// A duplicate of the tty descriptor kept for ioctls (modem lines, termios read-back); the
    /// channel owns the other. Closed in ``close()`` or as soon as the line ends (a hang-up), so an
    /// unplugged adapter's tty is released even by an owner that never calls `close()`; -1 after.
    private let control: Mutex<CInt>

    private init(address: DeviceAddress, channel: any Channel, installed: Installed, settings: SerialSettings,
                 control: CInt) {
        self.settings = settings
        self.control = Mutex(control)
        super.init(address: address, channel: channel, installed: installed, writable: true)
        installed.closeReason.whenComplete { [weak self] _ in self?.willClose() }
    }

    /// Runs `body` with the control descriptor, or throws `disconnected` once the line has ended.
    private func withControl<T>(_ body: (CInt) throws(DeviceError) -> T) throws(DeviceError) -> T {
        try control.withLock { fd throws(DeviceError) -> T in
            guard fd >= 0 else {
                throw DeviceError(.disconnected, "the line has ended (unplugged or closed)", device: address.description)
            }
            return try body(fd)
        }
    }

    /// Opens `path` with `settings`.
    ///
    /// - Parameters:
    ///   - exclusive: take the tty with `TIOCEXCL` (default true).
    /// - Throws: ``DeviceError`` naming the device and errno: `notFound`, `permissionDenied`,
    ///   `busy` (held exclusively by another process), `invalidConfiguration`.
    public static func open(
        path: String, settings: SerialSettings = .default, exclusive: Bool = true,
        group: (any EventLoopGroup)? = nil
    ) async throws(DeviceError) -> SerialPort {
        let address = DeviceAddress(.serial(path: path, settings: settings))
        let device = address.description
        let fd = Glibc.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw DeviceError.system("open", errno: errno, device: device) }
        let control: CInt
        do throws(DeviceError) {
            if exclusive, CB9Linux_ioctl_none(fd, CB9Linux_TIOCEXCL) != 0 {
                throw DeviceError.system("ioctl(TIOCEXCL)", errno: errno, device: device, hint: "is this a tty?")
            }
            try TerminalAttributes.apply(settings, to: fd, device: device)
            control = fcntl(fd, F_DUPFD_CLOEXEC, 0)
            guard control >= 0 else { throw DeviceError.system("fcntl(F_DUPFD_CLOEXEC)", errno: errno, device: device) }
        } catch {
            _ = Glibc.close(fd)
            throw error
        }
        do throws(DeviceError) {
            let (channel, installed) = try await adoptDescriptor(
                fd, address: address, input: true, output: true, group: group ?? MultiThreadedEventLoopGroup.singleton)
            return SerialPort(address: address, channel: channel, installed: installed, settings: settings,
                              control: control)
        } catch {
            _ = Glibc.close(control)
            throw error
        }
    }

    /// Opens the port a `serial://` address names.
    public static func open(_ address: DeviceAddress) async throws(DeviceError) -> SerialPort {
        guard case .serial(let path, let settings) = address.location else {
            throw DeviceError(.invalidAddress, "not a serial address", device: address.description)
        }
        return try await open(path: path, settings: settings)
    }

    /// The termios attributes in force, read back with `tcgetattr`.
    public func attributes() throws(DeviceError) -> TerminalAttributes {
        try withControl { fd throws(DeviceError) in try TerminalAttributes.read(from: fd, device: address.description) }
    }

    /// Raises or lowers DTR (`TIOCMBIS`/`TIOCMBIC` with `TIOCM_DTR`).
    ///
    /// - Throws: ``DeviceError/Code/unsupported`` on lines without modem control (pseudo-terminals).
    public func setDTR(_ on: Bool) throws(DeviceError) {
        try setModemLine(CB9Linux_TIOCM_DTR, on: on, name: "DTR")
    }

    /// Raises or lowers RTS (only meaningful without RTS/CTS flow control).
    public func setRTS(_ on: Bool) throws(DeviceError) {
        try setModemLine(CB9Linux_TIOCM_RTS, on: on, name: "RTS")
    }

    private func setModemLine(_ bit: Int32, on: Bool, name: String) throws(DeviceError) {
        var bits = bit
        let request = on ? CB9Linux_TIOCMBIS : CB9Linux_TIOCMBIC
        try withControl { fd throws(DeviceError) in
            guard CB9Linux_ioctl_ptr(fd, request, &bits) == 0 else {
                throw DeviceError.system(
                    "ioctl(\(on ? "TIOCMBIS" : "TIOCMBIC") \(name))", errno: errno, device: address.description,
                    hint: "this line has no modem control (pseudo-terminal or adapter without \(name))")
            }
        }
    }

    /// The modem input lines (`TIOCMGET`): CTS, DSR and carrier detect.
    public func modemLines() throws(DeviceError) -> (cts: Bool, dsr: Bool, carrier: Bool) {
        var bits: Int32 = 0
        try withControl { fd throws(DeviceError) in
            guard CB9Linux_ioctl_ptr(fd, CB9Linux_TIOCMGET, &bits) == 0 else {
                throw DeviceError.system("ioctl(TIOCMGET)", errno: errno, device: address.description)
            }
        }
        return (bits & CB9Linux_TIOCM_CTS != 0, bits & CB9Linux_TIOCM_DSR != 0, bits & CB9Linux_TIOCM_CD != 0)
    }

    override func willClose() {
        control.withLock { fd in
            if fd >= 0 { _ = Glibc.close(fd) }
            fd = -1
        }
    }
}
