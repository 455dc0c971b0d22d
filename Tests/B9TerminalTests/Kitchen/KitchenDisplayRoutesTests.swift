import B9Intake
@testable import B9Terminal
import B9Core
import Foundation
import HummingbirdWSClient
import Testing

@Suite("Kitchen display: local API routes and events", .timeLimit(.minutes(5)))
struct KitchenDisplayRoutesTests {
    /// What a WebSocket client saw, in order.
    actor Frames {
        private(set) var all: [String] = []
        func add(_ frame: String) { all.append(frame) }
    }

    @Test("Tickets list with table, waiter, items, modifiers, notes and course; bumps step along, skip to ready, and recall")
    func ticketsBumpAndRecall() async throws {
        var settings = KitchenDisplaySettings()
        settings.amberAfterSeconds = 45
        settings.redAfterSeconds = 90
        try await LocalAPITestServer.with(kitchen: settings) { server in
            try await KitchenDisplayTestOrders.receive(server.store, orderID: "order-a", table: "4")
            try await KitchenDisplayTestOrders.receive(server.store, orderID: "order-b", table: "7")

            let board = try await server.json(KitchenBoardView.self, "GET", "/kitchen/tickets")
            #expect(board.station == "kitchen-1")
            #expect(board.amberAfterSeconds == 45 && board.redAfterSeconds == 90)
            #expect(board.tickets.map(\.orderID) == ["order-a", "order-b"])
            let first = try #require(board.tickets.first)
            #expect(first.table == "4" && first.waiter == "Rahim" && first.course == 2 && first.notes == "birthday table")
            #expect(first.status == "accepted")
            #expect(first.items.first == .init(line: 1, quantity: "2", name: "Beef Bhuna", modifiers: ["no onion", "extra chilli"], notes: "allergy: nuts", voided: false))

            // One step at a time, then straight to bumped.
            #expect(try await server.json(KitchenTicketView.self, "POST", "/kitchen/tickets/order-a/bump").status == "preparing")
            #expect(try await server.json(KitchenTicketView.self, "POST", "/kitchen/tickets/order-a/bump").status == "ready")
            #expect(try await server.json(KitchenTicketView.self, "POST", "/kitchen/tickets/order-b/bump", json: #"{"status": "ready"}"#).status == "ready")
            #expect(try await server.json(KitchenTicketView.self, "POST", "/kitchen/tickets/order-a/bump").status == "bumped")
            #expect(try await server.json(KitchenBoardView.self, "GET", "/kitchen/tickets").tickets.map(\.orderID) == ["order-b"])

            // A step back, an unknown status or order, and a bump of a bumped ticket are refused.
            let back = try await server.request("POST", "/kitchen/tickets/order-b/bump", json: #"{"status": "preparing"}"#)
            #expect(back.status == 409)
            let bad = try await server.request("POST", "/kitchen/tickets/order-b/bump", json: #"{"status": "cooked"}"#)
            #expect(bad.status == 400 && bad.errorField == "status")
            #expect(try await server.request("POST", "/kitchen/tickets/nope/bump").status == 404)
            #expect(try await server.request("POST", "/kitchen/tickets/order-a/bump").status == 409)

            // Recall brings the last bumped ticket back; its next bump makes it ready again.
            let recalled = try await server.json(KitchenTicketView.self, "POST", "/kitchen/recall")
            #expect(recalled.orderID == "order-a" && recalled.status == "recalled")
            #expect(try await server.json(KitchenBoardView.self, "GET", "/kitchen/tickets").tickets.map(\.orderID) == ["order-a", "order-b"])
            #expect(try await server.json(KitchenTicketView.self, "POST", "/kitchen/tickets/order-a/bump").status == "ready")

            // Every change went to the outbox for the till, in order.
            let statuses = try await server.store.pendingEvents(limit: 100)
                .filter { $0.type == EventType.kitchenOrderStatusChanged && $0.payload.contains("order-a") }
                .compactMap { $0.payload.firstMatch(of: /"status":"([a-z]+)"/).map { String($0.1) } }
            #expect(statuses == ["accepted", "preparing", "ready", "bumped", "recalled", "ready"])

            // The page is served without the token, at /kitchen and (on a kitchen station) at /.
            for path in ["/kitchen", "/"] {
                let page = try await server.request("GET", path, token: nil)
                #expect(page.status == 200 && page.text.contains("<title>B9 kitchen</title>"))
            }
            #expect(try await server.request("GET", "/kitchen/tickets", token: nil).status == 401)
        }
    }

    @Test("A till station answers the kitchen routes with not-kitchen-station and serves the till page")
    func tillHasNoKitchenDisplay() async throws {
        try await LocalAPITestServer.with { server in
            let answer = try await server.request("GET", "/kitchen/tickets")
            #expect(answer.status == 409 && answer.errorCode == "not-kitchen-station")
            #expect(try await server.request("POST", "/kitchen/recall").errorCode == "not-kitchen-station")
            #expect(try await server.request("GET", "/", token: nil).text.contains("<title>B9 till</title>"))
        }
    }

    @Test("Bumped tickets and their status reach WebSocket clients")
    func ticketsReachWebSocket() async throws {
        try await LocalAPITestServer.with(kitchen: KitchenDisplaySettings()) { server in
            let port = try #require(server.port)
            let frames = Frames()
            let url = "ws://127.0.0.1:\(port)\(LocalAPIRoutes.eventsPath)?access_token=\(LocalAPITestServer.token)"
            try await WebSocketClient.connect(url: url, logger: testLogger) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    await frames.add(text)
                    if text.contains("\"type\":\"ready\"") {
                        try await KitchenDisplayTestOrders.receive(server.store, orderID: "order-ws")
                        _ = try await server.json(KitchenTicketView.self, "POST", "/kitchen/tickets/order-ws/bump")
                    }
                    if text.contains("\"type\":\"kitchen.ticket\"") { break }
                }
            }
            let all = await frames.all
            let ticket = try #require(all.first { $0.contains("\"type\":\"kitchen.ticket\"") })
            #expect(ticket.contains("\"orderID\":\"order-ws\"") && ticket.contains("\"status\":\"preparing\"") && ticket.contains("\"waiter\":\"Rahim\""))
            #expect(all.contains { $0.contains("\"type\":\"kitchen.status\"") && $0.contains("\"status\":\"preparing\"") })
        }
    }
}
