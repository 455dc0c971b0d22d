import B9Intake
@testable import B9Terminal
import B9Core
import Foundation
import Testing

@Suite("Local API: restaurant tables, tabs, kitchen and tab payment", .timeLimit(.minutes(5)))
struct LocalAPIRestaurantRoutesTests {
    /// A restaurant with a 10 % service charge (no VAT on it); drinks go to the bar, the rest to the kitchen.
    static func restaurant(routing: KitchenRouting? = KitchenRouting(stations: ["drinks": "bar-1"], defaultStation: "kitchen-1")) throws -> ShopSettings {
        let rules = ShopRules(variant: .restaurant)
        let charge = try ServiceChargeRule(basisPoints: 1_000, vat: try VATClass(rateBasisPoints: 0, pricesIncludeVAT: false))
        return ShopSettings(pricing: try ShopPricing(rules: rules, serviceCharge: charge), weightLabelPrefixes: [], kitchenRouting: routing)
    }

    static func addTables(_ server: LocalAPITestServer, settings: ShopSettings) async throws {
        try await server.store.addDiningTable(id: "T1", name: "Table 1", seats: 4, rules: settings.rules)
        try await server.store.addDiningTable(id: "T2", name: "Table 2", seats: 2, rules: settings.rules)
    }

    struct Tables: Decodable { let tables: [TableView] }

    /// The `data` of the kitchen-order events among the outbox's pending events.
    static func kitchenOrders(_ store: BillingStore) async throws -> [KitchenOrderData] {
        struct Envelope: Decodable { let data: KitchenOrderData }
        return try await store.pendingEvents(limit: 1_000)
            .filter { $0.type == EventType.kitchenOrderCreated }
            .map { try JSONDecoder().decode(Envelope.self, from: Data($0.payload.utf8)).data }
    }

