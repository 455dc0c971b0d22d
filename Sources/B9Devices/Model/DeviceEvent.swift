/// A status change of a device: connection changes (disconnected, reconnecting, reconnected), state
/// changes, and device-class conditions such as a drawer left open.
///
/// Device classes add their own codes (`DeviceStatus.Code("paper-end")` in a printer extension);
/// compare codes, not messages.
public struct DeviceStatus: Hashable, Sendable, CustomStringConvertible {
    /// The kind of status. New codes may be added by device classes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// Creates a code; device classes define theirs as static constants.
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The device state changed (open, claim, enable, disable, release, close).
        public static let stateChanged = Code("state-changed")
        /// The transport ended unexpectedly (hang-up, reset, unplug).
        public static let disconnected = Code("disconnected")
        /// A reopen attempt failed; another follows after the back-off delay.
        public static let reconnecting = Code("reconnecting")
        /// The device is back and ready.
        public static let reconnected = Code("reconnected")
    }

    public var code: Code
    public var message: String
    /// The state at the time of the event.
    public var state: DeviceState
    /// For `reconnecting`: which attempt failed, starting at 1.
    public var attempt: Int?

    public init(_ code: Code, _ message: String, state: DeviceState, attempt: Int? = nil) {
        self.code = code
        self.message = message
        self.state = state
        self.attempt = attempt
    }

    public var description: String { "\(code) [\(state)]: \(message)" }
}

/// What a device reports: data (a scanned code, a weight, a status reply), a status update, or an
/// error that did not stop the device.
public enum DeviceEvent<Payload: Sendable>: Sendable {
    case data(Payload)
    case status(DeviceStatus)
    case error(DeviceError)
}

/// Hands a driver's data and status to the device's event stream.
public struct DeviceEmitter<Payload: Sendable>: Sendable {
    let continuation: AsyncStream<DeviceEvent<Payload>>.Continuation
    let state: @Sendable () -> DeviceState

    /// Emits a data event.
    public func data(_ payload: Payload) { continuation.yield(.data(payload)) }
    /// Emits a status event with `code` and `message`.
    public func status(_ code: DeviceStatus.Code, _ message: String) {
        continuation.yield(.status(DeviceStatus(code, message, state: state())))
    }
    /// Emits an error event (the device goes on).
    public func error(_ error: DeviceError) { continuation.yield(.error(error)) }
}
