/// Where a device is and how to reach it, written as a URI everywhere: in configuration, on the
/// command line and in events.
///
/// | Scheme | Example |
/// |---|---|
/// | `serial` | `serial:///dev/ttyUSB0?baud=19200&parity=none&data-bits=8&stop-bits=1&flow=rtscts` |
/// | `tcp` | `tcp://192.168.1.50:9100` |
/// | `usblp` | `usblp:///dev/usb/lp0` |
/// | `usb` | `usb://04b8:0202?serial=J2YF012345` |
/// | `evdev` | `evdev:///dev/input/by-id/usb-Honeywell_Scanner-event-kbd?grab=yes` |
/// | `hidraw` | `hidraw:///dev/hidraw0` |
/// | `sim` | `sim://scanner?layout=de` |
///
/// ``init(parsing:)`` rejects anything else with a ``DeviceError`` whose message shows a correct
/// example for the scheme; ``description`` writes the canonical form, which parses back to an equal
/// address.
public struct DeviceAddress: Hashable, Sendable, CustomStringConvertible {
    /// The transport an address names, with its parameters.
    public enum Location: Hashable, Sendable {
        /// A serial tty (`/dev/ttyUSB0`, `/dev/ttyS0`, `/dev/serial/by-id/…`) and its line settings.
        case serial(path: String, settings: SerialSettings)
        /// A raw TCP socket, usually a printer's port 9100. `host` is a name, IPv4 or IPv6 literal.
        case tcp(host: String, port: UInt16)
        /// The kernel's USB printer-class character device (`/dev/usb/lpN`).
        case usblp(path: String)
        /// A USB device reached through libusb bulk endpoints, by VID:PID and optional serial.
        case usb(id: USBDeviceID, serial: String?, interface: Int)
        /// A Linux input event device (`/dev/input/eventN`); `grab` takes it exclusively (`EVIOCGRAB`).
        case evdev(path: String, grab: Bool)
        /// A raw HID device (`/dev/hidrawN`).
        case hidraw(path: String)
        /// A simulator by name, with free-form parameters.
        case simulator(name: String, parameters: [String: String])
    }

    public let location: Location

    public init(_ location: Location) {
        self.location = location
    }

    /// The URI scheme (`serial`, `tcp`, `usblp`, `usb`, `evdev`, `hidraw`, `sim`).
    public var scheme: String {
        switch location {
        case .serial: "serial"
        case .tcp: "tcp"
        case .usblp: "usblp"
        case .usb: "usb"
        case .evdev: "evdev"
        case .hidraw: "hidraw"
        case .simulator: "sim"
        }
    }

    /// The device node path for file-backed transports, nil for tcp, usb and sim.
    public var path: String? {
        switch location {
        case .serial(let path, _), .usblp(let path), .evdev(let path, _), .hidraw(let path): path
        case .tcp, .usb, .simulator: nil
        }
    }

    /// A correct example address for each scheme, shown in error messages.
    public static let examples: [String: String] = [
        "serial": "serial:///dev/ttyUSB0?baud=19200&parity=none&data-bits=8&stop-bits=1&flow=none",
        "tcp": "tcp://192.168.1.50:9100",
        "usblp": "usblp:///dev/usb/lp0",
        "usb": "usb://04b8:0202?serial=J2YF012345",
        "evdev": "evdev:///dev/input/by-id/usb-Honeywell_Scanner-event-kbd",
        "hidraw": "hidraw:///dev/hidraw0",
        "sim": "sim://scanner",
    ]

    /// The canonical text form; it parses back to an equal address.
    public var description: String {
        switch location {
        case .serial(let path, let s):
            return "serial://" + AddressText.encodePath(path)
                + "?baud=\(s.baudRate)&parity=\(s.parity)&data-bits=\(s.dataBits)"
                + "&stop-bits=\(s.stopBits)&flow=\(s.flowControl)"
        case .tcp(let host, let port):
            let hostText = host.contains(":") ? "[\(host)]" : host
            return "tcp://\(hostText):\(port)"
        case .usblp(let path):
            return "usblp://" + AddressText.encodePath(path)
        case .usb(let id, let serial, let interface):
            var query: [String] = []
            if let serial { query.append("serial=" + AddressText.encodeQuery(serial)) }
            if interface != 0 { query.append("interface=\(interface)") }
            return "usb://\(id)" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        case .evdev(let path, let grab):
            return "evdev://" + AddressText.encodePath(path) + (grab ? "" : "?grab=no")
        case .hidraw(let path):
            return "hidraw://" + AddressText.encodePath(path)
        case .simulator(let name, let parameters):
            let query = parameters.keys.sorted().map {
                AddressText.encodeQuery($0) + "=" + AddressText.encodeQuery(parameters[$0] ?? "")
            }
            return "sim://\(name)" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        }
    }
}

extension DeviceAddress: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
