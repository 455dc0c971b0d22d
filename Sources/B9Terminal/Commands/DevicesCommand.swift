import ArgumentParser
import B9Devices
import Foundation

/// `b9terminal devices [--json]`: lists the POS devices this machine can see and says plainly
/// when there is no USB bus or no udev daemon.
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List serial, USB printer, HID and input devices and what B9Terminal recognises them as.")

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    @Flag(name: .long, help: "Include virtual ttys and other virtual devices.")
    var all = false

    struct Report: Codable {
        let availability: UdevDiscovery.Availability
        let usbDevices: Int?
        let devices: [DiscoveredDevice]
        let note: String

        enum CodingKeys: String, CodingKey {
            case availability, usbDevices = "usb_devices", devices, note
        }
    }

    func run() async throws {
        let availability = UdevDiscovery.availability()
        let devices: [DiscoveredDevice]
        do {
            devices = try UdevDiscovery.enumerate(includeVirtual: all)
        } catch {
            throw ValidationError("device discovery failed: \(error)")
        }
        let usbCount = try? USBTransport.deviceCount()
        let report = Report(availability: availability, usbDevices: usbCount, devices: devices,
                            note: availability.summary)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(report)
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print(availability.summary)
        print("libusb sees \(usbCount.map(String.init) ?? "no") USB device(s).")
        if devices.isEmpty {
            print("No device nodes found.")
            return
        }
        for device in devices {
            let what = device.entry.map { "\($0.deviceClass) — \($0.vendor) \($0.model) [\($0.defaultProtocol)]" }
                ?? "not in the device table"
            let id = device.usbID.map { " \($0)" } ?? ""
            print("\(device.devnode)\t\(device.subsystem)\(id)\t\(what)\t\(device.suggestedAddress?.description ?? "")")
        }
    }
}
