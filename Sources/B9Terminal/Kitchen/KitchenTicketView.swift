import B9Core

/// One kitchen ticket as the kitchen display shows it (`GET /kitchen/tickets`, `kitchen.ticket` events):
/// who ordered it, what to make, and how far the kitchen is with it.
struct KitchenTicketView: Sendable, Equatable, Codable {
    /// One item to make.
    struct Item: Sendable, Equatable, Codable {
        /// The item's line on the till's bill.
        let line: Int
        let quantity: String
        let name: String
        let modifiers: [String]
        let notes: String?
        /// The till voided it after sending: the display strikes it through; do not make it.
        let voided: Bool
    }

    let orderID: String
    let till: String
    let table: String?
    let waiter: String?
    let course: Int?
    let notes: String?
    let items: [Item]
    /// When the till sent the order (RFC 3339); the age timer counts from here.
    let createdAt: String
    /// When this station recorded it.
    let receivedAt: String
    /// `received` (not accepted yet), `accepted`, `preparing`, `ready`, `bumped` (gone from the display) or `recalled`.
    let status: String
    /// The printer the ticket printed on, if it printed.
    let printedOn: String?

    init(_ entry: KitchenInboxOrder) {
        let order = entry.order
        orderID = order.orderID
        till = order.till
        table = order.table
        waiter = order.waiter
        course = order.course
        notes = order.notes
        items = order.items.map {
            Item(line: $0.line, quantity: $0.quantity, name: $0.name, modifiers: $0.modifiers, notes: $0.notes, voided: entry.voidedLines.contains($0.line))
        }
        createdAt = order.createdAt
        receivedAt = entry.receivedAt
        status = entry.status?.rawValue ?? "received"
        printedOn = entry.printedOn
    }

    /// Whether the display shows it (everything but bumped tickets).
    var isOpen: Bool { status != KitchenOrderStatus.bumped.rawValue }
}

/// What `GET /kitchen/tickets` answers: the open tickets, oldest first, and the display settings.
struct KitchenBoardView: Sendable, Equatable, Codable {
    let station: String
    let tickets: [KitchenTicketView]
    /// The ticket the bump bar's arrows selected, if any.
    let selected: String?
    /// Age after which a ticket turns amber (`kitchen.amber_after_seconds`).
    let amberAfterSeconds: Int
    /// Age after which a ticket turns red (`kitchen.red_after_seconds`).
    let redAfterSeconds: Int
}
