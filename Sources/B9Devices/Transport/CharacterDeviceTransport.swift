import CB9Linux
public import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// A character-device node driven through a NIO pipe channel: the kernel's USB printer class node
/// (`/dev/usb/lpN`, written and read back for status where the printer answers), evdev
/// (`/dev/input/eventN`, taken exclusively with `EVIOCGRAB`) and hidraw (`/dev/hidrawN`).
///
/// FIFOs work too, which is how the tests and simulators feed it. Regular files cannot be watched
/// for readiness and are refused.
public final class CharacterDeviceTransport: ChannelTransport, @unchecked Sendable {
    // @unchecked: no stored properties beyond ChannelTransport's.

    /// Opens a `usblp://`, `evdev://` or `hidraw://` address.
    ///
    /// - Throws: ``DeviceError`` naming the node and errno; `busy` when another program grabbed the
    ///   evdev node; `unsupported` when `grab` is asked of a node that is not evdev.
    public static func open(
        _ address: DeviceAddress, group: (any EventLoopGroup)? = nil
    ) async throws(DeviceError) -> CharacterDeviceTransport {
        let device = address.description
        let path: String
        let flags: Int32
        var grab = false
        var writable = true
        var readable = true
        switch address.location {
        case .usblp(let p):
            path = p
            var info = stat()
            if stat(p, &info) == 0, info.st_mode & S_IFMT == S_IFIFO {
                // A FIFO stands in for a printer without a back channel: write-only.
                flags = O_WRONLY
                readable = false
            } else {
                flags = O_RDWR
            }
        case .evdev(let p, let g):
            path = p
            flags = O_RDONLY
            grab = g
            writable = false
        case .hidraw(let p):
            path = p
            flags = O_RDWR
        default:
            throw DeviceError(.invalidAddress, "not a usblp, evdev or hidraw address", device: device)
        }
        var fd = Glibc.open(path, flags | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0, errno == EACCES, case .hidraw = address.location {
            // A hidraw scanner is useful read-only; try that before giving up.
            fd = Glibc.open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
            writable = false
        }
        if fd < 0, errno == ENXIO || errno == ENODEV {
            // The usblp driver answers open(O_RDWR) with ENODEV when the printer is off.
            throw DeviceError.system("open", errno: errno, device: device, hint: "is the device switched on?")
        }
        guard fd >= 0 else { throw DeviceError.system("open", errno: errno, device: device) }
        if grab, CB9Linux_ioctl_int(fd, CB9Linux_EVIOCGRAB, 1) != 0 {
            let saved = errno
            _ = Glibc.close(fd)
            throw DeviceError.system(
                "ioctl(EVIOCGRAB)", errno: saved, device: device,
                hint: saved == EBUSY
                    ? "another program (X, Wayland, another daemon) holds the scanner exclusively"
                    : "not an evdev node; open it with ?grab=no")
        }
        let (channel, installed) = try await adoptDescriptor(
            fd, address: address, input: readable, output: writable, group: group ?? MultiThreadedEventLoopGroup.singleton)
        return CharacterDeviceTransport(address: address, channel: channel, installed: installed, writable: writable)
    }
}
