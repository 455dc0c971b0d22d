import B9Devices
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Discovery and the device table")
struct DiscoveryTests {
    @Test func tableCoversTheRequiredVendors() {
        let vendors = Set(DeviceTable.entries.map(\.vendor))
        for required in ["Epson", "Star Micronics", "Bixolon", "Citizen", "Xprinter", "Honeywell", "Zebra (Symbol)",
                         "Datalogic", "Mettler Toledo", "FTDI", "Prolific", "QinHeng", "Silicon Labs"] {
            #expect(vendors.contains(required), "\(required) missing")
        }
    }

    static let lookups: [(String, DeviceClass?, String?)] = [
        ("04b8:0202", .printer, "TM-T88/TM-T70 series"),
        ("04b8:0e99", .printer, "TM series"),  // vendor-wide row
        ("1a86:7523", .serialAdapter, "CH340"),
        ("10c4:ea60", .serialAdapter, "CP210x"),
        ("067b:2303", .serialAdapter, "PL2303"),
        ("0403:6001", .serialAdapter, "FT232R"),
        ("0c2e:0b61", .scanner, nil),
        ("0eb8:f000", .scale, nil),
        ("1234:5678", nil, nil),
    ]

    @Test("lookup prefers the exact row", arguments: lookups)
    func lookup(id: String, deviceClass: DeviceClass?, model: String?) throws {
        let usbID = try #require(USBDeviceID(text: id))
        let entry = DeviceTable.lookup(usbID)
        #expect(entry?.deviceClass == deviceClass)
        if let model { #expect(entry?.model == model) }
    }

    @Test func stableIdentityPrefersSerialThenByID() throws {
        let id = try #require(USBDeviceID(text: "0403:6001"))
        let withSerial = DiscoveredDevice(subsystem: "tty", devnode: "/dev/ttyUSB3", syspath: "/sys/x", usbID: id,
                                          serialNumber: "A12345", byIDPath: "/dev/serial/by-id/usb-FTDI-if00")
        #expect(withSerial.stableIdentity == "0403:6001/A12345")
        #expect(withSerial.suggestedAddress?.path == "/dev/serial/by-id/usb-FTDI-if00")
        let byID = DiscoveredDevice(subsystem: "input", devnode: "/dev/input/event7", syspath: "/sys/y", usbID: nil,
                                    serialNumber: nil, byIDPath: "/dev/input/by-id/usb-Scanner-event-kbd")
        #expect(byID.stableIdentity == "/dev/input/by-id/usb-Scanner-event-kbd")
        #expect(byID.suggestedAddress == DeviceAddress(.evdev(path: "/dev/input/by-id/usb-Scanner-event-kbd", grab: true)))
    }

    @Test func availabilityMatchesTheMachine() {
        let availability = UdevDiscovery.availability()
        #expect(availability.usbBus == (access("/sys/bus/usb", F_OK) == 0))
        #expect(availability.udevDaemon == (access("/run/udev/control", F_OK) == 0))
        #expect(availability.monitorSource == (availability.udevDaemon ? "udev" : "kernel"))
        if !availability.usbBus { #expect(availability.summary.contains("No USB bus")) }
    }

    @Test func enumerationListsRealSerialPorts() throws {
        let devices = try UdevDiscovery.enumerate()
        // Nothing virtual unless asked for.
        #expect(devices.allSatisfy { !$0.syspath.contains("/virtual/") })
        if access("/sys/class/tty/ttyS0", F_OK) == 0 {
            #expect(devices.contains { $0.devnode == "/dev/ttyS0" && $0.subsystem == "tty" })
        }
        let everything = try UdevDiscovery.enumerate(includeVirtual: true)
        #expect(everything.count >= devices.count)
        #expect(everything.contains { $0.syspath.contains("/virtual/") })
    }

    @Test(.timeLimit(.minutes(5)), .enabled(if: access("/sys/class/tty/ttyS0/uevent", W_OK) == 0))
    func kernelMonitorSeesAChangeEvent() async throws {
        let monitor = try HotplugMonitor.start(source: "kernel")
        #expect(monitor.source == "kernel")
        // Ask the kernel to replay a uevent for ttyS0 (what a replug looks like to the monitor).
        let trigger = Task {
            for _ in 0..<50 {
                let fd = open("/sys/class/tty/ttyS0/uevent", O_WRONLY)
                if fd >= 0 {
                    _ = "change".withCString { write(fd, $0, 6) }
                    close(fd)
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        var seen: HotplugEvent?
        for await event in monitor.events where event.device.devnode == "/dev/ttyS0" {
            seen = event
            break
        }
        trigger.cancel()
        await monitor.stop()
        #expect(seen?.action == .change)
        #expect(seen?.device.subsystem == "tty")
    }

    @Test(.timeLimit(.minutes(5)))
    func stoppingTheMonitorFinishesItsStream() async throws {
        let monitor = try HotplugMonitor.start(source: "kernel")
        await monitor.stop()
        // The loop ending is the check: a stream that never finished would hit the time limit.
        for await _ in monitor.events {}
        await monitor.stop()  // idempotent
    }
}
