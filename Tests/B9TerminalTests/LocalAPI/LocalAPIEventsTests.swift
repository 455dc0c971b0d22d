@testable import B9Terminal
import B9Core
import Foundation
import HummingbirdWSClient
import Logging
import Testing

@Suite("Local API: WebSocket events", .timeLimit(.minutes(5)))
struct LocalAPIEventsTests {
    /// What a WebSocket client saw, in order.
    actor Frames {
        private(set) var all: [String] = []
        func add(_ frame: String) { all.append(frame) }
    }

    @Test("A WebSocket client receives a scan from the simulated scanner, and the cart changes")
    func scanReachesWebSocket() async throws {
        try await LocalAPITestServer.with { server in
            let port = try #require(server.port)
            let frames = Frames()
            let url = "ws://127.0.0.1:\(port)\(LocalAPIRoutes.eventsPath)?access_token=\(LocalAPITestServer.token)"
            try await WebSocketClient.connect(url: url, logger: testLogger) { inbound, _, _ in
                var fedScan = false
                var sawCart = false
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    await frames.add(text)
                    if text.contains("\"type\":\"ready\""), !fedScan {
                        fedScan = true
                        // Subscribed: now scan, and change a cart.
                        let scan = try await server.request("POST", "/devices/scanner/scans", json: #"{"code": "8901234567897", "symbology": "EAN-13"}"#)
                        #expect(scan.status == 202)
                        _ = try await server.json(CartView.self, "POST", "/carts")
                    }
                    if text.contains("\"type\":\"cart.changed\"") { sawCart = true }
                    if sawCart, await frames.all.contains(where: { $0.contains("\"type\":\"scan\"") }) { break }
                }
            }
            let all = await frames.all
            #expect(all.first == #"{"data":{},"type":"ready"}"#)
            #expect(all.contains(#"{"data":{"code":"8901234567897","symbology":"EAN-13"},"type":"scan"}"#))
        }
    }

    @Test("A WebSocket client without the token is refused")
    func webSocketNeedsToken() async throws {
        try await LocalAPITestServer.with { server in
            let port = try #require(server.port)
            let connected = Frames()
            do {
                try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)\(LocalAPIRoutes.eventsPath)?access_token=wrong-token-000000", logger: testLogger) { _, _, _ in
                    await connected.add("connected")
                }
            } catch {
                // Refused upgrade: the client reports it as an error.
            }
            #expect(await connected.all.isEmpty)
            let plain = try await server.request("GET", LocalAPIRoutes.eventsPath, token: nil)
            #expect(plain.status == 401)
        }
    }

    @Test("The broadcaster delivers to every subscriber and ends streams on finish")
    func broadcaster() async throws {
        let broadcaster = EventBroadcaster()
        let (firstID, first) = await broadcaster.subscribe()
        let (_, second) = await broadcaster.subscribe()
        #expect(await broadcaster.subscriberCount == 2)
        await broadcaster.publish(.weight(grams: 1_500))
        await broadcaster.unsubscribe(firstID)
        await broadcaster.publish(.kitchenStatus(orderID: "o1", station: "grill", status: "ready"))
        await broadcaster.finish()
        var firstEvents: [LocalAPIEvent] = []
        for await event in first { firstEvents.append(event) }
        var secondEvents: [LocalAPIEvent] = []
        for await event in second { secondEvents.append(event) }
        #expect(firstEvents == [.weight(grams: 1_500)])
        #expect(secondEvents == [.weight(grams: 1_500), .kitchenStatus(orderID: "o1", station: "grill", status: "ready")])
        #expect(LocalAPIEvent.weight(grams: 1_500).json == #"{"data":{"grams":1500,"kilograms":"1.500"},"type":"weight"}"#)
    }
}
