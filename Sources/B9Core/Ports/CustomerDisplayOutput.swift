/// What billing shows the customer: two short lines (item and price, total, change, idle message).
public protocol CustomerDisplayOutput: Sendable {
    func show(_ message: CustomerMessage) async
}

/// A message for the customer display, in billing's words; the device layer lays it out.
public enum CustomerMessage: Sendable, Hashable {
    case welcome(String)
    case item(name: String, price: Money)
    case total(Money)
    case change(Money)
}
