import B9Intake
@testable import B9Terminal
import B9Core
import Foundation
import Logging
import ServiceLifecycle

/// The local API running on a temporary store with the sample catalog and simulated devices,
/// on 127.0.0.1 port 0 and/or a unix socket in the store's folder.
struct LocalAPITestServer {
    static let token = "local-api-test-token-0123456789"

    let testStore: TestStore
    let session: TillSession
    let scale: SimulatedScale
    let port: Int?
    let socketPath: String?
    let receiptsPath: String
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    var store: BillingStore { testStore.store }

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    static func start(
        tcp: Bool = true, socket: Bool = false, socketGroup: UInt32? = nil, kitchen: KitchenDisplaySettings? = nil, settings: ShopSettings = .general
    ) async throws -> LocalAPITestServer {
        let testStore = try await TestStore(terminalID: kitchen == nil ? "till-1" : "kitchen-1")
        let receipts = testStore.folder.appendingPathComponent("receipts.txt").path
        let (devices, scale) = SimulatedTillDevices.make(printer: FileReceiptPrinter(path: receipts), printerName: "file")
        let session = TillSession(
            store: testStore.store, policy: .standard, shop: Receipt.Shop(name: "Test shop"), devices: devices, events: EventBroadcaster(),
            settings: settings
        )
        // Unix socket paths are limited to 107 bytes: keep it short.
        let socketPath = socket ? "/tmp/b9api-\(UUID().uuidString.prefix(8)).sock" : nil
        let configuration = LocalAPIConfiguration(host: tcp ? "127.0.0.1" : nil, port: 0, socketPath: socketPath, socketGroup: socketGroup, token: token)
        let (listening, continuation) = AsyncStream<LocalAPIServer.Listening>.makeStream()
        let board = kitchen.map { KitchenBoard(store: testStore.store, events: session.events, settings: $0) }
        let server = LocalAPIServer(
            configuration: configuration, session: session, role: kitchen == nil ? "till" : "kitchen", logger: testLogger,
            kitchen: board, onListening: { continuation.yield($0) }
        )
        let group = ServiceGroup(services: [server], logger: testLogger)
        let task = Task { try await group.run() }
        var port: Int?
        var socketReady = false
        let expected = (tcp ? 1 : 0) + (socket ? 1 : 0)
        var seen = 0
        let waited = try await withThrowingTaskGroup(of: [LocalAPIServer.Listening].self) { waiters in
            waiters.addTask {
                var all: [LocalAPIServer.Listening] = []
                for await item in listening {
                    all.append(item)
                    if all.count == expected { break }
                }
                return all
            }
            waiters.addTask {
                // Only a broken server gets here.
                try await Task.sleep(for: .seconds(60))
                return []
            }
            let first = try await waiters.next() ?? []
            waiters.cancelAll()
            return first
        }
        for item in waited {
            seen += 1
            switch item {
            case .tcp(_, let boundPort): port = boundPort
            case .unix: socketReady = true
            }
        }
        guard seen == expected, socketReady == socket else {
            await group.triggerGracefulShutdown()
            throw StartError(description: "the local API did not start listening within 60 s")
        }
        return LocalAPITestServer(
            testStore: testStore, session: session, scale: scale, port: port, socketPath: socketPath,
            receiptsPath: receipts, group: group, task: task
        )
    }

    /// Runs `body` against a started server and stops it afterwards, whether `body` throws or not.
    static func with<T>(
        tcp: Bool = true, socket: Bool = false, kitchen: KitchenDisplaySettings? = nil, settings: ShopSettings = .general,
        _ body: (LocalAPITestServer) async throws -> T
    ) async throws -> T {
        let server = try await start(tcp: tcp, socket: socket, kitchen: kitchen, settings: settings)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
        if let socketPath { unlink(socketPath) }
        testStore.remove()
    }

    /// A request over TCP with the right token unless told otherwise (`token: nil` sends none).
    func request(_ method: String, _ path: String, json: String? = nil, token: String? = Self.token, viaSocket: Bool = false) async throws -> RawHTTPResponse {
        var headers: [String] = []
        if let token { headers.append("Authorization: Bearer \(token)") }
        let target: RawHTTPClient.Target
        if viaSocket, let socketPath {
            target = .unix(socketPath)
        } else if let port {
            target = .tcp(port)
        } else {
            throw StartError(description: "no listener for this request")
        }
        return try await RawHTTPClient.send(to: target, method: method, path: path, headers: headers, body: json.map { Array($0.utf8) })
    }

    /// A request whose JSON answer is decoded as `T` (a test failure when the status differs).
    func json<T: Decodable>(_ type: T.Type, _ method: String, _ path: String, json: String? = nil) async throws -> T {
        let response = try await request(method, path, json: json)
        guard (200..<300).contains(response.status) else {
            throw StartError(description: "\(method) \(path) answered \(response.status): \(response.text)")
        }
        return try JSONDecoder().decode(type, from: Data(response.body))
    }
}

/// One HTTP response, read to the end of the connection.
struct RawHTTPResponse: Sendable {
    let status: Int
    let headers: [String: String]
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    /// `error.code` and `error.field` of a typed error body.
    var errorCode: String? { errorDetail?["code"] as? String }
    var errorField: String? { errorDetail?["field"] as? String }

    private var errorDetail: [String: Any]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        return object["error"] as? [String: Any]
    }
}

/// A minimal HTTP/1.1 client over blocking sockets (TCP loopback or a unix socket) that sends
/// `Connection: close` and reads the whole answer; receive and send time out after 60 s. It is
/// independent of the server's stack on purpose (NIO, Hummingbird), and works over unix sockets.
enum RawHTTPClient {
    enum Target: Sendable {
        case tcp(Int)
        case unix(String)
    }

    struct ClientError: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends on a thread of its own: blocking a thread of the cooperative pool (two on a two-core
    /// machine) would starve the server under test, which answers on that same pool.
    static func send(to target: Target, method: String, path: String, headers: [String], body: [UInt8]?) async throws -> RawHTTPResponse {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try sendBlocking(to: target, method: method, path: path, headers: headers, body: body) })
            }
            thread.start()
        }
    }

    /// Connects to `target`; the descriptor or a failure (errno).
    static func connect(_ target: Target) throws -> Int32 {
        let fd: Int32
        var result: Int32
        switch target {
        case .tcp(let port):
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .unix(let path):
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                let bytes = Array(path.utf8.prefix(raw.count - 1))
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ClientError(description: "connect failed: \(reason)")
        }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    private static func sendBlocking(to target: Target, method: String, path: String, headers: [String], body: [UInt8]?) throws -> RawHTTPResponse {
        let fd = try connect(target)
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        for header in headers { head += header + "\r\n" }
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        head += "\r\n"
        let request = Array(head.utf8) + (body ?? [])
        var offset = 0
        while offset < request.count {
            let written = request[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw ClientError(description: "write failed: \(String(cString: strerror(errno)))") }
            offset += written
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw ClientError(description: "read failed: \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            response += buffer[0..<count]
        }
        return try parse(response)
    }

    private static func parse(_ bytes: [UInt8]) throws -> RawHTTPResponse {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else {
            throw ClientError(description: "no HTTP head in \(bytes.count) bytes")
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw ClientError(description: "bad status line \(head[0])") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(bytes[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            body = dechunk(body)
        }
        return RawHTTPResponse(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = (index..<bytes.count - 1).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }) else { break }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            guard start + size <= bytes.count else { break }
            out += bytes[start..<(start + size)]
            index = start + size + 2
        }
        return out
    }
}
