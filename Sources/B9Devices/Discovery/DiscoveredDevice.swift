/// A device node found by discovery, with what the device table says about it.
public struct DiscoveredDevice: Hashable, Sendable, Codable {
    /// Kernel subsystem: `tty`, `usbmisc` (usblp), `hidraw`, `input`.
    public let subsystem: String
    /// The node (`/dev/ttyUSB0`, `/dev/usb/lp0`, `/dev/hidraw0`, `/dev/input/event3`).
    public let devnode: String
    /// The sysfs path (`/sys/devices/…`).
    public let syspath: String
    public let usbID: USBDeviceID?
    public let serialNumber: String?
    /// The stable `/dev/serial/by-id/…` or `/dev/input/by-id/…` link, when udev made one.
    public let byIDPath: String?
    /// The matching device-table row.
    public let entry: DeviceTableEntry?

    /// Identity that survives replugging into another port: serial number, else the by-id path,
    /// else VID:PID plus devnode (not stable).
    public var stableIdentity: String {
        if let usbID, let serialNumber, !serialNumber.isEmpty { return "\(usbID)/\(serialNumber)" }
        if let byIDPath { return byIDPath }
        return (usbID.map { "\($0)@" } ?? "") + devnode
    }

    /// The address to open this node with, by the stable path when there is one.
    public var suggestedAddress: DeviceAddress? {
        let path = byIDPath ?? devnode
        switch subsystem {
        case "tty": return DeviceAddress(.serial(path: path, settings: .default))
        case "usbmisc": return DeviceAddress(.usblp(path: path))
        case "hidraw": return DeviceAddress(.hidraw(path: path))
        case "input": return DeviceAddress(.evdev(path: path, grab: true))
        default: return nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case subsystem, devnode, syspath, usbID = "usb_id", serialNumber = "serial", byIDPath = "by_id",
            deviceClass = "class", vendor, model, defaultProtocol = "protocol", address, identity
    }

    public init(subsystem: String, devnode: String, syspath: String, usbID: USBDeviceID?, serialNumber: String?,
                byIDPath: String?) {
        self.subsystem = subsystem
        self.devnode = devnode
        self.syspath = syspath
        self.usbID = usbID
        self.serialNumber = serialNumber
        self.byIDPath = byIDPath
        self.entry = usbID.flatMap(DeviceTable.lookup)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            subsystem: try c.decode(String.self, forKey: .subsystem), devnode: try c.decode(String.self, forKey: .devnode),
            syspath: try c.decode(String.self, forKey: .syspath),
            usbID: try c.decodeIfPresent(String.self, forKey: .usbID).flatMap { USBDeviceID(text: $0) },
            serialNumber: try c.decodeIfPresent(String.self, forKey: .serialNumber),
            byIDPath: try c.decodeIfPresent(String.self, forKey: .byIDPath))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(subsystem, forKey: .subsystem)
        try c.encode(devnode, forKey: .devnode)
        try c.encode(syspath, forKey: .syspath)
        try c.encodeIfPresent(usbID?.description, forKey: .usbID)
        try c.encodeIfPresent(serialNumber, forKey: .serialNumber)
        try c.encodeIfPresent(byIDPath, forKey: .byIDPath)
        try c.encodeIfPresent(entry?.deviceClass.description, forKey: .deviceClass)
        try c.encodeIfPresent(entry?.vendor, forKey: .vendor)
        try c.encodeIfPresent(entry?.model, forKey: .model)
        try c.encodeIfPresent(entry?.defaultProtocol, forKey: .defaultProtocol)
        try c.encodeIfPresent(suggestedAddress?.description, forKey: .address)
        try c.encode(stableIdentity, forKey: .identity)
    }
}

/// A hot-plug event: a device node appeared, went away or changed.
public struct HotplugEvent: Hashable, Sendable, CustomStringConvertible {
    public struct Action: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public static let add = Action("add")
        public static let remove = Action("remove")
        public static let change = Action("change")
        /// Any other kernel action (`bind`, `unbind`, `move`, `online`, `offline`).
        public static func other(_ name: String) -> Action { Action(name) }
        init(text: String) {
            switch text {
            case "add": self = .add
            case "remove": self = .remove
            case "change": self = .change
            default: self = .other(text)
            }
        }
        public var description: String { name }
    }

    public let action: Action
    public let device: DiscoveredDevice

    /// An event as the monitor reports it (tests and other event sources make their own).
    public init(action: Action, device: DiscoveredDevice) {
        self.action = action
        self.device = device
    }

    public var description: String { "\(action) \(device.devnode) [\(device.entry?.deviceClass.description ?? "unknown")]" }
}
