@testable import B9Terminal
import B9Core
import Foundation

/// Kitchen orders for the kitchen display tests, as a till writes them.
enum KitchenDisplayTestOrders {
    /// The order's `data`, created `age` seconds ago.
    static func data(orderID: String, station: String = "kitchen-1", table: String = "12", ageSeconds: Int = 0) -> String {
        let created = Timestamp.format(Date().addingTimeInterval(-Double(ageSeconds)))
        return """
            {"createdAt":"\(created)","course":2,"items":[\
            {"category":"mains","line":1,"modifiers":["no onion","extra chilli"],"name":"Beef Bhuna","notes":"allergy: nuts","quantity":"2","sku":"BHUNA"},\
            {"category":"mains","line":2,"modifiers":[],"name":"Plain Naan","quantity":"1","sku":"NAAN"}],\
            "notes":"birthday table","orderID":"\(orderID)","saleID":"tab-\(orderID)","station":"\(station)","table":"\(table)","till":"till-1","waiter":"Rahim"}
            """
    }

    /// The `com.b9pos.kitchen.order.created` CloudEvent carrying ``data(orderID:station:table:ageSeconds:)``.
    static func event(orderID: String, table: String = "12", ageSeconds: Int = 0) -> [UInt8] {
        Array("""
            {"data":\(data(orderID: orderID, table: table, ageSeconds: ageSeconds)),"datacontenttype":"application/json",\
            "id":"evt-\(orderID)","sequence":"1","source":"b9pos/s1/till-1","specversion":"1.0",\
            "time":"2026-11-25T10:00:00Z","type":"com.b9pos.kitchen.order.created"}
            """.utf8)
    }

    /// The `com.b9pos.kitchen.order.item_voided` CloudEvent for item `line` of the order, as the till writes it.
    static func voidEvent(orderID: String, line: Int, name: String) -> [UInt8] {
        Array("""
            {"data":{"line":\(line),"name":"\(name)","orderID":"\(orderID)","quantity":"1","reason":"guest changed mind","saleID":"tab-\(orderID)",\
            "sku":"X","station":"kitchen-1","till":"till-1","voidedAt":"2026-11-25T10:01:00Z","voidedBy":"cashier-1","approvedBy":"super-1"},\
            "datacontenttype":"application/json","id":"void-\(orderID)-\(line)","sequence":"2","source":"b9pos/s1/till-1","specversion":"1.0",\
            "time":"2026-11-25T10:01:00Z","type":"com.b9pos.kitchen.order.item_voided"}
            """.utf8)
    }

    /// Records the order in a kitchen station's store, as the order subscriber does.
    static func receive(_ store: BillingStore, orderID: String, table: String = "12") async throws {
        let order = try JSONDecoder().decode(KitchenOrderData.self, from: Data(data(orderID: orderID, table: table).utf8))
        try await store.receiveKitchenOrder(eventID: "evt-\(orderID)", order: order)
        try await store.changeKitchenOrderStatus(orderID: orderID, to: .accepted)
    }
}
