import B9Intake
@testable import B9Terminal
import B9Core
import B9Devices
import Foundation
import Testing

/// A sale rung through the local API of a `b9terminal run` process reaches a subscriber on a real
/// mosquitto as one `sale.completed` event and one `stock.moved` event per stock-tracked line, with
/// the ids, amounts and quantities the API answered.
@Suite("Local API sale to MQTT events, end to end", .serialized, .timeLimit(.minutes(5)))
struct LocalAPISaleEventsEndToEndTests {
    private struct Envelope: Decodable {
        let id: String
        let type: String
        let source: String
        let data: [String: JSONValue]
    }

    /// Enough of JSON to read the fields checked here.
    private enum JSONValue: Decodable, Equatable {
        case text(String), number(Int64), other
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) { self = .text(text) }
            else if let number = try? container.decode(Int64.self) { self = .number(number) }
            else { self = .other }
        }
    }

    @Test("a sale through the API is published as sale.completed and stock.moved, once each")
    func apiSaleIsPublished() async throws {
        let broker = try await MosquittoBroker()
        let printer = try await PrinterSimulator.onLoopback()
        let seeded = try await TestStore()
        defer { seeded.remove() }
        let observer = try MQTTClient(configuration: testClientConfiguration(port: broker.port, clientID: "api-sale-observer"), logger: testLogger)
        let collector = MessageCollector(observer)
        try observer.subscribe("b9pos/s1/#")
        try observer.start()
        // Bounded waits throughout: a broken run fails with what it saw instead of hanging.
        try #require(await eventually(timeout: .seconds(60)) { observer.isConnected }, "the observer never reached the broker")
        #expect(try await waitUntilSubscribed(collector, port: broker.port, probeTopic: "b9pos/s1/test/probe"))

        let till = try await TillDaemonTestProcess.start(store: seeded, yaml: """
            metrics: {listen: none}
            mqtt: {host: 127.0.0.1, port: \(broker.port), keepalive_seconds: 5}
            devices: {printer: "\(await printer.address)"}
            """)
        defer { till.kill() }
        @Sendable func log() -> String { till.log }
        @Sendable func call(_ method: String, _ path: String, _ body: String? = nil) async throws -> RawHTTPResponse {
            try await till.call(method, path, body)
        }

        let cart = try JSONDecoder().decode(CartView.self, from: Data(try await call("POST", "/carts").body))
        #expect(try await call("POST", "/carts/\(cart.id)/lines", #"{"code": "SOAP-100", "quantity": "3"}"#).status == 200)
        let paid = try await call("POST", "/carts/\(cart.id)/checkout", #"{"tenders": [{"tender": "cash", "amount": "500.00"}]}"#)
        #expect(paid.status == 201, "\(paid.text)")
        let sale = try JSONDecoder().decode(CheckoutView.self, from: Data(paid.body)).sale

        let saleTopic = "b9pos/s1/till-1/sale/completed"
        let stockTopic = "b9pos/s1/till-1/stock/moved"
        let arrived = await eventually(timeout: .seconds(60)) {
            let sales = await collector.messages(on: saleTopic)
            let moves = await collector.messages(on: stockTopic)
            return !sales.isEmpty && !moves.isEmpty
        }
        #expect(arrived, "log: \(log())")
        // Give a duplicate the time to show up before counting.
        try await Task.sleep(for: .seconds(1))
        let sales = try await collector.messages(on: saleTopic).map { try JSONDecoder().decode(Envelope.self, from: Data($0.payload)) }
        let moves = try await collector.messages(on: stockTopic).map { try JSONDecoder().decode(Envelope.self, from: Data($0.payload)) }
        try #require(sales.count == 1, "one sale.completed event, got \(sales.count)")
        #expect(sales[0].type == "com.b9pos.sale.completed")
        #expect(sales[0].source == "b9pos/s1/till-1")
        #expect(sales[0].data["id"] == .text(sale.id))
        #expect(sales[0].data["receiptNumber"] == .number(sale.receiptNumber))
        let due = try #require(Decimal(string: sale.amountDue))
        #expect(sales[0].data["amountDue"] == .number(NSDecimalNumber(decimal: due * 100).int64Value))
        try #require(moves.count == 1, "one stock.moved event for the one line, got \(moves.count)")
        #expect(moves[0].type == "com.b9pos.stock.moved")
        #expect(moves[0].data["sku"] == .text("SOAP-100"))
        guard case .text(let quantity)? = moves[0].data["quantity"] else {
            Issue.record("stock.moved without a quantity text")
            return
        }
        #expect(Decimal(string: quantity) == -3, "3 pieces left the stock: \(quantity)")
        #expect(moves[0].data["reason"] == .text("sale"))
        #expect(moves[0].data["reference"] == .text(sale.id))
        #expect(Set(sales.map(\.id) + moves.map(\.id)).count == 2, "every event has its own id")

        let status = await till.stop()
        #expect(status == 0, "the till did not stop cleanly within 60 s of SIGTERM (\(status.map(String.init) ?? "still running")); log: \(log())")
        await observer.stop()
        await printer.shutdown()
    }
}
