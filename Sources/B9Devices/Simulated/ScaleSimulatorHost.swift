public import B9Scale
import CB9Linux
import Glibc
public import NIOCore
import NIOPosix

// Serves a `ScaleSimulator` on a pseudo-terminal, and the minimal serial-line client the `scale` commands
// and the end-to-end tests use to talk to a scale (real or simulated) through a tty. Self-contained on
// purpose: the general serial transport lives in B9Devices/Transport.

/// Why a scale line operation failed, with what to do about it.
public struct ScaleLineError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// The errno value when a system call failed.
    public let errno: Int32?

    init(_ message: String, errno: Int32? = nil) {
        self.message = message
        self.errno = errno
    }

    static func system(_ what: String, _ code: Int32 = Glibc.errno) -> ScaleLineError {
        ScaleLineError("\(what) failed: \(String(cString: strerror(code))) (errno \(code))", errno: code)
    }

    public var description: String { message }
}

/// Puts a tty into raw mode (cfmakeraw: no echo, no line editing, no CR/LF translation) and, when given,
/// applies the line settings (baud, data bits, parity, stop bits; `termios` c_cflag CSIZE/PARENB/PARODD/CSTOPB).
func configureScaleLine(_ fd: Int32, _ settings: LineSettings?) throws(ScaleLineError) {
    var attributes = termios()
    guard tcgetattr(fd, &attributes) == 0 else { throw .system("tcgetattr") }
    cfmakeraw(&attributes)
    if let settings {
        let speed: speed_t = switch settings.baudRate {
        case 300: speed_t(B300)
        case 600: speed_t(B600)
        case 1200: speed_t(B1200)
        case 2400: speed_t(B2400)
        case 4800: speed_t(B4800)
        case 19200: speed_t(B19200)
        case 38400: speed_t(B38400)
        case 57600: speed_t(B57600)
        case 115200: speed_t(B115200)
        default: speed_t(B9600)
        }
        guard cfsetispeed(&attributes, speed) == 0, cfsetospeed(&attributes, speed) == 0 else {
            throw .system("cfsetspeed")
        }
        let sizeMask = tcflag_t(CSIZE)
        let parityMask = tcflag_t(PARENB) | tcflag_t(PARODD)
        let stopMask = tcflag_t(CSTOPB)
        var control = attributes.c_cflag & ~(sizeMask | parityMask | stopMask)
        control |= settings.dataBits == 7 ? tcflag_t(CS7) : tcflag_t(CS8)
        switch settings.parity {
        case .none: break
        case .even: control |= tcflag_t(PARENB)
        case .odd: control |= tcflag_t(PARENB) | tcflag_t(PARODD)
        }
        if settings.stopBits == 2 { control |= stopMask }
        control |= tcflag_t(CLOCAL) | tcflag_t(CREAD)
        attributes.c_cflag = control
    }
    // Non-canonical reads return what is there (VMIN 0, VTIME 0); we wait with poll().
    withUnsafeMutableBytes(of: &attributes.c_cc) { cc in
        cc[Int(VMIN)] = 0
        cc[Int(VTIME)] = 0
    }
    guard tcsetattr(fd, TCSANOW, &attributes) == 0 else { throw .system("tcsetattr") }
}

/// A simulated scale served on a pseudo-terminal: open `devicePath` like a serial port and it answers
/// in its protocol, following its script. The pty carries bytes only (baud and parity settings are
/// accepted but have no effect), and every answer is 7-bit clean, so 7E1/7O1 clients read it unchanged.
public final class ScaleSimulatorHost: Sendable {
    /// The slave side of the pty (e.g. `/dev/pts/3`): what a client opens.
    public let devicePath: String
    private let channel: any Channel
    private let keepOpenFD: Int32
    private let ticker: RepeatedTask?

    private init(devicePath: String, channel: any Channel, keepOpenFD: Int32, ticker: RepeatedTask?) {
        self.devicePath = devicePath
        self.channel = channel
        self.keepOpenFD = keepOpenFD
        self.ticker = ticker
    }

    /// Opens a pty and starts serving `simulator` on it.
    /// - Parameters:
    ///   - tickInterval: how often a continuously sending scale (CAS continuous, MT-SICS after `SIR`) sends.
    /// - Throws: `ScaleLineError` when the pty cannot be created.
    public static func start(
        _ simulator: ScaleSimulator, tickInterval: TimeAmount = .milliseconds(100),
        group: (any EventLoopGroup)? = nil
    ) async throws -> ScaleSimulatorHost {
        let group = group ?? MultiThreadedEventLoopGroup.singleton
        let master = CB9Linux_open_pty_master(O_RDWR | O_NOCTTY | O_NONBLOCK)
        guard master >= 0 else { throw ScaleLineError.system("posix_openpt") }
        var name = [CChar](repeating: 0, count: 256)
        let nameStatus = CB9Linux_ptsname(master, &name, name.count)
        guard nameStatus == 0 else {
            close(master)
            throw ScaleLineError.system("ptsname", nameStatus)
        }
        let path = String(decoding: name.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Hold the slave open ourselves: otherwise the master reads EIO (hang-up) whenever no client has it
        // open, and the simulator could serve only one client.
        let slave = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK)
        guard slave >= 0 else {
            let code = Glibc.errno
            close(master)
            throw ScaleLineError.system("open \(path)", code)
        }
        do {
            try configureScaleLine(slave, nil)
        } catch {
            close(slave)
            close(master)
            throw error
        }
        let channel: any Channel
        do {
            channel = try await NIOPipeBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ScaleSimulatorHandler(simulator))
                    }
                }
                .takingOwnershipOfDescriptor(inputOutput: master)
                .get()
        } catch {
            close(slave)
            close(master)
            throw error
        }
        var ticker: RepeatedTask?
        if simulator.scaleProtocol.name == .cas || simulator.scaleProtocol.name == .mtSICS {
            ticker = channel.eventLoop.scheduleRepeatedTask(initialDelay: tickInterval, delay: tickInterval) { _ in
                channel.pipeline.fireUserInboundEventTriggered(ScaleSimulatorHandler.Tick())
            }
        }
        return ScaleSimulatorHost(devicePath: path, channel: channel, keepOpenFD: slave, ticker: ticker)
    }

    /// Stops serving and closes the pty.
    public func stop() async {
        ticker?.cancel()
        try? await channel.close()
        close(keepOpenFD)
    }
}

