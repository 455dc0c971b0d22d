import B9Core
import B9Devices
import B9ESCPOS
import B9Intake
import B9Scale
import Logging

/// The weighing role: takes a stable weight from the scale, prices it from the catalog, prints a
/// label with a GS1 variable-measure barcode and records a `com.b9pos.weighing.item.created` event
/// in the outbox (which the outbox publisher sends to the broker).
struct WeighingStation: Sendable {
    let store: BillingStore
    let billing: BillingPolicy
    let settings: WeighingSettings
    let scaleAddress: DeviceAddress
    let scaleProtocol: any ScaleProtocol
    let printerAddress: DeviceAddress
    let profile: PrinterProfile
    let logger: Logger
    /// Label bytes through the any-script path (Bengali product names print as raster).
    let encoder: StationTicketEncoder

    /// Builds the station from the configuration.
    /// - Throws: ``ConfigurationError`` when a device the role needs is not configured.
    init(configuration: TerminalConfiguration, weighing: WeighingSettings, store: BillingStore, logger: Logger) throws(ConfigurationError) {
        var scale: (DeviceAddress, any ScaleProtocol)?
        var printer: (DeviceAddress, PrinterProfile)?
        for target in configuration.devices.targets {
            switch target.kind {
            case .scale(let scaleProtocol): scale = (target.address, scaleProtocol)
            case .printer(let profile): printer = (target.address, profile)
            default: break
            }
        }
        guard let scale else {
            throw ConfigurationError(key: "devices.scale", expected: "the scale's serial:// address (role weighing)", found: nil)
        }
        guard let printer else {
            throw ConfigurationError(key: "devices.printer", expected: "the label printer's address (role weighing)", found: nil)
        }
        self.store = store
        self.billing = configuration.policy
        self.settings = weighing
        (scaleAddress, scaleProtocol) = scale
        (printerAddress, profile) = printer
        self.logger = logger
        encoder = StationTicketEncoder(profile: printer.1, purpose: "weighing labels", logger: logger)
    }

    /// Waits up to `timeout` for a stable weight, then labels it. Nil when no weight was released.
    func weighOnce(timeout: Duration) async throws -> WeighedItemCreatedData? {
        let line = try await openScaleLine()
        let reader = StableWeightReader(scaleProtocol: scaleProtocol, policy: settings.policy)
        let outcome = await reader.read(line, timeout: timeout)
        await line.close()
        switch outcome {
        case .failure(let failure):
            logger.debug("no stable weight", metadata: ["reason": "\(failure.message)"])
            return nil
        case .success(let weight):
            return try await label(weight)
        }
    }

    /// Prices and prints `weight` of the station's product and records the event.
    func label(_ weight: Weight) async throws -> WeighedItemCreatedData {
        guard let product = try await store.product(sku: settings.sku) else {
            throw WeighingError("weighing.sku \(settings.sku) is not in the catalog; import the catalog or fix the key")
        }
        let label = try WeighingLabel(product: product, weight: weight, rounding: billing.rounding)
        let bytes = try encoder.encode(try label.document())
        let transport = try await TransportFactory.open(printerAddress)
        do {
            try await transport.write(bytes, timeout: .seconds(10))
        } catch {
            await transport.close()
            throw error
        }
        await transport.close()
        let data = try await store.recordWeighedItem { itemID, createdAt in
            WeighedItemCreatedData(
                itemID: itemID, sku: product.sku, netWeight: "\(weight.amount)", tare: nil, unit: weight.unit.symbol,
                unitPrice: product.unitPrice.minorUnits, price: label.price.minorUnits, currency: label.price.currency.code,
                barcode: label.barcode, createdAt: createdAt)
        }
        logger.info("weighed item labelled", metadata: [
            "sku": "\(data.sku)", "weight": "\(weight)", "price": "\(label.price)", "barcode": "\(data.barcode)",
        ])
        return data
    }

    /// Whether the scale shows the pan emptied within `timeout` (zero, under zero or below the minimum).
    func panShowsEmpty(timeout: Duration) async throws -> Bool {
        let reader = StableWeightReader(scaleProtocol: scaleProtocol, policy: settings.policy)
        let line = try await openScaleLine()
        let emptied = await reader.panShowsEmpty(line, timeout: timeout)
        await line.close()
        return emptied
    }

    /// Opens the scale's serial line with the address's settings.
    func openScaleLine() async throws -> ScaleLine {
        guard case .serial(let path, let serial) = scaleAddress.location else {
            throw WeighingError("the scale must be a serial:// address, not \(scaleAddress)")
        }
        return try await ScaleLine.open(path: path, settings: try LineSettings(
            baudRate: serial.baudRate.bitsPerSecond, dataBits: serial.dataBits,
            parity: LineSettings.Parity(rawValue: serial.parity.description) ?? .none, stopBits: serial.stopBits))
    }
}
