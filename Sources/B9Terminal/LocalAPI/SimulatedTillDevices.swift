import B9Core

/// In-memory stand-ins for the till's devices, for `b9terminal demo --serve` and the tests: a
/// scanner fed through the API, a scale with a settable weight, a drawer and a display that
/// remember what they were told.
enum SimulatedTillDevices {
    /// The devices, with the printer given (the demo prints to a file).
    static func make(printer: any ReceiptPrinting, printerName: String) -> (TillDevices, SimulatedScale) {
        let scanner = SimulatedScanner()
        let scale = SimulatedScale()
        var devices = TillDevices(printer: .init(port: printer, name: printerName))
        devices.drawer = .init(port: SimulatedDrawer(), name: "simulated drawer")
        devices.display = .init(port: SimulatedDisplay(), name: "simulated display")
        devices.scale = .init(port: scale, name: "simulated scale")
        devices.scanner = .init(port: scanner, name: "simulated scanner")
        devices.simulatedScanner = scanner
        return (devices, scale)
    }
}

/// A scanner whose codes come from ``feed(_:)``.
final class SimulatedScanner: BarcodeInput, Sendable {
    let scans: AsyncStream<ScannedCode>
    private let continuation: AsyncStream<ScannedCode>.Continuation

    init() {
        (scans, continuation) = AsyncStream<ScannedCode>.makeStream(bufferingPolicy: .bufferingNewest(64))
    }

    /// Scans `code` as if it came from the device.
    func feed(_ code: ScannedCode) {
        continuation.yield(code)
    }
}

/// A scale that reports the weight last set (1.250 kg to start).
actor SimulatedScale: WeighingScale {
    private var grams: Int64 = 1_250

    func set(grams: Int64) { self.grams = grams }

    func stableWeight() async throws -> Quantity {
        Quantity(thousandths: grams)
    }
}

/// A drawer that counts how often it opened.
actor SimulatedDrawer: CashDrawerControl {
    private(set) var openings = 0
    func openDrawer() async throws { openings += 1 }
}

/// A customer display that keeps the last message.
actor SimulatedDisplay: CustomerDisplayOutput {
    private(set) var last: CustomerMessage?
    func show(_ message: CustomerMessage) async { last = message }
}
