import B9Intake
@testable import B9Terminal
import B9Core
import B9Devices
import B9ESCPOS
import B9Scale
import Foundation
import Logging
import Testing

/// The weighing role end to end: a simulated MT-SICS scale on a pty settles, the station prices
/// the weight from the catalog, prints a label with a GS1 price barcode on a loopback TCP printer
/// and leaves the `weighing.item.created` event in the outbox.
@Suite("Weighing station", .timeLimit(.minutes(5)))
struct WeighingStationTests {
    /// A network label printer on loopback that keeps everything it receives until the client closes.
    final class LabelPrinterStub: Sendable {
        let listener: LoopbackListener
        let received: Task<[UInt8], Never>

        init() async throws {
            let listener = try await LoopbackListener.start()
            self.listener = listener
            received = Task {
                var bytes: [UInt8] = []
                for await connection in listener.connections {
                    while let chunk = try? await connection.read(exactly: 1, timeout: .seconds(60)) { bytes += chunk }
                    await connection.close()
                    break
                }
                return bytes
            }
        }
    }

    static func configuration(scale: String, printer: DeviceAddress) async throws -> TerminalConfiguration {
        let reader = try await ConfigurationSources.reader(file: nil, overrides: [
            "role": "weighing", "store.id": "s1", "store.terminal_id": "scale-1",
            "devices.scale": "serial://\(scale)", "devices.scale_protocol": "mt-sics",
            "devices.printer": printer.description, "devices.printer_profile": "epson-tm-t20",
            "weighing.sku": "APPLE",
        ], environment: [:])
        return try TerminalConfiguration(config: reader)
    }

    @Test("A settled 1.234 kg of apples at 320.00/kg becomes a 394.88 label, barcode and outbox event")
    func weighLabelPublish() async throws {
        let test = try await TestStore(storeID: "s1", terminalID: "scale-1")
        defer { test.remove() }
        let host = try await ScaleSimulatorHost.start(
            ScaleSimulator(MTSICSProtocol(), script: try ScaleScript(parsing: "motion 1.100 kg x2\nstable 1.234 kg")))
        let printer = try await LabelPrinterStub()
        let outcome = await Result {
            let configuration = try await Self.configuration(scale: host.devicePath, printer: printer.listener.address)
            let weighing = try #require(configuration.weighing)
            let station = try WeighingStation(configuration: configuration, weighing: weighing, store: test.store,
                                              logger: Logger(label: "test"))
            return try await station.weighOnce(timeout: .seconds(60))
        }
        await host.stop()
        // Stop listening first: a label already printed is still delivered, and a run that printed
        // nothing ends here instead of waiting for a connection that never comes.
        await printer.listener.stop()
        let label = await printer.received.value
        let item = try #require(try outcome.get())

        #expect(item.sku == "APPLE")
        #expect(item.netWeight == "1.234")
        #expect(item.unit == "kg")
        #expect(item.unitPrice == 32_000)
        #expect(item.price == 39_488)  // 320.00 × 1.234 = 394.88 exactly
        #expect(item.currency == "BDT")
        let layout = try VariableMeasureLayout(prefixes: 20...20, itemDigits: 5, measureDigits: 5, hasVerifierDigit: false,
                                               measure: .price(decimals: 2))
        let decoded = try VariableMeasureBarcode.decode(item.barcode, layouts: [layout])
        #expect(decoded.itemReference == "00001")
        #expect(decoded.price == (try ExactDecimal(mantissa: 39_488, decimals: 2)))

        let document = ESCPOSDecoder(profile: .epsonTMT20).decode(label)
        let barcodes = document.elements.compactMap { element -> Barcode? in if case .barcode(let b) = element { b } else { nil } }
        #expect(barcodes.map(\.content) == [item.barcode])
        #expect(barcodes.first?.symbology == .ean13)
        #expect(String(decoding: label, as: UTF8.self).contains("394.88"))

        let events = try await test.store.pendingEvents()
        let event = try #require(events.last)
        #expect(event.type == "com.b9pos.weighing.item.created")
        #expect(event.topic == "b9pos/s1/scale-1/weighing/item/created")
        let envelope = try JSONDecoder().decode(CloudEvent<WeighedItemCreatedData>.self, from: Data(event.payload.utf8))
        #expect(envelope.data == item)
        #expect(envelope.source == "b9pos/s1/scale-1")
    }

    @Test("The weighing role names the missing key: weighing.sku, then the printer")
    func missingKeys() async throws {
        let base = ["role": "weighing", "store.id": "s1", "store.terminal_id": "scale-1",
                    "devices.scale": "serial:///dev/ttyUSB0", "devices.scale_protocol": "cas"]
        do {
            _ = try TerminalConfiguration(config: try await ConfigurationSources.reader(file: nil, overrides: base, environment: [:]))
            Issue.record("a weighing station without weighing.sku was accepted")
        } catch {
            #expect(error.key == "weighing.sku")
        }
        var withSKU = base
        withSKU["weighing.sku"] = "APPLE"
        let configuration = try TerminalConfiguration(config: try await ConfigurationSources.reader(file: nil, overrides: withSKU, environment: [:]))
        let test = try await TestStore()
        defer { test.remove() }
        do {
            _ = try WeighingStation(configuration: configuration, weighing: try #require(configuration.weighing), store: test.store,
                                    logger: Logger(label: "test"))
            Issue.record("a weighing station without a printer was accepted")
        } catch let error as ConfigurationError {
            #expect(error.key == "devices.printer")
        }
    }

    @Test("A product not sold by weight is refused before anything prints")
    func notByWeight() throws {
        let product = try Product(sku: "RICE", name: "Rice", barcodes: ["2000002000004"], category: "grocery", unit: .piece,
                                  unitPrice: Money(minorUnits: 41_000, currency: .bdt), vat: try VATClass(rateBasisPoints: 0, pricesIncludeVAT: true))
        #expect(throws: WeighingError.self) {
            _ = try WeighingLabel(product: product, weight: try Weight(parsing: "1.000", unit: .kilogram), rounding: .halfUp)
        }
    }
}
