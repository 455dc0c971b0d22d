@testable import B9Terminal
import B9Core
import B9TestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import PropertyBased
import Testing

/// Random JSON texts built from a seed: objects with the API's field names and random ones, values
/// of every JSON type including decimal-looking strings, huge numbers and deep nesting; sometimes
/// not JSON at all.
enum LocalAPIRandomJSON {
    static let names = [
        "code", "quantity", "kind", "value", "line", "tenders", "tender", "amount", "reference", "cashier",
        "saleID", "message", "text", "symbology", "", "x", "ü", "__proto__",
    ]
    static let strings = [
        "", "0", "1", "-1", "1.250", "1.2345", "0.001", "99999999999999999999", "abc", "cash", "card", "wallet:bKash",
        "credit:", "foreign:USD", "foreign:XXX", "percent", "amount", "none", "welcome", "item", "total", "change",
        "8901234567897", "RICE-5KG", "APPLE", "1e5", " 1", "NaN", "\u{0}", String(repeating: "9", count: 40),
    ]

    static func text(using random: inout SplitMix64) -> String {
        switch Int.random(in: 0..<20, using: &random) {
        case 0: return "not json {"
        case 1: return ""
        case 2: return value(depth: 0, using: &random)
        default: return object(depth: 0, using: &random)
        }
    }

    static func object(depth: Int, using random: inout SplitMix64) -> String {
        let count = Int.random(in: 0...5, using: &random)
        let fields = (0..<count).map { _ in
            let name = names.randomElement(using: &random) ?? "x"
            return "\(quoted(name)): \(value(depth: depth + 1, using: &random))"
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    static func value(depth: Int, using random: inout SplitMix64) -> String {
        switch Int.random(in: 0..<(depth > 3 ? 6 : 9), using: &random) {
        case 0: return "null"
        case 1: return Bool.random(using: &random) ? "true" : "false"
        case 2: return String(Int64.random(in: Int64.min...Int64.max, using: &random))
        case 3: return ["0", "-1", "1.5", "1e308", "-0", "18446744073709551616"].randomElement(using: &random) ?? "0"
        case 4, 5: return quoted(strings.randomElement(using: &random) ?? "")
        case 6: return "[" + (0..<Int.random(in: 0...3, using: &random)).map { _ in object(depth: depth + 1, using: &random) }.joined(separator: ",") + "]"
        default: return object(depth: depth + 1, using: &random)
        }
    }

    static func quoted(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite("Local API: random bodies never crash or answer 500", .cpuBound, .timeLimit(.minutes(5)))
struct LocalAPIFuzzTests {
    @Test("Random JSON bodies to every route that takes one")
    func randomBodies() async throws {
        let testStore = try await TestStore()
        defer { testStore.remove() }
        let receipts = testStore.folder.appendingPathComponent("receipts.txt").path
        let (devices, _) = SimulatedTillDevices.make(printer: FileReceiptPrinter(path: receipts), printerName: "file")
        let session = TillSession(store: testStore.store, policy: .standard, shop: .init(name: "Test"), devices: devices, events: EventBroadcaster())
        let token = "fuzz-token-0123456789abcdef"
        let routes = LocalAPIRoutes(session: session, events: session.events, role: "till", token: token, peerPolicy: PeerPolicy(group: nil), logger: testLogger)
        let app = Application(router: routes.router(), logger: testLogger)
        try await app.test(.router) { client in
            let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let created = try await client.execute(uri: "/carts", method: .post, headers: headers)
            let cart = try JSONDecoder().decode(CartView.self, from: Data(created.body.readableBytesView))
            _ = try await client.execute(uri: "/carts/\(cart.id)/lines", method: .post, headers: headers, body: ByteBuffer(string: #"{"code": "RICE-5KG"}"#))
            let targets: [(HTTPRequest.Method, String)] = [
                (.post, "/carts/\(cart.id)/lines"), (.patch, "/carts/\(cart.id)/lines/1"), (.put, "/carts/\(cart.id)/discount"),
                (.post, "/carts/\(cart.id)/checkout"), (.post, "/carts/missing/lines"), (.post, "/carts/missing/checkout"),
                (.post, "/devices/printer/reprint"), (.post, "/devices/display"), (.post, "/devices/scanner/scans"),
                (.post, "/devices/drawer/open"), (.post, "/carts"), (.delete, "/carts/missing/lines/1"),
            ]
            await propertyCheck(count: 150, input: Gen.int64(in: 0...Int64.max)) { seed in
                var random = SplitMix64(seed: UInt64(seed))
                for (method, path) in targets {
                    let body = LocalAPIRandomJSON.text(using: &random)
                    let response = try await client.execute(uri: path, method: method, headers: headers, body: ByteBuffer(string: body))
                    #expect(response.status.code < 500, "\(method) \(path) \(body) → \(response.status): \(String(buffer: response.body))")
                    if response.status.code >= 400 {
                        // Every refusal is a typed error.
                        let text = String(buffer: response.body)
                        #expect(text.hasPrefix("{\"error\":{\"code\":"), "\(method) \(path) \(body) → \(text)")
                    }
                }
                // Keep the cart count bounded: random POST /carts would otherwise fill the till.
                _ = try await client.execute(uri: "/carts/missing", method: .delete, headers: headers)
            }
        }
    }
}
