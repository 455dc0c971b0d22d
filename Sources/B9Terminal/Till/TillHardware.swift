import B9Core
import B9Devices
import B9ESCPOS
import B9Intake
import B9Scale
import Logging

/// The till's real devices, built from the `devices.*` keys with the device classes of B9Devices:
/// the receipt printer behind the durable print queue, a drawer on the printer's kick-out connector
/// or on its own serial line, the customer display, the scale and the scanner. Reconnecting after an
/// unplug is the device classes' work (``ManagedDevice``); ``TillDeviceService`` runs them.
struct TillHardware: Sendable {
    var printer: ManagedDevice<ReceiptPrinterDriver>?
    var queue: PrintJobQueue?
    var receiptPrinter: QueuedReceiptPrinter?
    var drawer: ManagedDevice<CashDrawerDriver>?
    var display: ManagedDevice<CustomerDisplayDriver>?
    var scale: ManagedDevice<ScaleDriver>?
    var scanner: ManagedTillScanner?
    /// What the local API drives.
    var devices: TillDevices

    /// The weight a till scale must settle on before it is taken.
    static let scalePolicy: WeighingPolicy? = try? WeighingPolicy(
        minimum: Weight(mantissa: 20, decimals: 3, unit: .kilogram), maximum: Weight(mantissa: 30, decimals: 0, unit: .kilogram),
        consecutiveReadings: 2)

    /// The names the status board shows, by device kind, from the settings alone.
    static func names(_ settings: DeviceSettings) -> [String: String?] {
        var names: [String: String?] = [:]
        for target in settings.targets { names[target.name] = target.address.description }
        if names["drawer"] == nil, let pin = settings.printerDrawerPin, let printer = names["printer"] ?? nil {
            names["drawer"] = "\(printer) kick-out \(pin == .pin2 ? "pin 2" : "pin 5")"
        }
        return names
    }

    /// Builds the devices (no I/O yet).
    /// - Parameters:
    ///   - spoolDirectory: the print queue's folder (created if missing).
    /// - Throws: ``PrintQueueError`` when the spool folder cannot be created.
    init(settings: DeviceSettings, store: BillingStore, spoolDirectory: String, status: DeviceStatusBoard, logger: Logger) throws(PrintQueueError) {
        var devices = TillDevices(printer: .init(port: NoReceiptPrinter(), name: "none"))
        for target in settings.targets {
            let name = target.address.description
            switch target.kind {
            case .printer(let profile):
                let printer = ManagedDevice(address: target.address, driver: ReceiptPrinterDriver(profile: profile))
                // 5 s for a status answer: a busy till may be slow, and a job is held until it answers.
                let queue = PrintJobQueue(spool: try PrintSpool(directory: spoolDirectory), primary: printer, statusTimeout: .seconds(5))
                let receipts = QueuedReceiptPrinter(queue: queue, store: store, profile: profile, logger: logger)
                self.printer = printer
                self.queue = queue
                receiptPrinter = receipts
                devices.printer = .init(port: receipts, name: name)
                if let pin = settings.printerDrawerPin {
                    let pulse = DrawerPulse(pin: pin, onTime: DrawerPulse.standard.onTime, offTime: DrawerPulse.standard.offTime)
                    devices.drawer = .init(port: PrinterKickDrawer(printer: printer, pulse: pulse), name: (Self.names(settings)["drawer"] ?? nil) ?? name)
                }
            case .drawer(let kick):
                let drawer = ManagedDevice(address: target.address, driver: CashDrawerDriver(kick: kick))
                self.drawer = drawer
                devices.drawer = .init(port: SerialCashDrawer(device: drawer), name: name)
            case .display(let commandSet, let codePage):
                let display = ManagedDevice(address: target.address, driver: CustomerDisplayDriver(commandSet: commandSet, idleMessage: "Welcome", codePage: codePage))
                self.display = display
                devices.display = .init(port: ManagedCustomerDisplay(device: display, status: status), name: name)
            case .scale(let scaleProtocol):
                let scale = ManagedDevice(address: target.address, driver: ScaleDriver(scaleProtocol: scaleProtocol))
                self.scale = scale
                if let policy = Self.scalePolicy {
                    devices.scale = .init(port: ManagedTillScale(device: scale, policy: policy), name: name)
                }
            case .scanner:
                let scanner = ManagedTillScanner(device: ManagedDevice(address: target.address, driver: BarcodeScannerDriver(for: target.address)))
                self.scanner = scanner
                devices.scanner = .init(port: scanner, name: name)
            case .other:
                break
            }
        }
        self.devices = devices
    }
}
