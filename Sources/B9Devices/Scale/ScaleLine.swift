public import B9Scale
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// A serial line to a scale (a real port or a simulator's pty) for the `scale` commands: a
/// ``SerialPort`` opened with the protocol's line settings, carrying one conversation at a time.
///
/// The device class for the daemon is ``ScaleDriver`` on a ``ManagedDevice``; this is the
/// one-shot form for reading or probing a port from the command line. Both open the line the
/// same way, through ``SerialPort``.
public final class ScaleLine: Sendable {
    /// The tty path.
    public let path: String
    /// The line settings asked for.
    public let settings: LineSettings
    private let port: SerialPort

    private init(path: String, settings: LineSettings, port: SerialPort) {
        self.path = path
        self.settings = settings
        self.port = port
    }

    /// Opens `path` raw with `settings`, exclusively (`TIOCEXCL`).
    ///
    /// - Throws: ``ScaleLineError`` saying what failed (missing device, permission, busy, not a
    ///   tty, a speed the serial layer does not support) and what to do.
    public static func open(path: String, settings: LineSettings) async throws(ScaleLineError) -> ScaleLine {
        let serial: SerialSettings
        do {
            serial = try SerialSettings(settings)
        } catch {
            throw ScaleLineError("Cannot open \(path): \(error.message)", errno: nil)
        }
        do {
            let port = try await SerialPort.open(path: path, settings: serial)
            return ScaleLine(path: path, settings: settings, port: port)
        } catch {
            throw ScaleLineError("Cannot open \(path): \(error.message)", errno: error.errno)
        }
    }

    /// Runs one conversation: writes the request (and the protocol's follow-ups) and collects decoded
    /// events until `done` returns true for one of them or `timeout` passes.
    ///
    /// - Returns: the events in order (empty when the scale stayed silent). When `timeout` passes first,
    ///   bytes that arrived but never completed a frame end the list as a `.skipped` event.
    /// - Throws: `ScaleError` when the protocol has no such request; ``ScaleLineError`` when the
    ///   line hangs up or fails.
    public func converse(
        _ scaleProtocol: any ScaleProtocol, _ request: ScaleRequest, timeout: Duration,
        until done: @escaping @Sendable (ScaleEvent) -> Bool
    ) async throws -> [ScaleEvent] {
        var conversation = try ScaleConversation(scaleProtocol, request: request)
        let deadline = ContinuousClock.now.advanced(by: timeout)
        try await send(conversation.initialBytes, timeout: timeout)
        var events: [ScaleEvent] = []
        while ContinuousClock.now < deadline {
            var chunk: ByteBuffer
            do {
                chunk = try await port.read(timeout: ContinuousClock.now.duration(to: deadline))
            } catch where error.code == .timedOut {
                break
            } catch {
                throw ScaleLineError(lineFailure(error), errno: error.errno)
            }
            let (decoded, reply) = conversation.receive(chunk.readBytes(length: chunk.readableBytes) ?? [])
            events += decoded
            if !reply.isEmpty { try await send(reply, timeout: timeout) }
            if decoded.contains(where: done) { return events }
        }
        return events + conversation.finish()
    }

    /// Writes raw bytes (e.g. to leave a mode), waiting at most two seconds for the line to take them.
    public func write(_ bytes: [UInt8]) async throws(ScaleLineError) {
        try await send(bytes, timeout: .seconds(2))
    }

    /// Closes the line.
    public func close() async {
        await port.close()
    }

    private func send(_ bytes: [UInt8], timeout: Duration) async throws(ScaleLineError) {
        do {
            try await port.write(bytes, timeout: timeout)
        } catch {
            throw ScaleLineError(error.code == .timedOut
                ? "The line did not accept data within \(timeout) (flow control?)." : lineFailure(error), errno: error.errno)
        }
    }

    private func lineFailure(_ error: DeviceError) -> String {
        error.code == .disconnected
            ? "The line hung up (device unplugged or simulator stopped): \(error.message)" : error.message
    }
}

extension SerialSettings {
    /// The serial settings for a scale protocol's line settings (no flow control).
    ///
    /// - Throws: ``DeviceError/Code/invalidConfiguration`` for a speed outside 1200–115200 baud.
    public init(_ line: LineSettings) throws(DeviceError) {
        guard let baud = BaudRate(line.baudRate) else {
            throw DeviceError(.invalidConfiguration, "\(line.baudRate) baud is not supported; use one of "
                + BaudRate.supported.map(\.description).joined(separator: ", "))
        }
        let parity: Parity = switch line.parity {
        case .even: .even
        case .odd: .odd
        case .none: .none
        }
        self.init(baudRate: baud, dataBits: line.dataBits, parity: parity, stopBits: line.stopBits)
    }
}

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
