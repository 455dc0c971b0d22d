import B9Core
import Foundation
import Testing

@Suite("Restaurant: tables, tabs and the kitchen")
struct RestaurantTableTests {
    let policy = Fixtures.policy
    let shop = ShopRules(variant: .restaurant)
    let routing = KitchenRouting(stations: ["grill": "kitchen-grill", "bar": "bar-1"], defaultStation: "kitchen-main")

    static func dish(_ sku: String, _ price: String, category: String) throws -> Product {
        try Product(
            sku: sku, name: "Dish \(sku)", category: category, unitPrice: Fixtures.money(price),
            vat: try VATClass(rateBasisPoints: 1_000, pricesIncludeVAT: false), isStockTracked: false
        )
    }

    func restaurant(_ name: String = #function) async throws -> Till {
        let till = try await Till.make(name)
        for (id, seats) in [("T1", 4), ("T2", 2), ("T3", 6)] {
            try await till.store.addDiningTable(id: id, name: "Table \(id.dropFirst())", seats: seats, rules: shop)
        }
        return till
    }

    @Test func aTabGoesToTheKitchenByStationAndCourseAndSurvivesARestart() async throws {
        let till = try await restaurant()
        defer { till.remove() }
        let store = till.store
        let tab = try await store.openTab(tableID: "T1", covers: 3, waiter: "W7", rules: shop, policy: policy)
        _ = try await store.addToTab(tableID: "T1", product: try Self.dish("SOUP", "180.00", category: "kitchen"), course: 1, policy: policy)
        _ = try await store.addToTab(
            tableID: "T1", product: try Self.dish("STEAK", "950.00", category: "grill"), course: 2, modifiers: ["medium rare"], notes: "no salt",
            policy: policy
        )
        _ = try await store.addToTab(tableID: "T1", product: try Self.dish("STEAK", "950.00", category: "grill"), course: 2, policy: policy)
        _ = try await store.addToTab(tableID: "T1", product: try Self.dish("LASSI", "120.00", category: "bar"), quantity: Quantity(units: 3), policy: policy)
        #expect(try await store.diningTables().first { $0.id == "T1" }?.status == .occupied)
        // Two steaks with different modifiers stay separate lines.
        #expect(try await store.tab(tableID: "T1")?.cart.lines.count == 4)

        let before = try await store.pendingEventCount()
        let orders = try await store.sendToKitchen(tableID: "T1", routing: routing)
        #expect(orders.map(\.station) == ["kitchen-main", "kitchen-grill", "bar-1"])
        #expect(orders.map(\.course) == [1, 2, 1])
        #expect(orders.allSatisfy { $0.saleID == tab.id && $0.table == "T1" && $0.waiter == "W7" && $0.till == "till-1" })
        let steak = try #require(orders.first { $0.station == "kitchen-grill" })
        #expect(steak.items.map(\.modifiers) == [["medium rare"], []])
        #expect(steak.items.first?.notes == "no salt")
        #expect(steak.items.first?.category == "grill")
        let events = try await store.pendingEvents(limit: 100).suffix(3)
        #expect(try await store.pendingEventCount() == before + 3)
        #expect(events.allSatisfy { $0.type == "com.b9pos.kitchen.order.created" && $0.topic == "b9pos/shop-1/till-1/kitchen/order/created" })
        #expect(events.first?.payload.contains("\"station\":\"kitchen-main\"") == true)
        // The data has exactly the fields of the schema in docs/mqtt.md.
        let envelope = try #require(try JSONSerialization.jsonObject(with: Data((events.dropFirst().first?.payload ?? "").utf8)) as? [String: Any])
        let data = try #require(envelope["data"] as? [String: Any])
        #expect(Set(data.keys) == ["orderID", "saleID", "till", "station", "table", "waiter", "course", "createdAt", "items"])
        let item = try #require((data["items"] as? [[String: Any]])?.first)
        #expect(Set(item.keys) == ["line", "sku", "name", "quantity", "category", "modifiers", "notes"])
        // Sending again sends nothing new; a line already in the kitchen cannot simply be removed.
        #expect(try await store.sendToKitchen(tableID: "T1", routing: routing).isEmpty)
        let sent = await #expect(throws: CoreError.self) { try await store.removeFromTab(tableID: "T1", line: 1) }
        #expect(sent?.code == .notPermitted)
        // Voiding it needs the void-line permission: a cashier is refused, a supervisor's void is journaled.
        let refused = await #expect(throws: CoreError.self) {
            try await store.voidTabLine(tableID: "T1", line: 1, reason: "guest changed mind", policy: policy, session: till.cashier)
        }
        #expect(refused?.code == .notPermitted)
        let afterVoid = try await store.voidTabLine(tableID: "T1", line: 1, reason: "guest changed mind", policy: policy, session: till.supervisor)
        #expect(afterVoid.cart.lines.map(\.product.sku) == ["STEAK", "STEAK", "LASSI"])
        #expect(afterVoid.lines.map(\.line) == [2, 3, 4])
        let voided = try #require(try await store.journalEntries(from: 1, limit: 500).last)
        #expect(voided.kind == "void.recorded" && voided.payload.contains("\"sku\":\"SOUP\""))

