/// A dining table and what state it is in.
public struct DiningTable: Sendable, Hashable, Codable {
    /// Free → occupied (a tab is open) → bill printed → needs cleaning (paid) → free.
    public enum Status: String, Sendable, Hashable, Codable {
        case free
        case occupied
        case billPrinted = "bill-printed"
        case needsCleaning = "needs-cleaning"
    }

    public let id: String
    public let name: String
    public let seats: Int
    public let status: Status
}

/// An open order held on a table until it is paid: the cart and, per line, its course, modifiers,
/// notes and whether the kitchen has it. Stored durably; a restart finds every tab as it was.
public struct OpenTab: Sendable, Hashable, Codable {
    /// What the kitchen needs to know about a line.
    public struct Line: Sendable, Hashable, Codable {
        /// The cart line id.
        public let line: Int
        /// 1 = starters, 2 = mains … as the restaurant numbers them.
        public let course: Int
        /// "no onion", "extra spicy".
        public let modifiers: [String]
        public let notes: String?
        /// The kitchen order that carried it, once sent.
        public var kitchenOrderID: String?
        /// The station that order went to (absent on lines sent by an older version).
        public var kitchenStation: String?
    }

    /// The tab's id; the sale that pays it gets the same id.
    public let id: String
    public internal(set) var tableID: String
    public internal(set) var covers: Int
    public internal(set) var waiter: String?
    public let openedAt: String
    public internal(set) var cart: Cart
    public internal(set) var lines: [Line]
    /// How many times its bill was printed (absent until the first print).
    public internal(set) var billsPrinted: Int?

    /// Lines not yet sent to the kitchen.
    public var unsent: [Line] { lines.filter { $0.kitchenOrderID == nil } }
}

/// Which kitchen station makes which category (`restaurant.kitchen_routes`).
public struct KitchenRouting: Sendable, Hashable, Codable {
    /// Product category → station terminal id.
    public let stations: [String: String]
    /// The station for categories not listed.
    public let defaultStation: String

    public init(stations: [String: String], defaultStation: String) {
        self.stations = stations
        self.defaultStation = defaultStation
    }

    public func station(for category: String) -> String { stations[category] ?? defaultStation }
}

/// The `data` of a `com.b9pos.kitchen.order.created` event: what one station makes for one course
/// of one table (schema in `docs/mqtt.md`).
public struct KitchenOrderData: Sendable, Hashable, Codable {
    /// One item to make.
    public struct Item: Sendable, Hashable, Codable {
        public let line: Int
        public let sku: String
        public let name: String
        /// Decimal quantity in the item's unit ("2", "0.5").
        public let quantity: String
        /// The product category the order was routed by.
        public let category: String
        public let modifiers: [String]
        public let notes: String?
    }

    public let orderID: String
    /// The tab id, which becomes the sale id when the table pays.
    public let saleID: String
    public let till: String
    public let station: String
    public let table: String?
    public let waiter: String?
    public let course: Int?
    public let notes: String?
    public let createdAt: String
    public let items: [Item]
}
