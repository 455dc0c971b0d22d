/// Where a device is in the UnifiedPOS life cycle: `closed → opened → claimed → enabled`, and back
/// through `disable`, `release` and `close`.
///
/// - `opened`: configured, no I/O yet (UnifiedPOS `open`).
/// - `claimed`: the transport is open and held exclusively (`claim`); commands may be sent.
/// - `enabled`: the device delivers data and status events (`DeviceEnabled = true`).
public enum DeviceState: Int, Sendable, Comparable, CustomStringConvertible {
    case closed = 0
    case opened = 1
    case claimed = 2
    case enabled = 3

    public static func < (a: DeviceState, b: DeviceState) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .closed: "closed"
        case .opened: "opened"
        case .claimed: "claimed"
        case .enabled: "enabled"
        }
    }
}

/// The UnifiedPOS health-check levels (`checkHealth(level)`).
public enum HealthCheckLevel: String, Sendable, CaseIterable {
    /// Checks without touching the hardware: state, transport open, last error.
    case `internal`
    /// Exercises the hardware (e.g. a status round trip or a test line on a display).
    case external
    /// Asks an operator to confirm something (e.g. "did the drawer open?").
    case interactive
}

/// The result of a health check, with a text for the technician.
public struct HealthReport: Hashable, Sendable, CustomStringConvertible {
    public var level: HealthCheckLevel
    public var healthy: Bool
    public var text: String

    public init(level: HealthCheckLevel, healthy: Bool, text: String) {
        self.level = level
        self.healthy = healthy
        self.text = text
    }

    public var description: String { "\(level): \(healthy ? "OK" : "FAILED") — \(text)" }
}
