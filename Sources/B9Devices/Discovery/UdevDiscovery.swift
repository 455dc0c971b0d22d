import CUdev
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// Finds POS devices with libudev and watches them come and go.
///
/// Enumeration reads sysfs through libudev and works without a udev daemon (VID:PID and serial
/// are read from the parent USB device's attributes). The hot-plug monitor listens on the `udev`
/// netlink source when `systemd-udevd` runs (`/run/udev/control` exists) and on the `kernel`
/// source otherwise, so hot-plug works on machines without udevd too (without by-id links).
public enum UdevDiscovery {
    /// The subsystems B9Terminal cares about: serial ttys, USB printer-class nodes, raw HID, input.
    public static let subsystems = ["tty", "usbmisc", "hidraw", "input"]

    /// What this machine offers discovery, in words a technician can act on.
    public struct Availability: Sendable, Hashable, Codable {
        /// `systemd-udevd` is running (`/run/udev/control` exists).
        public let udevDaemon: Bool
        /// A USB bus exists (`/sys/bus/usb`).
        public let usbBus: Bool
        /// The monitor source that will be used (`udev` or `kernel`).
        public let monitorSource: String
        enum CodingKeys: String, CodingKey {
            case udevDaemon = "udev_daemon", usbBus = "usb_bus", monitorSource = "monitor_source"
        }

        /// A plain-language summary.
        public var summary: String {
            var lines: [String] = []
            lines.append(usbBus ? "USB bus present." : "No USB bus on this machine (/sys/bus/usb is missing): "
                + "USB printers, scanners and adapters cannot appear here; serial, network and simulated devices still work.")
            lines.append(udevDaemon ? "udev daemon running: by-id links and the b9pos rules apply."
                : "No udev daemon (/run/udev/control is missing): hot-plug uses kernel events; /dev/b9pos links "
                    + "and by-id paths are not created.")
            return lines.joined(separator: " ")
        }
    }

    /// Checks for the udev daemon and a USB bus.
    public static func availability() -> Availability {
        let daemon = access("/run/udev/control", F_OK) == 0
        return Availability(udevDaemon: daemon, usbBus: access("/sys/bus/usb", F_OK) == 0,
                            monitorSource: daemon ? "udev" : "kernel")
    }

    /// Lists the device nodes in ``subsystems`` (virtual ttys and input devices without a node
    /// excluded), each matched against ``DeviceTable``.
    ///
    /// - Throws: ``DeviceError/Code/unavailable`` when libudev cannot start.
    public static func enumerate(includeVirtual: Bool = false) throws(DeviceError) -> [DiscoveredDevice] {
        guard let udev = udev_new() else {
            throw DeviceError(.unavailable, "libudev cannot start (udev_new failed)", errno: errno)
        }
        defer { udev_unref(udev) }
        guard let enumerator = udev_enumerate_new(udev) else {
            throw DeviceError(.unavailable, "libudev cannot enumerate (udev_enumerate_new failed)", errno: errno)
        }
        defer { udev_enumerate_unref(enumerator) }
        for subsystem in subsystems { udev_enumerate_add_match_subsystem(enumerator, subsystem) }
        guard udev_enumerate_scan_devices(enumerator) >= 0 else {
            throw DeviceError(.unavailable, "libudev cannot scan /sys", errno: errno)
        }
        var found: [DiscoveredDevice] = []
        var entry = udev_enumerate_get_list_entry(enumerator)
        while let current = entry {
            defer { entry = udev_list_entry_get_next(current) }
            guard let name = udev_list_entry_get_name(current),
                let device = udev_device_new_from_syspath(udev, name)
            else { continue }
            defer { udev_device_unref(device) }
            if let discovered = describe(device), includeVirtual || !discovered.syspath.contains("/virtual/") {
                found.append(discovered)
            }
        }
        return found.sorted { $0.devnode < $1.devnode }
    }

    /// Builds a ``DiscoveredDevice`` from a libudev device, or nil when it has no device node.
    static func describe(_ device: OpaquePointer) -> DiscoveredDevice? {
        guard let devnodePointer = udev_device_get_devnode(device) else { return nil }
        let devnode = String(cString: devnodePointer)
        let subsystem = udev_device_get_subsystem(device).map { String(cString: $0) } ?? ""
        let syspath = udev_device_get_syspath(device).map { String(cString: $0) } ?? ""
        var usbID: USBDeviceID?
        var serial: String?
        if let usb = udev_device_get_parent_with_subsystem_devtype(device, "usb", "usb_device") {
            let vendor = udev_device_get_sysattr_value(usb, "idVendor").map { String(cString: $0) }
            let product = udev_device_get_sysattr_value(usb, "idProduct").map { String(cString: $0) }
            if let vendor, let product { usbID = USBDeviceID(text: "\(vendor):\(product)") }
            serial = udev_device_get_sysattr_value(usb, "serial").map { String(cString: $0) }
        }
        if usbID == nil,
            let vendor = udev_device_get_property_value(device, "ID_VENDOR_ID").map({ String(cString: $0) }),
            let product = udev_device_get_property_value(device, "ID_MODEL_ID").map({ String(cString: $0) })
        {
            usbID = USBDeviceID(text: "\(vendor):\(product)")
        }
        if serial == nil {
            serial = udev_device_get_property_value(device, "ID_SERIAL_SHORT").map { String(cString: $0) }
        }
        let links = udev_device_get_property_value(device, "DEVLINKS").map { String(cString: $0) } ?? ""
        let byID = links.split(separator: " ").first(where: { $0.contains("/by-id/") }).map(String.init)
        return DiscoveredDevice(subsystem: subsystem, devnode: devnode, syspath: syspath, usbID: usbID,
                                serialNumber: serial, byIDPath: byID)
    }
}