        // A restart finds the tab as it was.
        let reopened = try BillingStore.open(path: till.folder.appendingPathComponent("store.sqlite").path, storeID: "shop-1", terminalID: "till-1")
        let again = try #require(try await reopened.tab(tableID: "T1"))
        #expect(again == (try await store.tab(tableID: "T1")))
        #expect(again.covers == 3)
        #expect(again.unsent.isEmpty)
        #expect(again.lines.map(\.course) == [2, 2, 1])
    }

    @Test func tablesMoveMergeAndGoThroughTheirStatuses() async throws {
        let till = try await restaurant()
        defer { till.remove() }
        let store = till.store
        _ = try await store.openTab(tableID: "T1", covers: 2, waiter: "W1", rules: shop, policy: policy)
        _ = try await store.addToTab(tableID: "T1", product: try Self.dish("SOUP", "180.00", category: "kitchen"), policy: policy)
        _ = try await store.openTab(tableID: "T2", covers: 1, waiter: "W2", rules: shop, policy: policy)
        _ = try await store.addToTab(tableID: "T2", product: try Self.dish("TEA", "60.00", category: "bar"), modifiers: ["no sugar"], policy: policy)
        _ = try await store.sendToKitchen(tableID: "T2", routing: routing)
        // Opening a tab on an occupied table is refused; moving to an occupied table is refused too.
        await #expect(throws: CoreError.self) { try await store.openTab(tableID: "T1", covers: 1, waiter: nil, rules: shop, policy: policy) }
        await #expect(throws: CoreError.self) { try await store.transferTab(from: "T1", to: "T2") }

        let moved = try await store.transferTab(from: "T1", to: "T3")
        #expect(moved.tableID == "T3")
        #expect(try await store.tab(tableID: "T1") == nil)
        let merged = try await store.mergeTabs(from: "T2", into: "T3")
        #expect(merged.covers == 3)
        #expect(merged.cart.lines.map(\.product.sku) == ["SOUP", "TEA"])
        #expect(merged.lines.last?.modifiers == ["no sugar"])
        #expect(merged.lines.last?.kitchenOrderID != nil)
        let statuses = Dictionary(uniqueKeysWithValues: try await store.diningTables().map { ($0.id, $0.status) })
        #expect(statuses == ["T1": .needsCleaning, "T2": .needsCleaning, "T3": .occupied])

        _ = try await store.printBill(tableID: "T3", pricing: try ShopPricing(rules: shop), policy: policy)
        #expect(try await store.diningTables().first { $0.id == "T3" }?.status == .billPrinted)
        let sale = try await store.settleTab(tableID: "T3", tenders: [TenderInput(.cash, amount: 30_000)], serviceCharge: nil, policy: policy)
        #expect(sale.id == merged.id)
        #expect(sale.restaurant?.covers == 3)
        #expect(try await store.tab(tableID: "T3") == nil)
        #expect(try await store.diningTables().first { $0.id == "T3" }?.status == .needsCleaning)
        try await store.markTableClean(tableID: "T3")
        #expect(try await store.diningTables().first { $0.id == "T3" }?.status == .free)
        await #expect(throws: CoreError.self) { try await store.markTableClean(tableID: "T3") }
        let off = await #expect(throws: CoreError.self) {
            try await store.addDiningTable(id: "T9", name: "T9", seats: 2, rules: ShopRules(variant: .general))
        }
        #expect(off?.code == .featureNotEnabled)
        #expect(try await store.verifyJournal().isValid)
    }
}
