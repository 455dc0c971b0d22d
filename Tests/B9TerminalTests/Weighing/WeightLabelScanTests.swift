import B9Intake
@testable import B9Terminal
import B9Core
import B9Scale
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Weight labels scanned at the till (W2)", .timeLimit(.minutes(5)))
struct WeightLabelScanTests {
    static let token = "weight-label-token-0123456789"
    static let pearGTIN13 = "950110153000" + String(GS1CheckDigit.standard("950110153000") ?? 0)

    static func weightLayout(_ prefix: Int) throws -> VariableMeasureLayout {
        try VariableMeasureLayout(prefixes: prefix...prefix, itemDigits: 5, measureDigits: 5, hasVerifierDigit: false, measure: .weight(.kilogram, decimals: 3))
    }

    /// A `2P IIIII WWWWW C` weight label, encoded by the GS1 codec.
    static func label(prefix: Int = 23, item: String, grams: Int64) throws -> String {
        try VariableMeasureBarcode.encode(
            VariableMeasureItem(prefix: prefix, itemReference: item, weight: try Weight(mantissa: grams, decimals: 3, unit: .kilogram)),
            layout: try weightLayout(prefix))
    }

    /// A GS1-128 element string with the GTIN (01) and net weight (310n).
    static func elementString(gtin14: String, weight: Weight) throws -> String {
        "]C1" + (try GS1ElementString.encode([.gtin(gtin14), .netWeight(weight)]))
    }

    static func body(_ code: String, quantity: String? = nil) -> ByteBuffer {
        var object = ["code": code]
        if let quantity { object["quantity"] = quantity }
        return ByteBuffer(bytes: (try? JSONEncoder().encode(object)) ?? Data())
    }

    /// The local API routes of a till configured with `labels.weight_prefixes: [23]`, with a pear (kg, 240.00,
    /// 7-digit weight code 2300001 and a GTIN) and screws (pieces, 2300002) added to the sample catalog.
    static func withTill(_ body: @escaping @Sendable (any TestClientProtocol, HTTPFields) async throws -> Void) async throws {
        let testStore = try await TestStore()
        defer { testStore.remove() }
        let pear = try Product(sku: "PEAR", name: "Pear", barcodes: ["2300001", pearGTIN13], unit: .kilogram,
                               unitPrice: Money(minorUnits: 24_000, currency: .bdt), vat: try VATClass(rateBasisPoints: 0, pricesIncludeVAT: true))
        let screws = try Product(sku: "SCREWS", name: "Screws", barcodes: ["2300002"], unit: .piece,
                                 unitPrice: Money(minorUnits: 500, currency: .bdt), vat: try VATClass(rateBasisPoints: 0, pricesIncludeVAT: true))
        try await testStore.store.importCatalog([pear, screws], source: "test", digest: "0")
        let reader = try await ConfigurationSources.reader(file: nil, overrides: [:], environment: ["B9TERMINAL_LABELS_WEIGHT_PREFIXES": "23"])
        let settings = try ShopSettings(config: reader)
        #expect(settings.weightLabelPrefixes == [23])
        let receipts = testStore.folder.appendingPathComponent("receipts.txt").path
        let (devices, _) = SimulatedTillDevices.make(printer: FileReceiptPrinter(path: receipts), printerName: "file")
        let session = TillSession(store: testStore.store, policy: .standard, shop: .init(name: "Test"), devices: devices, events: EventBroadcaster(), settings: settings)
        let routes = LocalAPIRoutes(session: session, events: session.events, role: "till", token: token, peerPolicy: PeerPolicy(group: nil), logger: testLogger)
        let app = Application(router: routes.router(), logger: testLogger)
        try await app.test(.router) { client in
            try await body(client, [.authorization: "Bearer \(token)", .contentType: "application/json"])
        }
    }

