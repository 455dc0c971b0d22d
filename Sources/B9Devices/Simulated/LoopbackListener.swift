import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on loopback that hands each accepted connection out as a ``ChannelTransport``:
/// the server end for simulated network printers (port 9100) and for tests.
public final class LoopbackListener: Sendable {
    /// The port the listener is bound to (an ephemeral one when started with port 0).
    public let port: UInt16
    /// Accepted connections, in order.
    public let connections: AsyncStream<ChannelTransport>
    private let server: any Channel

    private init(port: UInt16, connections: AsyncStream<ChannelTransport>, server: any Channel) {
        self.port = port
        self.connections = connections
        self.server = server
    }

    /// Starts listening on `127.0.0.1:port` (0 picks a free port).
    ///
    /// The socket has `SO_REUSEADDR`, so a restart on the same port is not refused because of
    /// connections still in `TIME_WAIT`. That alone does not keep the port: once the listener has
    /// stopped, any other program may bind it. To stop and start again on a port nobody else can
    /// take, hold it with a ``LoopbackPortReservation`` and start on the reservation instead.
    public static func start(port: UInt16 = 0) async throws(DeviceError) -> LoopbackListener {
        try await start(port: port, reusePort: false)
    }

    /// Starts listening on the port `reservation` holds (with `SO_REUSEPORT`, which lets it bind
    /// beside the reservation's socket). Stopping the listener leaves the port held: connections
    /// are then refused until a new listener starts on the same reservation.
    public static func start(sharing reservation: LoopbackPortReservation) async throws(DeviceError) -> LoopbackListener {
        try await start(port: reservation.port, reusePort: true)
    }

    private static func start(port: UInt16, reusePort: Bool) async throws(DeviceError) -> LoopbackListener {
        let (stream, continuation) = AsyncStream.makeStream(of: ChannelTransport.self)
        let reusePortOption = ChannelOptions.Types.SocketOption(
            level: .socket, name: NIOBSDSocket.Option(rawValue: SO_REUSEPORT))
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(reusePortOption, value: reusePort ? 1 : 0)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                let address = DeviceAddress(.simulator(name: "tcp-peer", parameters: [:]))
                let installed = channel.eventLoop.makePromise(of: ChannelTransport.Installed.self)
                let setUp = ChannelTransport.initializer(device: address.description, installed: installed)(channel)
                return setUp.flatMap { installed.futureResult }.map { installed in
                    let transport = ChannelTransport(address: address, channel: channel, installed: installed, writable: true)
                    // Taken in while the listener stopped: nobody will serve it, so it is closed.
                    if case .terminated = continuation.yield(transport) { channel.close(promise: nil) }
                }
            }
        do {
            let server = try await bootstrap.bind(host: "127.0.0.1", port: Int(port)).get()
            guard let bound = server.localAddress?.port else {
                try? await server.close()
                throw DeviceError(.openFailed, "the listener has no local port")
            }
            server.closeFuture.whenComplete { _ in continuation.finish() }
            return LoopbackListener(port: UInt16(bound), connections: stream, server: server)
        } catch let error as DeviceError {
            throw error
        } catch {
            throw ChannelTransport.map(error, device: "tcp://127.0.0.1:\(port)", operation: "listen")
        }
    }

    /// The `tcp://` address clients connect to.
    public var address: DeviceAddress { DeviceAddress(.tcp(host: "127.0.0.1", port: port)) }

    /// Stops accepting. Open connections stay open.
    public func stop() async {
        try? await server.close()
    }
}

extension ChannelTransport {
    /// Aborts a TCP connection with a reset (`SO_LINGER` 0, then close), the way a printer that
    /// reboots drops its clients. Sockets only.
    public func reset() async {
        if let provider = channel as? any SocketOptionProvider {
            _ = try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        await close()
    }
}
