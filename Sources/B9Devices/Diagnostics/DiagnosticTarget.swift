public import B9ESCPOS
public import B9Scale

/// A device the diagnostics look at: configured (from the station's configuration) or discovered
/// (found by udev and recognised by the device table), with what is needed to talk to it.
public struct DiagnosticTarget: Sendable {
    /// Where the device entry came from.
    public enum Source: String, Sendable, Hashable, Codable {
        case configured, discovered
    }

    /// What the device is and what its health checks speak.
    public enum Kind: Sendable {
        /// An ESC/POS receipt printer; status via `DLE EOT`, test print with this profile.
        case printer(PrinterProfile)
        /// A barcode scanner.
        case scanner
        /// A scale speaking this protocol.
        case scale(any ScaleProtocol)
        /// A serial cash drawer opened with this kick.
        case drawer(CashDrawerDriver.Kick)
        /// A customer display speaking this command set, with its character table for text outside
        /// ASCII (nil: ASCII only).
        case display(DisplayCommandSet, codePage: CodePage? = nil)
        /// A recognised node whose device is not known here (a USB-serial adapter): found,
        /// permissions and conflicts only.
        case other(DeviceClass)

        /// The device class name used in reports.
        public var deviceClass: DeviceClass {
            switch self {
            case .printer: .printer
            case .scanner: .scanner
            case .scale: .scale
            case .drawer: .drawer
            case .display: .display
            case .other(let deviceClass): deviceClass
            }
        }
    }

    /// The name in the report: the configuration key's device name (`printer`) or the node.
    public var name: String
    public var address: DeviceAddress
    public var kind: Kind
    public var source: Source

    public init(name: String, address: DeviceAddress, kind: Kind, source: Source = .configured) {
        self.name = name
        self.address = address
        self.kind = kind
        self.source = source
    }
}