    @Test("A tab's two categories go to two stations through the outbox; sending again sends nothing; paying commits the sale and frees the table")
    func tabToKitchenAndPaid() async throws {
        let settings = try Self.restaurant()
        try await LocalAPITestServer.with(settings: settings) { server in
            try await Self.addTables(server, settings: settings)
            let free = try await server.json(Tables.self, "GET", "/tables")
            #expect(free.tables.map(\.id) == ["T1", "T2"])
            #expect(free.tables.allSatisfy { $0.status == "free" && $0.tabID == nil })

            let opened = try await server.request("POST", "/tables/T1/tab", json: #"{"waiter": "Rina", "covers": 2}"#)
            #expect(opened.status == 201)
            let tab = try JSONDecoder().decode(TabView.self, from: Data(opened.body))
            #expect(tab.table == "T1" && tab.waiter == "Rina" && tab.covers == 2)
            // The same table cannot be opened twice.
            #expect(try await server.request("POST", "/tables/T1/tab", json: "{}").status == 409)

            _ = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines",
                                      json: #"{"code": "BIRYANI", "course": 2, "modifiers": ["extra egg"], "notes": "no onion"}"#)
            let withLines = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines", json: #"{"code": "BORHANI", "quantity": "2"}"#)
            #expect(withLines.kitchen.map(\.course) == [2, 1])
            #expect(withLines.kitchen.first?.modifiers == ["extra egg"])
            #expect(withLines.kitchen.first?.notes == "no onion")
            #expect(withLines.kitchen.allSatisfy { $0.kitchenOrderID == nil })
            // 350.00 + 2 × 60.00 = 470.00, plus the 10 % service charge, 47.00.
            #expect(withLines.bill.lines.map(\.sku) == ["BIRYANI", "BORHANI", "SERVICE-CHARGE"])
            #expect(withLines.bill.totalMinorUnits == 51_700)

            let seated = try await server.json(Tables.self, "GET", "/tables")
            let table = try #require(seated.tables.first { $0.id == "T1" })
            #expect(table.status == "occupied" && table.tabID == tab.id && table.waiter == "Rina" && table.covers == 2)

            let before = try await Self.kitchenOrders(server.store)
            #expect(before.isEmpty)
            let sent = try await server.json(KitchenSendView.self, "POST", "/tabs/\(tab.id)/kitchen", json: #"{"notes": "birthday"}"#)
            #expect(sent.orders.count == 2)
            let orders = try await Self.kitchenOrders(server.store)
            #expect(orders.count == 2)
            let byStation = Dictionary(uniqueKeysWithValues: orders.map { ($0.station, $0) })
            #expect(Set(byStation.keys) == ["kitchen-1", "bar-1"])
            #expect(byStation["kitchen-1"]?.items.map(\.sku) == ["BIRYANI"])
            #expect(byStation["kitchen-1"]?.items.first?.modifiers == ["extra egg"])
            #expect(byStation["kitchen-1"]?.course == 2)
            #expect(byStation["bar-1"]?.items.map(\.sku) == ["BORHANI"])
            #expect(byStation["bar-1"]?.items.first?.category == "drinks")
            #expect(orders.allSatisfy { $0.saleID == tab.id && $0.table == "T1" && $0.waiter == "Rina" && $0.notes == "birthday" })
            #expect(Set(sent.orders.map(\.orderID)) == Set(orders.map(\.orderID)))
            #expect(sent.tab.kitchen.allSatisfy { $0.kitchenOrderID != nil })

            // Nothing unsent: nothing new in the outbox.
            let again = try await server.json(KitchenSendView.self, "POST", "/tabs/\(tab.id)/kitchen")
            #expect(again.orders.isEmpty)
            #expect(try await Self.kitchenOrders(server.store).count == 2)

            let paid = try await server.request("POST", "/tabs/\(tab.id)/checkout", json: #"{"tenders": [{"tender": "cash", "amount": "600.00"}], "cashier": "t"}"#)
            #expect(paid.status == 201, "\(paid.text)")
            let result = try JSONDecoder().decode(CheckoutView.self, from: Data(paid.body))
            #expect(result.sale.id == tab.id)
            #expect(result.sale.total == "517.00")
            #expect(result.sale.change == "83.00")
            #expect(result.print == "printed")
            let sale = try #require(try await server.store.sale(id: tab.id))
            #expect(sale.grandTotal == 51_700)
            #expect(sale.lines.map(\.sku) == ["BIRYANI", "BORHANI", "SERVICE-CHARGE"])
            let receipts = try String(contentsOfFile: server.receiptsPath, encoding: .utf8)
            #expect(receipts.contains("517.00"))

            let after = try await server.json(Tables.self, "GET", "/tables")
            let freed = try #require(after.tables.first { $0.id == "T1" })
            #expect(freed.status == "needs-cleaning" && freed.tabID == nil)
            #expect(try await server.request("GET", "/tabs/\(tab.id)").status == 404)
            #expect(try await server.request("POST", "/tabs/\(tab.id)/checkout", json: #"{"tenders": [{"tender": "cash", "amount": "600.00"}]}"#).status == 404)
            // Cleared, the table is free for the next guests.
            #expect(try await server.request("POST", "/tables/T1/clean").status == 204)
            #expect(try await server.request("POST", "/tables/T1/clean").status == 409)
            #expect(try await server.json(Tables.self, "GET", "/tables").tables.first?.status == "free")
        }
    }

    @Test("A shop without tables answers 409 no-tables on every restaurant route")
    func notRestaurant() async throws {
        try await LocalAPITestServer.with { server in
            let requests: [(String, String, String?)] = [
                ("GET", "/tables", nil),
                ("POST", "/tables/T1/tab", #"{"waiter": "Rina"}"#),
                ("GET", "/tabs/abc", nil),
                ("POST", "/tabs/abc/lines", #"{"code": "BIRYANI"}"#),
                ("POST", "/tabs/abc/kitchen", nil),
                ("POST", "/tabs/abc/checkout", #"{"tenders": [{"tender": "cash", "amount": "1.00"}]}"#),
                ("POST", "/tables/T1/clean", nil),
                ("POST", "/tabs/abc/transfer", #"{"table": "T2"}"#),
                ("POST", "/tabs/abc/merge", #"{"into": "def"}"#),
                ("POST", "/tabs/abc/bill", nil),
                ("POST", "/tabs/abc/lines/1/void", #"{"reason": "dropped"}"#),
            ]
            for (method, path, body) in requests {
                let response = try await server.request(method, path, json: body)
                #expect(response.status == 409, "\(method) \(path)")
                #expect(response.errorCode == "no-tables", "\(method) \(path)")
            }
        }
    }

    @Test("Without kitchen routes a tab is refused at the kitchen (409), and malformed lines are 400s naming the field")
    func noKitchenAndBadBodies() async throws {
        let settings = try Self.restaurant(routing: nil)
        try await LocalAPITestServer.with(settings: settings) { server in
            try await Self.addTables(server, settings: settings)
            let tab = try await server.json(TabView.self, "POST", "/tables/T2/tab", json: #"{"covers": 1}"#)
            _ = try await server.json(TabView.self, "POST", "/tabs/\(tab.id)/lines", json: #"{"code": "BIRYANI"}"#)
            let kitchen = try await server.request("POST", "/tabs/\(tab.id)/kitchen")
            #expect(kitchen.status == 409)
            #expect(kitchen.errorCode == "kitchen-not-configured")
            #expect(try await Self.kitchenOrders(server.store).isEmpty)

            let badCourse = try await server.request("POST", "/tabs/\(tab.id)/lines", json: #"{"code": "BIRYANI", "course": 0}"#)
            #expect(badCourse.status == 400 && badCourse.errorField == "course")
            let badCovers = try await server.request("POST", "/tables/T1/tab", json: #"{"covers": 0}"#)
            #expect(badCovers.status == 400 && badCovers.errorField == "covers")
            let unknown = try await server.request("POST", "/tabs/\(tab.id)/lines", json: #"{"code": "NO-SUCH"}"#)
            #expect(unknown.status == 404)
            #expect(try await server.request("POST", "/tables/T9/tab", json: "{}").status == 404)
        }
    }

    @Test("A tab moves to a free table and merges into another, its sent lines still marked sent; it is paid split in two with a tip")
    func transferAndMerge() async throws {
        let settings = try Self.restaurant()
        try await LocalAPITestServer.with(settings: settings) { server in
            try await Self.addTables(server, settings: settings)
            try await server.store.addDiningTable(id: "T3", name: "Table 3", seats: 6, rules: settings.rules)
            let first = try await server.json(TabView.self, "POST", "/tables/T1/tab", json: #"{"covers": 2}"#)
            _ = try await server.json(TabView.self, "POST", "/tabs/\(first.id)/lines", json: #"{"code": "BIRYANI"}"#)
            _ = try await server.json(KitchenSendView.self, "POST", "/tabs/\(first.id)/kitchen")
            let second = try await server.json(TabView.self, "POST", "/tables/T2/tab", json: #"{"covers": 1}"#)
            _ = try await server.json(TabView.self, "POST", "/tabs/\(second.id)/lines", json: #"{"code": "BORHANI"}"#)

            // Onto an occupied table: refused; onto a free one: moved.
            #expect(try await server.request("POST", "/tabs/\(first.id)/transfer", json: #"{"table": "T2"}"#).status == 409)
            let moved = try await server.json(TabView.self, "POST", "/tabs/\(first.id)/transfer", json: #"{"table": "T3"}"#)
            #expect(moved.id == first.id && moved.table == "T3")

            let merged = try await server.json(TabView.self, "POST", "/tabs/\(second.id)/merge", json: "{\"into\": \"\(first.id)\"}")
            #expect(merged.id == first.id && merged.table == "T3" && merged.covers == 3)
            #expect(merged.bill.lines.map(\.sku) == ["BIRYANI", "BORHANI", "SERVICE-CHARGE"])
            #expect(merged.kitchen.map { $0.kitchenOrderID != nil } == [true, false])
            #expect(try await server.request("GET", "/tabs/\(second.id)").status == 404)
            let statuses = Dictionary(uniqueKeysWithValues: try await server.json(Tables.self, "GET", "/tables").tables.map { ($0.id, $0.status) })
            #expect(statuses == ["T1": "needs-cleaning", "T2": "needs-cleaning", "T3": "occupied"])
            // Only the merged-in line is new to the kitchen.
            let sent = try await server.json(KitchenSendView.self, "POST", "/tabs/\(first.id)/kitchen")
            #expect(sent.orders.map(\.station) == ["bar-1"])
            #expect(try await server.request("POST", "/tabs/\(first.id)/merge", json: "{\"into\": \"\(first.id)\"}").status == 409)

            // 350.00 + 60.00 + 41.00 service charge = 451.00, split in two, with a card tip for the waiter on top.
            let wrongSplit = try await server.request("POST", "/tabs/\(first.id)/checkout",
                                                      json: #"{"tenders": [{"tender": "card", "amount": "451.00"}], "split": ["200.00", "200.00"]}"#)
            #expect(wrongSplit.status == 400)
            let badTip = try await server.request("POST", "/tabs/\(first.id)/checkout",
                                                  json: #"{"tenders": [{"tender": "card", "amount": "451.00"}], "tips": [{"amount": "0"}]}"#)
            #expect(badTip.status == 400 && badTip.errorField == "tips[0].amount")
            let paid = try await server.json(CheckoutView.self, "POST", "/tabs/\(first.id)/checkout", json: """
                {"tenders": [{"tender": "cash", "amount": "200.00"}, {"tender": "card", "amount": "251.00"}],
                 "split": ["200.00", "251.00"], "tips": [{"amount": "20.00", "reference": "slip 7"}]}
                """)
            let sale = try #require(try await server.store.sale(id: paid.sale.id))
            #expect(sale.id == first.id && sale.grandTotal == 45_100)
            #expect(sale.restaurant?.split == [20_000, 25_100])
            #expect(sale.restaurant?.tips == [Tip(amount: 2_000, waiter: nil, reference: "slip 7")])
            #expect(sale.restaurant?.covers == 3 && sale.restaurant?.tableID == "T3")
        }
    }

    @Test("restaurant.kitchen_routes, kitchen_default_station and tables configure the till; a shop without tables refuses them")
    func routingConfiguration() async throws {
        let base = "store:\n  id: s1\n  terminal_id: till-1\n"
        let configured = try await TerminalConfigurationTests.load(base + """
            shop:
              variant: restaurant
            restaurant:
              kitchen_routes: [drinks=bar-1, grill=kitchen-grill]
              kitchen_default_station: kitchen-1
              tables: [T1=4, T2=2]
            """)
        #expect(configured.shop.kitchenRouting == KitchenRouting(stations: ["drinks": "bar-1", "grill": "kitchen-grill"], defaultStation: "kitchen-1"))
        #expect(configured.shop.diningTables == ["T1": 4, "T2": 2])
        // The till adds the configured tables once; a restart keeps them as they are.
        let testStore = try await TestStore()
        defer { testStore.remove() }
        #expect(try await configured.shop.provisionTables(in: testStore.store) == 2)
        _ = try await testStore.store.openTab(tableID: "T1", covers: 2, waiter: nil, rules: configured.shop.rules, policy: .standard)
        #expect(try await configured.shop.provisionTables(in: testStore.store) == 0)
        #expect(try await testStore.store.diningTables().map(\.status) == [.occupied, .free])
        let badTable = await #expect(throws: ConfigurationError.self) {
            _ = try await TerminalConfigurationTests.load(base + "shop:\n  variant: restaurant\nrestaurant:\n  tables: [T1=0]\n")
        }
        #expect(badTable?.key == "restaurant.tables")
        let general = await #expect(throws: ConfigurationError.self) {
            _ = try await TerminalConfigurationTests.load(base + "restaurant:\n  kitchen_default_station: kitchen-1\n")
        }
        #expect(general?.key == "restaurant.kitchen_default_station")
        let malformed = await #expect(throws: ConfigurationError.self) {
            _ = try await TerminalConfigurationTests.load(base + """
                shop:
                  variant: restaurant
                restaurant:
                  kitchen_routes: [drinks]
                  kitchen_default_station: kitchen-1
                """)
        }
        #expect(malformed?.key == "restaurant.kitchen_routes")
    }
}
