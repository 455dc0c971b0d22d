/// Where a kitchen station is with an order, in the order it moves: accepted (the ticket printed or
/// shown) → preparing → ready → bumped (cleared from the station). `recalled` brings a bumped order back.
public enum KitchenOrderStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case accepted, preparing, ready, bumped, recalled

    /// Position in the normal flow; a status may only follow one of lower rank (`recalled` follows `bumped`).
    var rank: Int {
        switch self {
        case .accepted: 1
        case .preparing: 2
        case .ready: 3
        case .bumped: 4
        case .recalled: 5
        }
    }
}

/// The `data` of a `com.b9pos.kitchen.order.status_changed` event (schema in `docs/mqtt.md`).
public struct KitchenStatusData: Sendable, Hashable, Codable {
    public let orderID: String
    /// The till that sent the order; only it keeps the status.
    public let till: String
    /// The kitchen station reporting.
    public let station: String
    public let status: KitchenOrderStatus
    public let changedAt: String

    public init(orderID: String, till: String, station: String, status: KitchenOrderStatus, changedAt: String) {
        self.orderID = orderID
        self.till = till
        self.station = station
        self.status = status
        self.changedAt = changedAt
    }
}

/// An order as a kitchen station keeps it: what to make, how far it is, and the printer that printed it.
public struct KitchenInboxOrder: Sendable, Hashable {
    public let order: KitchenOrderData
    /// `nil` until the station accepted the order (printed or shown it).
    public let status: KitchenOrderStatus?
    /// The printer address the ticket went to, once printed.
    public let printedOn: String?
    public let receivedAt: String
    /// The items (by ``KitchenOrderData/Item/line``) the till voided after the order was sent.
    public let voidedLines: [Int]
}
