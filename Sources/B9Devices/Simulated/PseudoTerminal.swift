import CB9Linux
public import NIOCore
import NIOPosix
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal pair standing in for a serial cable: the device under test opens
/// ``devicePath`` (a link unique to this pair to the pty slave ``nodePath``, e.g. `/dev/pts/7`)
/// like any tty, and the simulator on the other end reads and writes through ``peer`` (the master).
///
/// A raw pty passes all 256 byte values unchanged in both directions. ``hangUp()`` removes the link
/// and closes the master, which is what the device sees when a USB serial adapter is pulled: its
/// reads return end of file / `EIO`, and reopening the path fails with not-found (the pty number
/// itself is soon reused by the next pair; see ``SimulatorLink``).
///
/// The pair keeps one slave descriptor of its own in raw mode, so the line stays raw and the
/// master does not see a hang-up before the device opens it.
public final class PseudoTerminal: Sendable {
    /// The path the device side opens: a link to ``nodePath`` that ``hangUp()`` removes.
    public let devicePath: String
    /// The pty slave node (`/dev/pts/N`), as udev would name it.
    public let nodePath: String
    private let link: SimulatorLink?
    /// The simulator's end of the line (the pty master).
    public let peer: ChannelTransport
    private let slaveHold: CInt
    private let released = Atomic<Bool>(false)

    private init(nodePath: String, name: String, peer: ChannelTransport, slaveHold: CInt) {
        self.nodePath = nodePath
        link = SimulatorLink.make(to: nodePath, name: name)
        devicePath = link?.path ?? nodePath
        self.peer = peer
        self.slaveHold = slaveHold
    }

    /// Opens a new pair.
    ///
    /// - Throws: ``DeviceError`` when the system has no free pseudo-terminals.
    public static func open(name: String = "pty") async throws(DeviceError) -> PseudoTerminal {
        let master = CB9Linux_open_pty_master(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard master >= 0 else { throw DeviceError.system("posix_openpt", errno: errno, device: "sim://\(name)") }
        var buffer = [CChar](repeating: 0, count: 128)
        let status = CB9Linux_ptsname(master, &buffer, buffer.count)
        guard status == 0 else {
            _ = Glibc.close(master)
            throw DeviceError.system("ptsname_r", errno: status, device: "sim://\(name)")
        }
        let path = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let slave = Glibc.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard slave >= 0 else {
            let saved = errno
            _ = Glibc.close(master)
            throw DeviceError.system("open", errno: saved, device: path)
        }
        var attributes = termios()
        if tcgetattr(slave, &attributes) == 0 {
            cfmakeraw(&attributes)
            _ = tcsetattr(slave, TCSANOW, &attributes)
        }
        let address = DeviceAddress(.simulator(name: name, parameters: ["pty": path]))
        do {
            let (channel, installed) = try await ChannelTransport.adoptDescriptor(
                master, address: address, input: true, output: true)
            return PseudoTerminal(
                nodePath: path, name: name,
                peer: ChannelTransport(address: address, channel: channel, installed: installed, writable: true),
                slaveHold: slave)
        } catch {
            _ = Glibc.close(slave)
            throw error
        }
    }

    /// Opens a new pair and points the symbolic link `link` at its device side, atomically (a
    /// temporary link renamed over it), as udev points a by-id link at a replugged adapter's node.
    /// A device configured with `link` survives unplugging one pty and plugging in the next.
    ///
    /// - Throws: ``DeviceError`` when no pty is free or the link cannot be made.
    public static func open(name: String, linkedAt link: String) async throws(DeviceError) -> PseudoTerminal {
        let pty = try await open(name: name)
        let temporary = link + ".new"
        unlink(temporary)
        guard symlink(pty.devicePath, temporary) == 0, rename(temporary, link) == 0 else {
            let saved = errno
            await pty.hangUp()
            throw DeviceError.system("symlink", errno: saved, device: link)
        }
        return pty
    }

    /// The `serial://` address of the device side with `settings`.
    public func serialAddress(_ settings: SerialSettings = .default) -> DeviceAddress {
        DeviceAddress(.serial(path: devicePath, settings: settings))
    }

    /// Removes the link and closes the master: the device side sees a hang-up. Idempotent.
    public func hangUp() async {
        link?.remove()
        await peer.close()
        releaseSlave()
    }

    private func releaseSlave() {
        if released.exchange(true, ordering: .acquiringAndReleasing) == false {
            _ = Glibc.close(slaveHold)
        }
    }

    deinit {
        link?.remove()
        releaseSlave()
    }
}
