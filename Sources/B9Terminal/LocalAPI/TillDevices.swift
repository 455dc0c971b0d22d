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
/// unconfirmed and can be reprinted once a printer is wired in (a bill can be printed again too).
struct NoReceiptPrinter: ReceiptPrinting {
    func print(_ receipt: Receipt) async -> PrintOutcome {
        .failed(reason: "no receipt printer is configured")
    }

    func printBill(_ bill: GuestBill, shop: Receipt.Shop) async -> PrintOutcome {
        .failed(reason: "no receipt printer is configured")
    }
}

/// Keeps each device's last known state and announces changes as ``LocalAPIEvent/deviceStatus(_:)``.
actor DeviceStatusBoard {
    private var states: [String: DeviceStatus] = [:]
    private let events: EventBroadcaster

    init(devices: TillDevices, events: EventBroadcaster) {
        self.init(names: devices.names, events: events)
    }

    /// - Parameter names: each kind's configured name, nil (or absent) when not configured.
    init(names: [String: String?], events: EventBroadcaster) {
        self.events = events
        for kind in TillDevices.kinds {
            let name = names[kind] ?? nil
            states[kind] = DeviceStatus(device: kind, state: name == nil ? "not-configured" : "idle", name: name, detail: nil)
        }
    }

    /// Every device, in report order.
    var all: [DeviceStatus] { TillDevices.kinds.compactMap { states[$0] } }

    /// Records that `device` worked (`detail` nil) or failed (with what failed); publishes a change.
    func record(_ device: String, failure detail: String?) async {
        await set(device, state: detail == nil ? "ready" : "error", detail: detail)
    }

    /// Records a status event of a device class (`paper-end`, `cover-open`, `offline`,
    /// `disconnected`, `drawer-opened`, …): `error` with the code and message when it stops the
    /// device, else `ready` (with the code and message when worth showing, such as a drawer open).
    func record(_ device: String, code: String, message: String) async {
        if Self.blockingCodes.contains(code) {
            await set(device, state: "error", detail: "\(code): \(message)")
        } else if Self.clearingCodes.contains(code) {
            await set(device, state: "ready", detail: nil)
        } else {
            await set(device, state: "ready", detail: "\(code): \(message)")
        }
    }

    /// The state of one device (tests, metrics).
    func status(of device: String) -> DeviceStatus? { states[device] }

    /// Codes that mean the device cannot work until someone acts or it comes back.
    static let blockingCodes: Set<String> = [
        "paper-end", "cover-open", "offline", "printer-error", "printer-no-answer", "disconnected", "reconnecting",
        "scale-no-answer", "drawer-open-too-long",
    ]
    /// Codes that mean the device works again.
    static let clearingCodes: Set<String> = ["printer-ready", "reconnected", "scale-ready", "drawer-closed"]

    private func set(_ device: String, state: String, detail: String?) async {
        guard let current = states[device] else { return }
        let next = DeviceStatus(device: device, state: state, name: current.name, detail: detail)
        guard next != current else { return }
        states[device] = next
        await events.publish(.deviceStatus(next))
    }
}
