/// The `data` of a `com.b9pos.kitchen.order.item_voided` event: an item the kitchen already has was
/// voided at the till, so the station stops making it (schema in `docs/mqtt.md`). Written to the
/// outbox in the transaction that journals the void.
public struct KitchenItemVoidData: Sendable, Hashable, Codable {
    /// The kitchen order that carried the item.
    public let orderID: String
    /// The tab id (the sale id once the table pays).
    public let saleID: String
    public let till: String
    /// The station that has the order.
    public let station: String
    public let table: String?
    /// The item's line in the order (``KitchenOrderData/Item/line``).
    public let line: Int
    public let sku: String
    public let name: String
    /// Decimal quantity cancelled (the whole line).
    public let quantity: String
    public let reason: String
    /// The operator who voided it, and the supervisor who approved it when their role did not allow it.
    public let voidedBy: String
    public let approvedBy: String?
    public let voidedAt: String

    public init(
        orderID: String, saleID: String, till: String, station: String, table: String?, line: Int, sku: String, name: String,
        quantity: String, reason: String, voidedBy: String, approvedBy: String?, voidedAt: String
    ) {
        self.orderID = orderID
        self.saleID = saleID
        self.till = till
        self.station = station
        self.table = table
        self.line = line
        self.sku = sku
        self.name = name
        self.quantity = quantity
        self.reason = reason
        self.voidedBy = voidedBy
        self.approvedBy = approvedBy
        self.voidedAt = voidedAt
    }
}
