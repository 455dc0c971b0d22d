import NIOCore

/// The device-class logic that ``ManagedDevice`` runs over a transport: how to prepare the device
/// after every (re)connect, how to turn its bytes into data and status events, and how to check
/// its health. Scanners, displays and drawers implement it here; printer and scale classes plug
/// their codecs (B9ESCPOS status decoder, B9Scale protocols) in the same way.
public protocol DeviceDriver: Sendable {
    /// What the device delivers as data events (a scanned code, a weight, a status reply).
    associatedtype Payload: Sendable

    /// Called after every successful open, before data flows (reset, switch on automatic status
    /// back, set brightness…). Default: nothing.
    func prepare(_ transport: any DeviceTransport) async throws(DeviceError)

    /// Reads from `transport` until it ends or the task is cancelled, emitting data and status.
    /// Throw the transport's ``DeviceError`` when it ends; ``ManagedDevice`` reconnects on
    /// `disconnected`. Default: discard input until the transport ends.
    func receive(from transport: any DeviceTransport, emit: DeviceEmitter<Payload>) async throws(DeviceError)

    /// The `external` and `interactive` health checks (the `internal` one is done by
    /// ``ManagedDevice``). Default: `external` is "transport open", `interactive` is unsupported.
    func checkHealth(_ level: HealthCheckLevel, transport: any DeviceTransport) async -> HealthReport
}

extension DeviceDriver {
    public func prepare(_ transport: any DeviceTransport) async throws(DeviceError) {}

    public func receive(from transport: any DeviceTransport, emit: DeviceEmitter<Payload>) async throws(DeviceError) {
        while !Task.isCancelled {
            do {
                _ = try await transport.read(timeout: .seconds(3600))
            } catch where error.code == .timedOut {
                continue
            }
        }
    }

    public func checkHealth(_ level: HealthCheckLevel, transport: any DeviceTransport) async -> HealthReport {
        switch level {
        case .interactive:
            return HealthReport(level: level, healthy: false, text: "no interactive check for this device")
        default:
            return HealthReport(level: level, healthy: true, text: "transport \(transport.address) is open")
        }
    }
}

/// A driver that delivers raw bytes as they arrive: for pass-through devices and diagnostics.
public struct RawBytesDriver: DeviceDriver {
    public init() {}

    public func receive(from transport: any DeviceTransport, emit: DeviceEmitter<[UInt8]>) async throws(DeviceError) {
        while !Task.isCancelled {
            do {
                var chunk = try await transport.read(timeout: .seconds(3600))
                emit.data(chunk.readBytes(length: chunk.readableBytes) ?? [])
            } catch where error.code == .timedOut {
                continue
            }
        }
    }
}
