import B9Core
import B9Intake
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle

/// The local HTTP/WebSocket API as a service of the daemon: one Hummingbird application on the
/// loopback address and/or one on the unix socket (mode 0660, group `api.socket_group`), sharing
/// one router, plus the task that turns scanner codes into `scan` events.
struct LocalAPIServer: Service {
    /// Where a listener ended up.
    enum Listening: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case unix(path: String)
    }

    let configuration: LocalAPIConfiguration
    let session: TillSession
    let role: String
    let logger: Logger
    /// The kitchen display of a kitchen station.
    var kitchen: KitchenBoard?
    /// Called once per listener when it accepts connections (tests and the demo learn the port here).
    var onListening: @Sendable (Listening) async -> Void = { _ in }

    func run() async throws {
        let routes = LocalAPIRoutes(
            session: session, events: session.events, role: role, token: configuration.token,
            peerPolicy: PeerPolicy(group: configuration.socketGroup), logger: logger, kitchen: kitchen
        )
        let router = routes.router()
        let configuration = configuration
        let logger = logger
        let onListening = onListening
        try await withThrowingDiscardingTaskGroup { group in
            if let host = configuration.host {
                let app = Application(
                    router: router, server: .http1WebSocketUpgrade(webSocketRouter: router),
                    configuration: .init(address: .hostname(host, port: configuration.port), serverName: "b9terminal"),
                    onServerRunning: { channel in
                        let port = channel.localAddress?.port ?? configuration.port
                        logger.info("local API listening", metadata: ["url": "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/"])
                        await onListening(.tcp(host: host, port: port))
                    },
                    logger: logger
                )
                group.addTask { try await app.run() }
            }
            if let path = configuration.socketPath {
                try Self.removeStaleSocket(at: path)
                let app = Application(
                    router: router, server: .http1WebSocketUpgrade(webSocketRouter: router),
                    configuration: .init(address: .unixDomainSocket(path: path), serverName: "b9terminal"),
                    onServerRunning: { _ in
                        do {
                            try Self.restrict(path, group: configuration.socketGroup)
                            logger.info("local API listening", metadata: ["socket": "\(path)"])
                        } catch {
                            // The peer check still refuses other users; say what to fix.
                            logger.error("could not set mode 0660 on the API socket", metadata: ["socket": "\(path)", "error": "\(error)"])
                        }
                        await onListening(.unix(path: path))
                    },
                    logger: logger
                )
                group.addTask {
                    // The socket file goes with the listener, whether it stopped cleanly or not.
                    defer { unlink(path) }
                    try await app.run()
                }
            }
            if let scanner = session.devices.scanner {
                let events = session.events
                group.addTask {
                    await cancelWhenGracefulShutdown {
                        for await scan in scanner.port.scans { await events.publish(.scan(scan)) }
                    }
                }
            }
            group.addTask {
                // Close WebSocket streams when the daemon stops, so their connections end.
                try? await gracefulShutdown()
                await session.events.finish()
            }
        }
    }

    /// A socket file left by a daemon that did not stop cleanly would make bind fail; anything
    /// else at the path is left alone and reported.
    static func removeStaleSocket(at path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw LocalAPIError(.internalServerError, code: "socket-path-taken", "\(path) exists and is not a socket; remove it or choose another api.socket")
        }
        unlink(path)
    }

    /// Mode 0660, and group `group` when set.
    static func restrict(_ path: String, group: UInt32?) throws {
        if let group, chown(path, UInt32.max, group) != 0 {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPERM)
        }
        if chmod(path, 0o660) != 0 {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPERM)
        }
    }
}
