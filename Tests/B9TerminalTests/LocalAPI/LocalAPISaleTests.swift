@testable import B9Terminal
import B9Core
import Foundation
import Testing

@Suite("Local API: carts, checkout and receipts", .timeLimit(.minutes(5)))
struct LocalAPISaleTests {
    @Test("A sale rung through the API is in the store with its outbox events, printed, and previewable")
    func saleThroughTheAPI() async throws {
        try await LocalAPITestServer.with { server in
            let cart = try await server.json(CartView.self, "POST", "/carts")
            #expect(cart.lines.isEmpty)
            // By barcode, by SKU with a weighed quantity, then change and remove lines.
            _ = try await server.json(CartView.self, "POST", "/carts/\(cart.id)/lines", json: #"{"code": "8901234567897"}"#)
            _ = try await server.json(CartView.self, "POST", "/carts/\(cart.id)/lines", json: #"{"code": "APPLE", "quantity": "1.250"}"#)
            var view = try await server.json(CartView.self, "POST", "/carts/\(cart.id)/lines", json: #"{"code": "SOAP-100", "quantity": "2"}"#)
            #expect(view.lines.map(\.sku) == ["RICE-5KG", "APPLE", "SOAP-100"])
            #expect(view.lines[1].quantity == "1.250")
            view = try await server.json(CartView.self, "PATCH", "/carts/\(cart.id)/lines/3", json: #"{"quantity": "3"}"#)
            #expect(view.lines[2].quantity == "3.000")
            view = try await server.json(CartView.self, "DELETE", "/carts/\(cart.id)/lines/3")
            #expect(view.lines.count == 2)
            view = try await server.json(CartView.self, "PUT", "/carts/\(cart.id)/discount", json: #"{"kind": "percent", "value": "5", "line": 1}"#)
            #expect(view.discounts != "0.00")
            // 410.00 rice − 5 % (20.50) + 1.25 kg apples at 320.00 (400.00) = 789.50.
            #expect(view.total == "789.50")

            let paid = try await server.json(
                CheckoutView.self, "POST", "/carts/\(cart.id)/checkout",
                json: #"{"tenders": [{"tender": "cash", "amount": "1000.00"}], "cashier": "api-test"}"#
            )
            #expect(paid.sale.total == "789.50")
            #expect(paid.sale.change == "210.50")
            #expect(paid.print == "printed")

            let stored = try #require(try await server.store.sale(id: paid.sale.id))
            #expect(stored.lines.map(\.sku) == ["RICE-5KG", "APPLE"])
            #expect(stored.cashier == "api-test")
            let events = try await server.store.pendingEvents(limit: 100)
            #expect(events.contains { $0.type == EventType.saleCompleted && $0.payload.contains(paid.sale.id) })
            #expect(events.filter { $0.type == EventType.stockMoved }.count == 2)
            #expect(try await server.store.unconfirmedReceipts().isEmpty)
            #expect(try String(contentsOfFile: server.receiptsPath, encoding: .utf8).contains(paid.sale.id))

            let preview = try await server.request("GET", "/sales/\(paid.sale.id)/receipt")
            #expect(preview.status == 200)
            #expect(preview.headers["content-type"]?.hasPrefix("text/plain") == true)
            #expect(preview.text.contains("TOTAL BDT"))
            #expect(preview.text.contains("789.50"))

            // The cart is gone after checkout.
            #expect(try await server.request("GET", "/carts/\(cart.id)").status == 404)
            // Reprint marks a duplicate and records the outcome.
            let reprint = try await server.request("POST", "/devices/printer/reprint", json: #"{"saleID": "\#(paid.sale.id)"}"#)
            #expect(reprint.status == 200)
            #expect(try String(contentsOfFile: server.receiptsPath, encoding: .utf8).contains("DUPLICATE"))
        }
    }

    @Test("Business rules answer 409 with the billing code; unknown things 404")
    func businessRules() async throws {
        try await LocalAPITestServer.with { server in
            let cart = try await server.json(CartView.self, "POST", "/carts")
            let empty = try await server.request("POST", "/carts/\(cart.id)/checkout", json: #"{"tenders": [{"tender": "cash", "amount": "10.00"}]}"#)
            #expect(empty.status == 409)
            #expect(empty.errorCode == "empty-cart")
            let unknown = try await server.request("POST", "/carts/\(cart.id)/lines", json: #"{"code": "NO-SUCH-THING"}"#)
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "product-not-found")
            _ = try await server.json(CartView.self, "POST", "/carts/\(cart.id)/lines", json: #"{"code": "RICE-5KG"}"#)
            let tooMuch = try await server.request("PUT", "/carts/\(cart.id)/discount", json: #"{"kind": "percent", "value": "50"}"#)
            #expect(tooMuch.status == 409)
            #expect(tooMuch.errorCode == "discount-above-limit")
            let short = try await server.request("POST", "/carts/\(cart.id)/checkout", json: #"{"tenders": [{"tender": "cash", "amount": "10.00"}]}"#)
            #expect(short.status == 409)
            #expect(short.errorCode == "insufficient-payment")
            // Nothing was stored by the refused checkouts.
            #expect(try await server.store.saleCount() == 0)
            #expect(try await server.request("GET", "/carts/no-such-cart").status == 404)
            #expect(try await server.request("DELETE", "/carts/\(cart.id)/lines/99").status == 404)
            #expect(try await server.request("GET", "/sales/no-such-sale/receipt").status == 404)
            #expect(try await server.request("GET", "/no/such/route").status == 404)
        }
    }

    @Test("Bad bodies are refused 400 naming the field")
    func badBodies() async throws {
        try await LocalAPITestServer.with { server in
            let cart = try await server.json(CartView.self, "POST", "/carts")
            let lines = "/carts/\(cart.id)/lines"
            let cases: [(String, String, String, String)] = [
                ("POST", lines, "{}", "code"),
                ("POST", lines, #"{"code": 5}"#, "code"),
                ("POST", lines, #"{"code": "RICE-5KG", "quantity": "-1"}"#, "quantity"),
                ("POST", lines, #"{"code": "RICE-5KG", "quantity": "1.2345"}"#, "quantity"),
                ("POST", lines, #"{"code": "RICE-5KG", "quantity": 2}"#, "quantity"),
                ("POST", lines, "not json", "body"),
                ("POST", lines, "[1, 2]", "body"),
                ("POST", lines, #"{"code": "   "}"#, "code"),
                ("PATCH", "\(lines)/1", #"{"quantity": "abc"}"#, "quantity"),
                ("PATCH", "\(lines)/x", #"{"quantity": "1"}"#, "lineID"),
                ("PUT", "/carts/\(cart.id)/discount", #"{"kind": "half"}"#, "kind"),
                ("PUT", "/carts/\(cart.id)/discount", #"{"kind": "percent", "value": "ten"}"#, "value"),
                ("POST", "/carts/\(cart.id)/checkout", #"{"tenders": []}"#, "tenders"),
                ("POST", "/carts/\(cart.id)/checkout", #"{"tenders": [{"tender": "cash"}]}"#, "tenders[0].amount"),
                ("POST", "/carts/\(cart.id)/checkout", #"{"tenders": [{"tender": "cash", "amount": "abc"}]}"#, "tenders[0].amount"),
                ("POST", "/carts/\(cart.id)/checkout", #"{"tenders": [{"tender": "bitcoin", "amount": "1.00"}]}"#, "tenders[0].tender"),
                ("POST", "/devices/display", #"{"message": "total"}"#, "amount"),
                ("POST", "/devices/scanner/scans", #"{"code": ""}"#, "code"),
                ("POST", "/devices/printer/reprint", #"{"saleID": null}"#, "saleID"),
            ]
            for (method, path, body, field) in cases {
                let response = try await server.request(method, path, json: body)
                #expect(response.status == 400, "\(method) \(path) \(body): \(response.text)")
                #expect(response.errorCode == "invalid-field", "\(method) \(path) \(body)")
                #expect(response.errorField == field, "\(method) \(path) \(body): \(response.text)")
            }
        }
    }

    @Test("Device endpoints go through the ports: drawer, display, scale, device status")
    func devices() async throws {
        try await LocalAPITestServer.with { server in
            let before = try await server.request("GET", "/devices")
            #expect(before.status == 200)
            #expect(before.text.contains("\"device\":\"drawer\""))
            #expect(try await server.request("POST", "/devices/drawer/open").status == 204)
            let display = try #require(server.session.devices.display?.port as? SimulatedDisplay)
            // Ringing an item shows it with its unit price.
            let cart = try await server.json(CartView.self, "POST", "/carts")
            _ = try await server.json(CartView.self, "POST", "/carts/\(cart.id)/lines", json: #"{"code": "OIL-1L", "quantity": "2"}"#)
            #expect(await display.last == .item(name: "Soybean oil 1 l", price: Money(minorUnits: 18_500, currency: .bdt)))
            #expect(try await server.request("POST", "/devices/display", json: #"{"message": "total", "amount": "12.50"}"#).status == 204)
            #expect(await display.last == .total(Money(minorUnits: 1_250, currency: .bdt)))
            await server.scale.set(grams: 2_345)
            let weight = try await server.request("GET", "/devices/scale/weight")
            #expect(weight.status == 200)
            #expect(weight.text.contains("\"grams\":2345"))
            #expect(weight.text.contains("\"kilograms\":\"2.345\""))
            let after = try await server.request("GET", "/devices")
            #expect(after.text.contains("{\"device\":\"drawer\",\"name\":\"simulated drawer\",\"state\":\"ready\"}"))
        }
    }
}
