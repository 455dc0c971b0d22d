public import NIOCore
import NIOPosix

/// A raw TCP connection to a network device, usually a receipt printer's port 9100 ("JetDirect"
/// raw printing, which carries ESC/POS both ways).
///
/// Connects with a timeout, turns on `SO_KEEPALIVE` and `TCP_NODELAY`, and allows the printer to
/// half-close: when it shuts its sending side the reads end with
/// ``DeviceError/Code/disconnected`` while writes still go out. A reset (`ECONNRESET`) ends the
/// connection with ``DeviceError/Code/disconnected`` too. ``ChannelTransport/closeOutput()``
/// half-closes our side.
public final class TCPTransport: ChannelTransport, @unchecked Sendable {
    // @unchecked: no stored properties beyond ChannelTransport's.

    /// Connects to `host:port`.
    ///
    /// - Throws: ``DeviceError/Code/connectionFailed`` (refused, unreachable, timeout) with errno.
    public static func connect(
        host: String, port: UInt16, connectTimeout: Duration = .seconds(5),
        group: (any EventLoopGroup)? = nil
    ) async throws(DeviceError) -> TCPTransport {
        let address = DeviceAddress(.tcp(host: host, port: port))
        let device = address.description
        let loop = (group ?? MultiThreadedEventLoopGroup.singleton).next()
        let installed = loop.makePromise(of: Installed.self)
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(TimeAmount(connectTimeout))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer(initializer(device: device, installed: installed))
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: Int(port)).get()
        } catch {
            installed.fail(error)
            throw map(error, device: device, operation: "connect")
        }
        do {
            return TCPTransport(
                address: address, channel: channel, installed: try await installed.futureResult.get(),
                writable: true)
        } catch {
            try? await channel.close()
            throw map(error, device: device, operation: "connect")
        }
    }

    /// Connects to the host a `tcp://` address names.
    public static func connect(_ address: DeviceAddress, connectTimeout: Duration = .seconds(5))
        async throws(DeviceError) -> TCPTransport
    {
        guard case .tcp(let host, let port) = address.location else {
            throw DeviceError(.invalidAddress, "not a tcp address", device: address.description)
        }
        return try await connect(host: host, port: port, connectTimeout: connectTimeout)
    }
}