    static func errorCode(_ response: TestResponse) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        return (object?["error"] as? [String: Any])?["code"] as? String
    }

    @Test("An EAN-13 weight label and a GS1-128 net weight become lines of that weight at the catalog price")
    func labelsBecomeLines() async throws {
        try await Self.withTill { client, headers in
            let created = try await client.execute(uri: "/carts", method: .post, headers: headers)
            let cart = try JSONDecoder().decode(CartView.self, from: Data(created.body.readableBytesView))
            let lines = "/carts/\(cart.id)/lines"
            // 1.235 kg at 240.00/kg = 296.40.
            let ean = try Self.label(item: "00001", grams: 1_235)
            let first = try await client.execute(uri: lines, method: .post, headers: headers, body: Self.body(ean))
            #expect(first.status == .ok, "\(String(buffer: first.body))")
            let view = try JSONDecoder().decode(CartView.self, from: Data(first.body.readableBytesView))
            #expect(view.lines.first?.sku == "PEAR")
            #expect(view.lines.first?.quantity == "1.235")
            #expect(view.lines.first?.gross == "296.40")
            // The label's weight is the line's: no changing it by hand.
            let change = try await client.execute(uri: "\(lines)/1", method: .patch, headers: headers, body: ByteBuffer(string: #"{"quantity": "2"}"#))
            #expect(change.status == .badRequest)
            #expect(Self.errorCode(change) == "invalid-quantity")
            // GS1-128: GTIN-14 0 + GTIN-13, AI 3103 0.987 kg → 236.88 (0.987 × 240 = 236.88).
            let gs1 = try Self.elementString(gtin14: "0" + Self.pearGTIN13, weight: try Weight(mantissa: 987, decimals: 3, unit: .kilogram))
            #expect(gs1.contains("3103000987"))
            let second = try await client.execute(uri: lines, method: .post, headers: headers, body: Self.body(gs1))
            #expect(second.status == .ok, "\(String(buffer: second.body))")
            let both = try JSONDecoder().decode(CartView.self, from: Data(second.body.readableBytesView))
            #expect(both.lines.count == 2)
            #expect(both.lines.last?.gross == "236.88")
            #expect(both.total == "533.28")
            // DataBar symbology identifier ]e0 and AI 3102 (two decimals) read the same way: 0.50 kg → 120.00.
            let databar = "]e0" + (try GS1ElementString.encode([.gtin("0" + Self.pearGTIN13), .netWeight(try Weight(mantissa: 50, decimals: 2, unit: .kilogram))]))
            let third = try await client.execute(uri: lines, method: .post, headers: headers, body: Self.body(databar))
            #expect(third.status == .ok, "\(String(buffer: third.body))")
            #expect(try JSONDecoder().decode(CartView.self, from: Data(third.body.readableBytesView)).lines.last?.gross == "120.00")
            // A 20-prefix code is still a price label (W1), not a weight: the sample apple at its label price.
            let price = try VariableMeasureBarcode.encode(
                VariableMeasureItem(prefix: 20, itemReference: "00001", price: try ExactDecimal(mantissa: 10_000, decimals: 2)),
                layout: try VariableMeasureLayout(prefixes: 20...20, itemDigits: 5, measureDigits: 5, hasVerifierDigit: false, measure: .price(decimals: 2)))
            let priced = try await client.execute(uri: lines, method: .post, headers: headers, body: Self.body(price))
            #expect(try JSONDecoder().decode(CartView.self, from: Data(priced.body.readableBytesView)).lines.last?.gross == "100.00")
            // The checkout charges what the view showed.
            let total = Int64(53_328 + 12_000 + 10_000)
            let paid = try await client.execute(uri: "/carts/\(cart.id)/checkout", method: .post, headers: headers,
                                                body: ByteBuffer(string: #"{"tenders": [{"tender": "card", "amount": "\#(DecimalText.format(total, scale: 2))"}]}"#))
            #expect(paid.status == .created, "\(String(buffer: paid.body))")
            #expect(String(buffer: paid.body).contains("\"total\":\"753.28\""))
        }
    }

    @Test("Unknown items, items not sold by weight, misread check digits and quantities are refused with typed errors")
    func refusals() async throws {
        try await Self.withTill { client, headers in
            let created = try await client.execute(uri: "/carts", method: .post, headers: headers)
            let cart = try JSONDecoder().decode(CartView.self, from: Data(created.body.readableBytesView))
            let lines = "/carts/\(cart.id)/lines"
            func refused(_ code: String, quantity: String? = nil) async throws -> (Int, String?) {
                let response = try await client.execute(uri: lines, method: .post, headers: headers, body: Self.body(code, quantity: quantity))
                return (Int(response.status.code), Self.errorCode(response))
            }
            let unknown = try await refused(try Self.label(item: "00009", grams: 500))
            #expect(unknown == (404, "product-not-found"))
            let screws = try await refused(try Self.label(item: "00002", grams: 500))
            #expect(screws == (400, "incompatible-units"))
            let good = try Self.label(item: "00001", grams: 500)
            let last = try #require(good.last?.wholeNumberValue)
            let misread = try await refused(String(good.dropLast()) + String((last + 3) % 10))
            #expect(misread == (400, "bad-check-digit"))
            let withQuantity = try await refused(good, quantity: "2")
            #expect(withQuantity.0 == 400)
            // A GTIN with a wrong check digit, an unknown GTIN, and an element string without a weight.
            let badGTIN = "]C101" + "0" + String(Self.pearGTIN13.dropLast()) + String(((Self.pearGTIN13.last?.wholeNumberValue ?? 0) + 1) % 10) + "3103000500"
            #expect(try await refused(badGTIN) == (400, "bad-check-digit"))
            let other = "0" + "950110153001" + String(GS1CheckDigit.standard("0950110153001") ?? 0)
            let unknownGTIN = try Self.elementString(gtin14: other, weight: try Weight(mantissa: 500, decimals: 3, unit: .kilogram))
            #expect(try await refused(unknownGTIN) == (404, "product-not-found"))
            let noWeight = "]C1" + (try GS1ElementString.encode([.gtin("0" + Self.pearGTIN13), .batch("L42")]))
            #expect(try await refused(noWeight) == (400, "invalid-label"))
            // AI 3105 finer than a gram.
            let fine = try Self.elementString(gtin14: "0" + Self.pearGTIN13, weight: try Weight(mantissa: 12_345, decimals: 5, unit: .kilogram))
            #expect(try await refused(fine) == (400, "invalid-label"))
            let view = try await client.execute(uri: "/carts/\(cart.id)", method: .get, headers: headers)
            #expect(try JSONDecoder().decode(CartView.self, from: Data(view.body.readableBytesView)).lines.isEmpty)
        }
    }

    @Test("Weight labels decode to the weight in grams and the product's codes")
    func decoding() throws {
        let scan = try WeightLabelScan(try Self.label(item: "00001", grams: 2_500), weightPrefixes: [23])
        #expect(scan.kilograms == Quantity(thousandths: 2_500))
        #expect(scan.productCodes.contains("2300001"))
        #expect(WeightLabelScan.isCandidate(try Self.label(item: "00001", grams: 1), weightPrefixes: [23]))
        #expect(!WeightLabelScan.isCandidate(try Self.label(prefix: 24, item: "00001", grams: 1), weightPrefixes: [23]))
        #expect(!WeightLabelScan.isCandidate("8901234567897", weightPrefixes: [23]))
        #expect(!WeightLabelScan.isCandidate("0" + Self.pearGTIN13, weightPrefixes: [23]))
        let gs1 = try WeightLabelScan("01" + "0" + Self.pearGTIN13 + "3103001250", weightPrefixes: [])
        #expect(gs1.kilograms == Quantity(thousandths: 1_250))
        #expect(gs1.productCodes == ["0" + Self.pearGTIN13, Self.pearGTIN13])
        let upc = try WeightLabelScan("01" + "00" + "61414100003" + String(GS1CheckDigit.standard("0061414100003") ?? 0) + "3103001250", weightPrefixes: [])
        #expect(upc.productCodes.count == 3)
    }
}
