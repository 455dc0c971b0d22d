@testable import B9Terminal
import Foundation
import Synchronization

/// The local API calls the soak makes: a sale (a counted line, sometimes a weighed one read from
/// the scale, cash), then a scan on the serial scanner.
struct SoakAPI: Sendable {
    let port: Int
    private struct DeviceList: Decodable { let devices: [DeviceStatus] }
    private struct WeightView: Decodable { let kilograms: String }
    struct Refused: Error, CustomStringConvertible { let description: String }

    func call(_ method: String, _ path: String, _ body: String? = nil) async throws -> RawHTTPResponse {
        try await RawHTTPClient.send(
            to: .tcp(port), method: method, path: path,
            headers: ["Authorization: Bearer \(LocalAPITestServer.token)", "Content-Type: application/json"],
            body: body.map { Array($0.utf8) })
    }

    /// Each configured device's state by name (empty when the API does not answer).
    func deviceStates() async -> [String: String] {
        guard let answer = try? await call("GET", "/devices"),
              let list = try? JSONDecoder().decode(DeviceList.self, from: Data(answer.body)) else { return [:] }
        return Dictionary(list.devices.filter { $0.state != "not-configured" }.map { ($0.device, $0.state) }, uniquingKeysWith: { a, _ in a })
    }

    func ringSale(number: Int, lines: [String: SoakSerialLine], counters: TillFlapSoakTests.Counters) async throws {
        let opened = try await call("POST", "/carts")
        guard opened.status == 201 || opened.status == 200 else { throw Refused(description: "POST /carts \(opened.status) \(opened.text)") }
        let cart = try JSONDecoder().decode(CartView.self, from: Data(opened.body))
        let added = try await call("POST", "/carts/\(cart.id)/lines", #"{"code": "SOAP-100", "quantity": "\#(1 + number % 3)"}"#)
        guard added.status == 200 else { throw Refused(description: "add line \(added.status) \(added.text)") }
        if number % 4 == 0 {
            // The scale may be unplugged just now: then the sale goes on without the weighed line.
            let weighed = try await call("GET", "/devices/scale/weight")
            if weighed.status == 200, let weight = try? JSONDecoder().decode(WeightView.self, from: Data(weighed.body)) {
                let apple = try await call("POST", "/carts/\(cart.id)/lines", #"{"code": "APPLE", "quantity": "\#(weight.kilograms)"}"#)
                guard apple.status == 200 else { throw Refused(description: "weighed line \(apple.status) \(apple.text)") }
                counters.weighedSales.add(1, ordering: .relaxed)
            }
        }
        let paid = try await call("POST", "/carts/\(cart.id)/checkout", #"{"tenders": [{"tender": "cash", "amount": "5000.00"}]}"#)
        guard paid.status == 201 else { throw Refused(description: "checkout \(paid.status) \(paid.text)") }
        let checkout = try JSONDecoder().decode(CheckoutView.self, from: Data(paid.body))
        counters.outcomes.withLock { $0[checkout.print, default: 0] += 1 }
        if checkout.print == "printed" { counters.printedSales.withLock { $0.append(Int(checkout.sale.receiptNumber)) } }
        if let scanner = lines["scanner"], await scanner.send(Array((TillFlapSoakTests.code + "\r\n").utf8)) {
            counters.scansSent.add(1, ordering: .relaxed)
        }
    }
}
