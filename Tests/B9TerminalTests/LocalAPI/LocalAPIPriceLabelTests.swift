@testable import B9Terminal
import B9Core
import B9Scale
import Testing

@Suite("Local API: weighing labels scanned at the till", .timeLimit(.minutes(5)))
struct LocalAPIPriceLabelTests {
    @Test("A label printed by the weighing station adds a line charged the label's price")
    func labelBecomesALine() async throws {
        try await LocalAPITestServer.with { server in
            let apple = try await server.store.product(code: "APPLE")
            // 1.2345 kg at 320.00/kg = 395.04; that price implies 1.2345 kg → 1.235 kg (W1), which
            // re-priced would be 395.20: the line must keep the label's 395.04.
            let label = try WeighingLabel(product: apple, weight: try Weight(parsing: "1.2345", unit: .kilogram), rounding: .halfUp)
            #expect(label.price.minorUnits == 39_504)
            let cart = try await server.json(CartView.self, "POST", "/carts")
            let view = try await server.json(CartView.self, "POST", "/carts/\(cart.id)/lines", json: #"{"code": "\#(label.barcode)"}"#)
            let line = try #require(view.lines.first)
            #expect(line.sku == "APPLE")
            #expect(line.quantity == "1.235")
            #expect(line.gross == "395.04")
            #expect(view.total == "395.04")
            // A second label of the same product is a line of its own; its quantity cannot be changed.
            let again = try await server.json(CartView.self, "POST", "/carts/\(cart.id)/lines", json: #"{"code": "\#(label.barcode)"}"#)
            #expect(again.lines.count == 2)
            #expect(again.total == "790.08")
            let change = try await server.request("PATCH", "/carts/\(cart.id)/lines/1", json: #"{"quantity": "2"}"#)
            #expect(change.status == 400)
            #expect(change.errorCode == "invalid-quantity")
            // The product's own barcode still adds the catalog product as before.
            let own = try await server.json(CartView.self, "POST", "/carts/\(cart.id)/lines", json: #"{"code": "2000001000005", "quantity": "0.500"}"#)
            #expect(own.lines.last?.gross == "160.00")
        }
    }

    @Test("Misread labels, labels of unknown items and labels with a quantity are refused")
    func refusals() async throws {
        try await LocalAPITestServer.with { server in
            let apple = try await server.store.product(code: "APPLE")
            let label = try WeighingLabel(product: apple, weight: try Weight(parsing: "0.500", unit: .kilogram), rounding: .halfUp)
            let cart = try await server.json(CartView.self, "POST", "/carts")
            let lines = "/carts/\(cart.id)/lines"
            // Wrong check digit.
            let last = try #require(label.barcode.last?.wholeNumberValue)
            let misread = String(label.barcode.dropLast()) + String((last + 1) % 10)
            let bad = try await server.request("POST", lines, json: #"{"code": "\#(misread)"}"#)
            #expect(bad.status == 400)
            #expect(bad.errorCode == "bad-check-digit")
            // An item reference no product carries.
            let unknownCode = try VariableMeasureBarcode.encode(
                VariableMeasureItem(prefix: 20, itemReference: "99999", price: try ExactDecimal(mantissa: 1_000, decimals: 2)),
                layout: try VariableMeasureLayout(prefixes: 20...20, itemDigits: 5, measureDigits: 5, hasVerifierDigit: false, measure: .price(decimals: 2)))
            let unknown = try await server.request("POST", lines, json: #"{"code": "\#(unknownCode)"}"#)
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "product-not-found")
            // A quantity with a label.
            let withQuantity = try await server.request("POST", lines, json: #"{"code": "\#(label.barcode)", "quantity": "2"}"#)
            #expect(withQuantity.status == 400)
            #expect(try await server.json(CartView.self, "GET", "/carts/\(cart.id)").lines.isEmpty)
        }
    }
}
