import B9Core
import B9Devices
import B9ESCPOS
import B9Scale

/// A cash drawer on the receipt printer's kick-out connector: `ESC p` through the printer.
struct PrinterKickDrawer: CashDrawerControl {
    let printer: ManagedDevice<ReceiptPrinterDriver>
    let pulse: DrawerPulse

    func openDrawer() async throws {
        try await printer.openDrawer(pulse)
    }
}

/// A cash drawer on its own serial interface.
struct SerialCashDrawer: CashDrawerControl {
    let device: ManagedDevice<CashDrawerDriver>

    func openDrawer() async throws {
        try await device.openDrawer()
    }
}

/// A customer display driven by its command set; a failed write is reported on the status board.
struct ManagedCustomerDisplay: CustomerDisplayOutput {
    let device: ManagedDevice<CustomerDisplayDriver>
    let status: DeviceStatusBoard

    func show(_ message: CustomerMessage) async {
        do {
            try await device.show(Self.layout(message))
            await status.record("display", failure: nil)
        } catch {
            await status.record("display", failure: "\(error)")
        }
    }

    static func layout(_ message: CustomerMessage) -> DisplayLayout {
        switch message {
        case .welcome(let text): .idle(text)
        case .item(let name, let price): .itemAndPrice(item: name, price: price.decimalText)
        case .total(let amount): .total(amount.decimalText)
        case .change(let amount): .change(amount.decimalText)
        }
    }
}

/// The till's scale: the first weight the scale class accepts as stable within `timeout`.
struct ManagedTillScale: WeighingScale {
    let device: ManagedDevice<ScaleDriver>
    let policy: WeighingPolicy
    var timeout: Duration = .seconds(5)

    func stableWeight() async throws -> Quantity {
        let weight = try await device.stableWeight(policy: policy, timeout: timeout)
        let grams = try weight.converted(to: .kilogram).amount.rescaled(to: 3)
        return Quantity(thousandths: grams.mantissa)
    }
}

/// The till's barcode scanner: the scanner class's codes, in billing's words.
final class ManagedTillScanner: BarcodeInput, Sendable {
    let device: ManagedDevice<BarcodeScannerDriver>
    let scans: AsyncStream<B9Core.ScannedCode>
    private let continuation: AsyncStream<B9Core.ScannedCode>.Continuation

    init(device: ManagedDevice<BarcodeScannerDriver>) {
        self.device = device
        (scans, continuation) = AsyncStream<B9Core.ScannedCode>.makeStream(bufferingPolicy: .bufferingNewest(64))
    }

    /// Passes a code from the device on.
    func deliver(_ code: B9Devices.ScannedCode) {
        continuation.yield(B9Core.ScannedCode(code: String(decoding: code.data, as: UTF8.self), symbology: code.symbology.map { "\($0)" }))
    }

    func finish() { continuation.finish() }
}
