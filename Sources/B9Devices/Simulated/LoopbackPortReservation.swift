import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP port held by a bound socket that never listens.
///
/// While it is held, no other program can bind the port (an ephemeral `bind` to port 0 or a
/// `connect` never picks it), and the kernel refuses every connection to it with `ECONNREFUSED`
/// unless a ``LoopbackListener`` started with `sharingReservation` listens on it too. A simulator
/// uses one to "unplug" a network printer — stop its listener, so clients are refused — and to
/// "replug" it on the very same port, which no parallel test can have taken in between.
///
/// The socket has `SO_REUSEPORT` but not `SO_REUSEADDR`: a listener of the same user that sets
/// `SO_REUSEPORT` can bind the port beside it, while any other `bind` to it (with or without
/// `SO_REUSEADDR`) fails with `EADDRINUSE`, and the kernel never hands it out as an ephemeral port.
public final class LoopbackPortReservation: Sendable {
    /// The port held on 127.0.0.1.
    public let port: UInt16
    private let descriptor: Mutex<CInt>

    private init(port: UInt16, descriptor: CInt) {
        self.port = port
        self.descriptor = Mutex(descriptor)
    }

    deinit { release() }

    /// Binds `127.0.0.1:port` (0 picks a free port) without listening.
    ///
    /// - Throws: ``DeviceError`` (`open-failed`) naming the failed system call and errno, for
    ///   example `EADDRINUSE` when another program already listens on `port`.
    public static func reserve(port: UInt16 = 0) throws(DeviceError) -> LoopbackPortReservation {
        let device = "tcp://127.0.0.1:\(port)"
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw DeviceError.system("socket", errno: errno, device: device) }
        var on: CInt = 1
        let size = socklen_t(MemoryLayout<CInt>.size)
        guard setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, size) == 0 else {
            let saved = errno
            close(fd)
            throw DeviceError.system("setsockopt(SO_REUSEPORT)", errno: saved, device: device)
        }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_port = port.bigEndian
        local.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &local) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(fd, address, length) == 0 && getsockname(fd, address, &length) == 0
            }
        }
        guard bound else {
            let saved = errno
            close(fd)
            throw DeviceError.system("bind", errno: saved, device: device, hint: "is the port already in use?")
        }
        return LoopbackPortReservation(port: UInt16(bigEndian: local.sin_port), descriptor: fd)
    }

    /// The `tcp://` address of the held port.
    public var address: DeviceAddress { DeviceAddress(.tcp(host: "127.0.0.1", port: port)) }

    /// Frees the port (idempotent).
    public func release() {
        let fd = descriptor.withLock { fd in
            defer { fd = -1 }
            return fd
        }
        if fd >= 0 { close(fd) }
    }
}
