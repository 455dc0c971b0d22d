import B9Core
import Foundation
import Testing

/// The till's end-to-end acknowledgement of kitchen orders: an order the broker took but no station
/// status answered goes back into the outbox (same event id) after the policy's wait, doubling each
/// time; a status stops it; the kitchen answers an order it already has with its status again.
@Suite("Restaurant: kitchen orders sent again until a station answers")
struct KitchenResendTests {
    let policy = Fixtures.policy
    let shop = ShopRules(variant: .restaurant)
    let routing = KitchenRouting(stations: ["bar": "bar-1"], defaultStation: "kitchen-main")
    let resend = KitchenResendPolicy(firstWait: .seconds(30), longestWait: .seconds(100), giveUpAfter: .seconds(3_600))

    /// A till with table T1 whose tab sent one order to kitchen-main and one to bar-1; the orders and their events.
    func tillWithTwoOrders(_ name: String = #function) async throws -> (Till, [KitchenOrderData], [OutboxEvent]) {
        let till = try await Till.make(name)
        try await till.store.addDiningTable(id: "T1", name: "Table 1", seats: 4, rules: shop)
        _ = try await till.store.openTab(tableID: "T1", covers: 2, waiter: "W1", rules: shop, policy: policy)
        _ = try await till.store.addToTab(tableID: "T1", product: try RestaurantTableTests.dish("SOUP", "180.00", category: "kitchen"), policy: policy)
        _ = try await till.store.addToTab(tableID: "T1", product: try RestaurantTableTests.dish("LASSI", "120.00", category: "bar"), policy: policy)
        let orders = try await till.store.sendToKitchen(tableID: "T1", routing: routing)
        let events = try await till.store.pendingEvents(limit: 100).filter { $0.type == "com.b9pos.kitchen.order.created" }
        return (till, orders, events)
    }

    @Test func theWaitDoublesUpToTheLongest() {
        #expect((0...4).map { resend.wait(afterResends: $0) } == [.seconds(30), .seconds(60), .seconds(100), .seconds(100), .seconds(100)])
        #expect(KitchenResendPolicy().wait(afterResends: 1_000) == .seconds(600))
    }

