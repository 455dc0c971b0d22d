public import B9Scale
import CB9Linux
import Glibc
public import NIOCore
import NIOPosix
import Synchronization

/// Puts the simulator's own end of the pty slave into raw mode (cfmakeraw: no echo, no line
/// editing, no CR/LF translation; reads return what is there).
private func makeRaw(_ fd: Int32) throws(ScaleLineError) {
    var attributes = termios()
    guard tcgetattr(fd, &attributes) == 0 else { throw .system("tcgetattr") }
    cfmakeraw(&attributes)
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
    /// What a client opens: a link to ``nodePath`` that ``stop()`` removes (see ``SimulatorLink``).
    public let devicePath: String
    /// The slave side of the pty (e.g. `/dev/pts/3`).
    public let nodePath: String
    private let link: SimulatorLink?
    private let channel: any Channel
    private let keepOpenFD: Int32
    private let ticker: RepeatedTask?
    private let stopped = Atomic<Bool>(false)

    private init(nodePath: String, channel: any Channel, keepOpenFD: Int32, ticker: RepeatedTask?) {
        self.nodePath = nodePath
        link = SimulatorLink.make(to: nodePath, name: "scale")
        devicePath = link?.path ?? nodePath
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
        let master = CB9Linux_open_pty_master(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
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
        let slave = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard slave >= 0 else {
            let code = Glibc.errno
            close(master)
            throw ScaleLineError.system("open \(path)", code)
        }
        do {
            try makeRaw(slave)
        } catch {
            close(slave)
            close(master)
            throw error
        }
        // The write side is our own close-on-exec duplicate: NIO's `inputOutput:` variant uses a plain
        // `dup`, whose copy a child process started meanwhile would inherit; a master held open by a
        // child never hangs up, so a client would never see the scale unplugged.
        let output = fcntl(master, F_DUPFD_CLOEXEC, 0)
        guard output >= 0 else {
            let code = Glibc.errno
            close(slave)
            close(master)
            throw ScaleLineError.system("fcntl(F_DUPFD_CLOEXEC)", code)
        }
        let channel: any Channel
        do {
            channel = try await NIOPipeBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ScaleSimulatorHandler(simulator))
                    }
                }
                .takingOwnershipOfDescriptors(input: master, output: output)
                .get()
        } catch {
            // master and output are NIO's now: a failed set-up closes them itself.
            close(slave)
            throw error
        }
        var ticker: RepeatedTask?
        if simulator.scaleProtocol.name == .cas || simulator.scaleProtocol.name == .mtSICS {
            ticker = channel.eventLoop.scheduleRepeatedTask(initialDelay: tickInterval, delay: tickInterval) { _ in
                channel.pipeline.fireUserInboundEventTriggered(ScaleSimulatorHandler.Tick())
            }
        }
        return ScaleSimulatorHost(nodePath: path, channel: channel, keepOpenFD: slave, ticker: ticker)
    }

    /// Stops serving and closes the pty.
    public func stop() async {
        link?.remove()
        ticker?.cancel()
        try? await channel.close()
        // Once only: a second close(2) of the number could close a descriptor opened since.
        if stopped.exchange(true, ordering: .acquiringAndReleasing) == false {
            close(keepOpenFD)
        }
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