/// Runs the pure simulator on the event loop: bytes in, answer out.
private final class ScaleSimulatorHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    struct Tick {}

    private var simulator: ScaleSimulator

    init(_ simulator: ScaleSimulator) { self.simulator = simulator }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        send(simulator.receive(bytes), context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is Tick {
            send(simulator.tick(), context: context)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func send(_ bytes: [UInt8], context: ChannelHandlerContext) {
        guard !bytes.isEmpty else { return }
        let buffer = context.channel.allocator.buffer(bytes: bytes.map { $0 & 0x7F })
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A client hanging up is not an error for a simulator; keep serving.
    }
}

/// A serial line to a scale (a real port or a simulator's pty), opened raw with `O_NOCTTY` and the
/// protocol's line settings. Blocking I/O with poll() timeouts, run on NIO's thread pool so no
/// cooperative thread ever blocks.
public final class ScaleLine: Sendable {
    public let path: String
    public let settings: LineSettings
    private let fd: Int32

    /// Opens `path`.
    /// - Throws: `ScaleLineError` saying what failed (missing device, permission, not a tty).
    public init(path: String, settings: LineSettings) throws(ScaleLineError) {
        let fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else {
            let code = Glibc.errno
            let hint = code == EACCES ? " — add the user to the group that owns the port (dialout)" : ""
            throw ScaleLineError("Cannot open \(path): \(String(cString: strerror(code)))\(hint).", errno: code)
        }
        do {
            try configureScaleLine(fd, settings)
        } catch {
            // Some kernels refuse certain character sizes on a pseudo-terminal (EINVAL going from CS8 to
            // CS7 even parity, seen on Linux 6.18 in a VM). A pty carries bytes whatever the settings say,
            // so for a simulator's pty raw mode alone is enough.
            let isPseudoTerminal = path.hasPrefix("/dev/pts/")
            if !(isPseudoTerminal && error.errno == EINVAL && (try? configureScaleLine(fd, nil)) != nil) {
                close(fd)
                throw ScaleLineError("\(path) is not a serial port: \(error.message)", errno: error.errno)
            }
        }
        tcflush(fd, TCIOFLUSH)
        self.path = path
        self.settings = settings
        self.fd = fd
    }

    deinit { close(fd) }

    /// Runs one conversation: writes the request (and the protocol's follow-ups) and collects decoded
    /// events until `done` returns true for one of them or `timeout` passes.
    /// - Returns: the events in order (empty when the scale stayed silent).
    public func converse(
        _ scaleProtocol: any ScaleProtocol, _ request: ScaleRequest, timeout: Duration,
        until done: @escaping @Sendable (ScaleEvent) -> Bool
    ) async throws -> [ScaleEvent] {
        let fd = self.fd
        let conversation = try ScaleConversation(scaleProtocol, request: request)
        return try await NIOThreadPool.singleton.runIfActive {
            try Self.run(fd: fd, conversation: conversation, timeout: timeout, until: done)
        }
    }

    /// Writes raw bytes (e.g. to leave a mode), waiting at most `timeout` for the line to take them.
    public func write(_ bytes: [UInt8]) throws(ScaleLineError) {
        try Self.writeAll(fd, bytes, deadline: Self.now() + .seconds(2))
    }

    private static func now() -> ContinuousClock.Instant { ContinuousClock.now }

    private static func run(
        fd: Int32, conversation initial: ScaleConversation, timeout: Duration, until done: (ScaleEvent) -> Bool
    ) throws -> [ScaleEvent] {
        var conversation = initial
        let deadline = now() + timeout
        try writeAll(fd, conversation.initialBytes, deadline: deadline)
        var events: [ScaleEvent] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while now() < deadline {
            let remaining = deadline - now()
            let milliseconds = Int32(clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, max(1, milliseconds))
            if ready < 0 {
                if errno == EINTR { continue }
                throw ScaleLineError.system("poll")
            }
            if ready == 0 { continue }
            if descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0, descriptor.revents & Int16(POLLIN) == 0 {
                throw ScaleLineError("The line hung up (device unplugged or simulator stopped).")
            }
            let count = read(fd, &buffer, buffer.count)
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw ScaleLineError.system("read")
            }
            if count == 0 { throw ScaleLineError("The line hung up (read returned 0).") }
            let (decoded, reply) = conversation.receive(buffer[0..<count])
            events += decoded
            if !reply.isEmpty { try writeAll(fd, reply, deadline: deadline) }
            if decoded.contains(where: done) { break }
        }
        return events
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(ScaleLineError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                let code = errno
                guard code == EAGAIN || code == EINTR else { throw .system("write", code) }
                guard now() < deadline else { throw ScaleLineError("The line did not accept data in time (flow control?).") }
                var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&descriptor, 1, 50)
                continue
            }
            offset += written
        }
    }
}