    @Test func anUnansweredOrderIsSentAgainUntilItsStatusComes() async throws {
        let (till, orders, events) = try await tillWithTwoOrders()
        defer { till.remove() }
        let store = till.store
        #expect(orders.count == 2 && events.count == 2)
        #expect(try await store.kitchenDeliveryCounts() == KitchenDeliveryCounts(sent: 2, unacknowledged: 2, resends: 0, resentOrders: 0))

        // Not taken by the broker yet: nothing to send again, however long it waits in the outbox.
        till.clock.advance(seconds: 300)
        #expect(try await store.resendUnacknowledgedKitchenOrders(resend).isEmpty)
        try await store.markDelivered(events.map(\.eventID))
        till.clock.advance(seconds: 29)
        #expect(try await store.resendUnacknowledgedKitchenOrders(resend).isEmpty)
        till.clock.advance(seconds: 2)
        #expect(try await store.resendUnacknowledgedKitchenOrders(resend) == orders.map(\.orderID))
        // Back in the outbox byte for byte (same event id: the station drops what it has), one attempt counted.
        let again = try await store.pendingEvents(limit: 100).filter { $0.type == "com.b9pos.kitchen.order.created" }
        #expect(again.map(\.eventID) == events.map(\.eventID))
        #expect(again.map(\.payload) == events.map(\.payload))
        #expect(again.map(\.attempts) == [1, 1])

        // The kitchen answers one; the other waits twice as long before its next resend.
        try await store.markDelivered(events.map(\.eventID))
        let kitchenOrder = try #require(orders.first { $0.station == "kitchen-main" })
        let barOrder = try #require(orders.first { $0.station == "bar-1" })
        #expect(try await store.applyKitchenStatus(
            eventID: "status-1",
            KitchenStatusData(orderID: kitchenOrder.orderID, till: "till-1", station: "kitchen-main", status: .accepted, changedAt: "2026-11-26T10:00:00.000Z")))
        till.clock.advance(seconds: 59)
        #expect(try await store.resendUnacknowledgedKitchenOrders(resend).isEmpty)
        till.clock.advance(seconds: 2)
        #expect(try await store.resendUnacknowledgedKitchenOrders(resend) == [barOrder.orderID])
        #expect(try await store.kitchenDeliveryCounts() == KitchenDeliveryCounts(sent: 2, unacknowledged: 1, resends: 3, resentOrders: 2))
        #expect(try await store.kitchenOrderResends() == [kitchenOrder.orderID: 1, barOrder.orderID: 2])

        // A status that changes nothing still acknowledges; past the give-up age nothing is sent again.
        try await store.markDelivered(events.map(\.eventID))
        till.clock.advance(seconds: 3_600)
        #expect(try await store.resendUnacknowledgedKitchenOrders(resend).isEmpty, "older than giveUpAfter")
        #expect(try await store.kitchenDeliveryCounts().unacknowledged == 1)
    }

    @Test func aStationWorkingThroughABacklogIsLeftAloneAndAGapIsSentAgain() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        let store = till.store
        try await store.addDiningTable(id: "T1", name: "Table 1", seats: 4, rules: shop)
        _ = try await store.openTab(tableID: "T1", covers: 2, waiter: "W1", rules: shop, policy: policy)
        var orders: [KitchenOrderData] = []
        for sku in ["SOUP", "RICE", "DAL"] {
            _ = try await store.addToTab(tableID: "T1", product: try RestaurantTableTests.dish(sku, "100.00", category: "kitchen"), policy: policy)
            orders += try await store.sendToKitchen(tableID: "T1", routing: routing)
            till.clock.advance(seconds: 1)
        }
        try #require(orders.count == 3)
        try await store.markDelivered(try await store.pendingEvents(limit: 100).map(\.eventID))
        func answer(_ order: KitchenOrderData) async throws {
            try await store.applyKitchenStatus(
                eventID: UUID().uuidString,
                KitchenStatusData(orderID: order.orderID, till: "till-1", station: "kitchen-main", status: .accepted, changedAt: "2026-11-26T10:00:00.000Z"))
        }
        // Past the wait, but the station is answering the first order only now: the others wait their turn.
        till.clock.advance(seconds: 31)
        try await answer(orders[0])
        #expect(try await store.resendUnacknowledgedKitchenOrders(resend).isEmpty)
        // It answers the third and not the second: the second went missing on the way.
        till.clock.advance(seconds: 1)
        try await answer(orders[2])
        #expect(try await store.resendUnacknowledgedKitchenOrders(resend) == [orders[1].orderID])
    }

    @Test func aStationAnswersAnOrderItHasWithItsStatusAgain() async throws {
        let (till, orders, _) = try await tillWithTwoOrders()
        defer { till.remove() }
        let clock = TestClock()
        let folder = try temporaryDirectory(#function)
        defer { try? FileManager.default.removeItem(at: folder) }
        let kitchen = try BillingStore.open(
            path: folder.appendingPathComponent("kitchen.sqlite").path, storeID: "shop-1", terminalID: "kitchen-main", now: { clock.now() })
        let order = try #require(orders.first { $0.station == "kitchen-main" })
        #expect(try await kitchen.receiveKitchenOrder(eventID: "e-1", order: order))
        #expect(try await kitchen.repeatKitchenOrderStatus(orderID: order.orderID) == nil, "not printed yet: its accepted goes out when it prints")
        #expect(try await kitchen.repeatKitchenOrderStatus(orderID: "unknown") == nil)
        let accepted = try #require(try await kitchen.changeKitchenOrderStatus(orderID: order.orderID, to: .accepted, printedOn: "tcp://p:9100"))
        let before = try await kitchen.pendingEventCount()
        clock.advance(seconds: 45)
        #expect(try await kitchen.receiveKitchenOrder(eventID: "e-1", order: order) == false)
        let repeated = try #require(try await kitchen.repeatKitchenOrderStatus(orderID: order.orderID))
        #expect(repeated == accepted, "the same status, with the time it was reached")
        let events = try await kitchen.pendingEvents(limit: 10)
        #expect(events.count == before + 1)
        #expect(Set(events.map(\.eventID)).count == events.count, "a new event id: the first status may have been lost")
        #expect(events.last?.type == "com.b9pos.kitchen.order.status_changed")
    }
}
