import B9Devices
import B9TestSupport
import PropertyBased
import Testing

@Suite("Device addresses", .cpuBound)
struct DeviceAddressTests {
    static let valid: [(String, DeviceAddress.Location)] = [
        (
            "serial:///dev/ttyUSB0?baud=19200&parity=none&data-bits=8&stop-bits=1&flow=rtscts",
            .serial(path: "/dev/ttyUSB0", settings: SerialSettings(baudRate: .b19200, flowControl: .rtsCts))
        ),
        (
            "serial:///dev/ttyS1?baud=9600&parity=even&data-bits=7&stop-bits=2&flow=xonxoff",
            .serial(path: "/dev/ttyS1", settings: SerialSettings(
                baudRate: .b9600, dataBits: 7, parity: .even, stopBits: 2, flowControl: .xonXoff))
        ),
        ("serial:///dev/ttyACM0", .serial(path: "/dev/ttyACM0", settings: .default)),
        (
            "serial:///dev/serial/by-id/usb-FTDI_FT232R_A12345-if00-port0?baud=115200&parity=odd",
            .serial(path: "/dev/serial/by-id/usb-FTDI_FT232R_A12345-if00-port0",
                    settings: SerialSettings(baudRate: .b115200, parity: .odd))
        ),
        ("tcp://192.168.1.50:9100", .tcp(host: "192.168.1.50", port: 9100)),
        ("tcp://kitchen-printer.local", .tcp(host: "kitchen-printer.local", port: 9100)),
        ("tcp://[fe80::1]:9101", .tcp(host: "fe80::1", port: 9101)),
        ("usblp:///dev/usb/lp0", .usblp(path: "/dev/usb/lp0")),
        ("usb://04b8:0202?serial=J2YF012345", .usb(id: USBDeviceID(vendorID: 0x04B8, productID: 0x0202),
                                                    serial: "J2YF012345", interface: 0)),
        ("usb://0519:0003", .usb(id: USBDeviceID(vendorID: 0x0519, productID: 0x0003), serial: nil, interface: 0)),
        ("usb://0DD4:0195?interface=1", .usb(id: USBDeviceID(vendorID: 0x0DD4, productID: 0x0195),
                                             serial: nil, interface: 1)),
        (
            "evdev:///dev/input/by-id/usb-Honeywell_Imaging___Mobility_1900-event-kbd",
            .evdev(path: "/dev/input/by-id/usb-Honeywell_Imaging___Mobility_1900-event-kbd", grab: true)
        ),
        ("evdev:///dev/input/event3?grab=no", .evdev(path: "/dev/input/event3", grab: false)),
        ("hidraw:///dev/hidraw0", .hidraw(path: "/dev/hidraw0")),
        ("sim://scanner?layout=de", .simulator(name: "scanner", parameters: ["layout": "de"])),
        ("serial:///dev/with%20space", .serial(path: "/dev/with space", settings: .default)),
    ]

    @Test("parses", arguments: valid)
    func parses(text: String, location: DeviceAddress.Location) throws {
        let address = try DeviceAddress(parsing: text)
        #expect(address.location == location)
        // The canonical form parses back to the same address.
        #expect(try DeviceAddress(parsing: address.description) == address)
    }

    @Test func canonicalSerialFormListsEverySetting() throws {
        let address = try DeviceAddress(parsing: "serial:///dev/ttyUSB0?flow=rtscts&baud=19200")
        #expect(address.description
            == "serial:///dev/ttyUSB0?baud=19200&parity=none&data-bits=8&stop-bits=1&flow=rtscts")
    }

    static let invalid: [(String, String)] = [
        ("/dev/ttyUSB0", "serial"),
        ("serial:/dev/ttyUSB0", "serial"),
        ("serial://dev/ttyUSB0", "serial"),
        ("serial:///dev/ttyUSB0?baud=12345", "serial"),
        ("serial:///dev/ttyUSB0?parity=mark", "serial"),
        ("serial:///dev/ttyUSB0?data-bits=9", "serial"),
        ("serial:///dev/ttyUSB0?stop-bits=3", "serial"),
        ("serial:///dev/ttyUSB0?flow=dtr", "serial"),
        ("serial:///dev/ttyUSB0?speed=9600", "serial"),
        ("serial:///dev/ttyUSB0?baud=9600&baud=19200", "serial"),
        ("serial:///dev/tty%zz", "serial"),
        ("serial:///dev/tty%00x", "serial"),
        ("serial:///dev/tty USB0", "serial"),
        ("tcp://:9100", "tcp"),
        ("tcp://printer:0", "tcp"),
        ("tcp://printer:70000", "tcp"),
        ("tcp://printer:91a", "tcp"),
        ("tcp://bad_host:9100", "tcp"),
        ("tcp://[zz::1]:9100", "tcp"),
        ("tcp://printer:9100?x=1", "tcp"),
        ("usb://4b8:202", "usb"),
        ("usb://04b8-0202", "usb"),
        ("usb://04b8:0202?serial=", "usb"),
        ("usb://04b8:0202?interface=300", "usb"),
        ("usblp://lp0", "usblp"),
        ("usblp:///dev/usb/lp0?x=1", "usblp"),
        ("evdev:///dev/input/event0?grab=maybe", "evdev"),
        ("hidraw:///", "hidraw"),
        ("sim://", "sim"),
        ("SERIAL:///dev/ttyUSB0", ""),
        ("ftp://printer", ""),
        ("serial:///dev/ttyUSB0#frag", "serial"),
        ("", ""),
    ]

    @Test("rejects with an example", arguments: invalid)
    func rejects(text: String, scheme: String) {
        let error = #expect(throws: DeviceError.self) { try DeviceAddress(parsing: text) }
        #expect(error?.code == .invalidAddress)
        if let example = DeviceAddress.examples[scheme] {
            #expect(error?.message.contains("Example: \(example)") == true)
        } else {
            #expect(error?.message.contains("Examples: ") == true)
        }
        // Every example in an error message must itself parse.
        for example in DeviceAddress.examples.values {
            #expect(throws: Never.self) { try DeviceAddress(parsing: example) }
        }
    }

    @Test func randomAddressesRoundTrip() async {
        let pathByte = Gen.uint8(in: 0x20...0x7E).array(of: 1...24)
        await propertyCheck(
            count: 300, input: pathByte, Gen.element(of: SerialSettings.BaudRate.supported),
            Gen.int(in: 0...5), Gen.uint16(in: 1...UInt16.max)
        ) { bytes, baud, variant, port in
            let path = "/" + String(decoding: bytes, as: UTF8.self)
            let location: DeviceAddress.Location
            switch variant {
            case 0:
                location = .serial(path: path, settings: SerialSettings(
                    baudRate: baud ?? .b9600, dataBits: port % 2 == 0 ? 7 : 8, parity: SerialSettings.Parity.all[Int(port) % 3],
                    stopBits: port % 5 == 0 ? 2 : 1, flowControl: SerialSettings.FlowControl.all[Int(port) % 3]))
            case 1: location = .tcp(host: "host-\(port).example", port: port)
            case 2: location = .usb(id: USBDeviceID(vendorID: port, productID: ~port),
                                    serial: String(decoding: bytes, as: UTF8.self), interface: Int(port % 4))
            case 3: location = .evdev(path: path, grab: port % 2 == 0)
            case 4: location = .hidraw(path: path)
            default: location = .usblp(path: path)
            }
            let address = DeviceAddress(location)
            let again = try? DeviceAddress(parsing: address.description)
            #expect(again == address, "\(address.description)")
        }
    }
}
