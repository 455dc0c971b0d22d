@testable import B9Terminal
import B9Core
import Foundation

/// Publishes a probe order for `station` through `probe` (a connected client) until the kitchen's store
/// keeps it: the kitchen's subscription is in, so an order published afterwards reaches it (orders are
/// not retained). Each call leaves one probe order of till `probe-till` on the station.
/// - Returns: whether the probe arrived within `timeout`.
func waitUntilKitchenSubscribed(_ kitchen: BillingStore, station: String, through probe: MQTTClient, timeout: Duration = .seconds(30)) async throws -> Bool {
    let orderID = UUID().uuidString.lowercased()
    return try await eventually(timeout: timeout) {
        _ = await probe.publish(
            topic: "b9pos/\(kitchen.storeID)/probe-till/kitchen/order/created",
            payload: KitchenEndToEndTests.probeOrder(orderID: orderID, station: station), timeout: .seconds(5))
        return try await kitchen.kitchenOrders().contains { $0.order.orderID == orderID }
    }
}
