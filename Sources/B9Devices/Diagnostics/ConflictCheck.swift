/// Kernel drivers and system services that fight B9Terminal for a device: `usblp` bound to a
/// printer that is configured for libusb, CUPS holding printers, ModemManager probing serial ports.
public struct ConflictCheck: Sendable {
    public let files: SystemFiles
    /// Command names of running processes (`/proc/*/comm`), read once.
    public let processes: Set<String>

    public init(files: SystemFiles) {
        self.files = files
        self.processes = files.processNames()
    }

    /// Whether CUPS runs here: its socket exists or a `cupsd` process runs.
    public var cupsRunning: Bool {
        files.exists("/run/cups/cups.sock") || processes.contains("cupsd")
    }

    /// Whether ModemManager runs here.
    public var modemManagerRunning: Bool { processes.contains("ModemManager") }

    /// USB interfaces (`1-1:1.0`) the `usblp` driver is bound to, with the device's VID:PID.
    public func usblpInterfaces() -> [(interface: String, id: USBDeviceID?)] {
        files.list("/sys/bus/usb/drivers/usblp").filter { $0.contains(":") }.map { interface in
            (interface, files.usbDeviceID(String(interface.prefix(while: { $0 != ":" }))))
        }
    }

    /// The conflict findings for a device of `deviceClass` at `address` (empty when none apply).
    public func findings(for address: DeviceAddress, deviceClass: DeviceClass) -> [DiagnosticFinding] {
        var findings: [DiagnosticFinding] = []
        switch address.location {
        case .usb(let id, _, _):
            let bound = usblpInterfaces().filter { $0.id == id }
            if let first = bound.first {
                findings.append(.fail(
                    DiagnosticCheck.conflictUsblp,
                    "the usblp kernel driver is bound to \(id) (interface \(first.interface)); libusb cannot claim it",
                    fix: "use usblp:///dev/usb/lpN as the address instead, or unbind it: echo '\(first.interface)' | "
                        + "sudo tee /sys/bus/usb/drivers/usblp/unbind (for good: echo 'blacklist usblp' | "
                        + "sudo tee /etc/modprobe.d/b9pos-usblp.conf)"))
            } else {
                findings.append(.ok(DiagnosticCheck.conflictUsblp, "usblp is not bound to \(id)"))
            }
            findings.append(cupsFinding())
        case .usblp:
            findings.append(cupsFinding())
        case .serial:
            if modemManagerRunning {
                findings.append(.warn(
                    DiagnosticCheck.conflictModemManager,
                    "ModemManager runs and probes serial ports with AT commands, which can confuse \(deviceClass)s",
                    fix: "sudo systemctl disable --now ModemManager, or tag the port ENV{ID_MM_DEVICE_IGNORE}=\"1\" in a udev rule"))
            } else {
                findings.append(.ok(DiagnosticCheck.conflictModemManager, "ModemManager is not running"))
            }
            if deviceClass == .printer { findings.append(cupsFinding()) }
        default:
            break
        }
        return findings
    }

    private func cupsFinding() -> DiagnosticFinding {
        if cupsRunning {
            return .warn(
                DiagnosticCheck.conflictCUPS,
                "CUPS is running (/run/cups/cups.sock or cupsd) and may hold the printer or send it jobs",
                fix: "remove the printer from CUPS (lpstat -v, then sudo lpadmin -x NAME) or stop CUPS: "
                    + "sudo systemctl disable --now cups.service cups.socket")
        }
        return .ok(DiagnosticCheck.conflictCUPS, "CUPS is not running")
    }
}
