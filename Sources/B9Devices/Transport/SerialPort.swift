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
    /// channel owns the other. Closed in ``close()``.
    private let control: CInt

    private init(address: DeviceAddress, channel: any Channel, installed: Installed, settings: SerialSettings,
                 control: CInt) {
        self.settings = settings
        self.control = control
        super.init(address: address, channel: channel, installed: installed, writable: true)
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
        try TerminalAttributes.read(from: control, device: address.description)
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
        guard CB9Linux_ioctl_ptr(control, request, &bits) == 0 else {
            throw DeviceError.system(
                "ioctl(\(on ? "TIOCMBIS" : "TIOCMBIC") \(name))", errno: errno, device: address.description,
                hint: "this line has no modem control (pseudo-terminal or adapter without \(name))")
        }
    }

    /// The modem input lines (`TIOCMGET`): CTS, DSR and carrier detect.
    public func modemLines() throws(DeviceError) -> (cts: Bool, dsr: Bool, carrier: Bool) {
        var bits: Int32 = 0
        guard CB9Linux_ioctl_ptr(control, CB9Linux_TIOCMGET, &bits) == 0 else {
            throw DeviceError.system("ioctl(TIOCMGET)", errno: errno, device: address.description)
        }
        return (bits & CB9Linux_TIOCM_CTS != 0, bits & CB9Linux_TIOCM_DSR != 0, bits & CB9Linux_TIOCM_CD != 0)
    }

    private let closedControl = Atomic<Bool>(false)

    override func willClose() {
        if closedControl.exchange(true, ordering: .acquiringAndReleasing) == false {
            _ = Glibc.close(control)
        }
    }
}
