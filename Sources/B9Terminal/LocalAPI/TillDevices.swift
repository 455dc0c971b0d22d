import B9Core

/// The devices the local API drives, through billing's ports, so real drivers plug in where the
/// demo's stand-ins are now. Only the printer is required (checkout always prints).
struct TillDevices: Sendable {
    /// A device and what to call it in status reports.
    struct Named<Port: Sendable>: Sendable {
        let port: Port
        let name: String
    }

    var printer: Named<any ReceiptPrinting>
    var drawer: Named<any CashDrawerControl>?
    var display: Named<any CustomerDisplayOutput>?
    var scale: Named<any WeighingScale>?
    var scanner: Named<any BarcodeInput>?
    /// Set when the scanner is simulated: `POST /devices/scanner/scans` feeds it.
    var simulatedScanner: SimulatedScanner?

    /// The device kinds, in report order.
    static let kinds = ["printer", "drawer", "display", "scale", "scanner"]

    /// The configured name of each kind (nil when not configured).
    var names: [String: String?] {
        ["printer": printer.name, "drawer": drawer?.name, "display": display?.name, "scale": scale?.name, "scanner": scanner?.name]
    }
}

/// A receipt printer for a station without one: every print fails, so the receipt stays
/// unconfirmed and can be reprinted once a printer is wired in.
struct NoReceiptPrinter: ReceiptPrinting {
    func print(_ receipt: Receipt) async -> PrintOutcome {
        .failed(reason: "no receipt printer is configured")
    }
}

/// Keeps each device's last known state and announces changes as ``LocalAPIEvent/deviceStatus(_:)``.
actor DeviceStatusBoard {
    private var states: [String: DeviceStatus] = [:]
    private let events: EventBroadcaster

    init(devices: TillDevices, events: EventBroadcaster) {
        self.events = events
        for kind in TillDevices.kinds {
            let name = devices.names[kind] ?? nil
            states[kind] = DeviceStatus(device: kind, state: name == nil ? "not-configured" : "idle", name: name, detail: nil)
        }
    }

    /// Every device, in report order.
    var all: [DeviceStatus] { TillDevices.kinds.compactMap { states[$0] } }

    /// Records that `device` worked (`detail` nil) or failed (with what failed); publishes a change.
    func record(_ device: String, failure detail: String?) async {
        guard let current = states[device] else { return }
        let next = DeviceStatus(device: device, state: detail == nil ? "ready" : "error", name: current.name, detail: detail)
        guard next != current else { return }
        states[device] = next
        await events.publish(.deviceStatus(next))
    }
}
