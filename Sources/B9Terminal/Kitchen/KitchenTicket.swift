import B9Core
import B9ESCPOS
import Foundation

/// The kitchen ticket of one order, in double-size type so it reads from across the pass: table,
/// waiter and course, then each item with its quantity, modifiers and notes, the order's note and the
/// time it was ordered. An item voided at the till gets a VOID slip of its own.
enum KitchenTicket {
    /// - Parameter voided: the item lines the till voided before the ticket printed: marked VOID, not made.
    static func document(for order: KitchenOrderData, voided: Set<Int> = [], timeZone: TimeZone = .current) -> ReceiptDocument {
        let large = TextStyle(bold: true, size: .double)
        let header = [order.table.map { "TABLE \($0)" }, order.course.map { "COURSE \($0)" }].compactMap(\.self).joined(separator: "  ")
        return ReceiptDocument {
            ReceiptElement.text(header.isEmpty ? "TAKEAWAY" : header, style: large, alignment: .center)
            if let waiter = order.waiter {
                ReceiptElement.text("Waiter \(waiter)", style: large)
            }
            ReceiptElement.text("Ordered \(orderTime(order.createdAt, timeZone: timeZone))  #\(order.orderID.prefix(8))")
            ReceiptElement.divider("=")
            for item in order.items {
                if voided.contains(item.line) {
                    ReceiptElement.text("VOID \(item.quantity) x \(item.name)")
                } else {
                    ReceiptElement.text("\(item.quantity) x \(item.name)", style: large)
                    for modifier in item.modifiers {
                        ReceiptElement.text("  + \(modifier)", style: large)
                    }
                    if let notes = item.notes {
                        ReceiptElement.text("  ! \(notes)", style: large)
                    }
                }
            }
            if let notes = order.notes {
                ReceiptElement.divider("-")
                ReceiptElement.text("NOTE: \(notes)", style: large)
            }
            ReceiptElement.divider("=")
            ReceiptElement.feed(lines: 2)
            ReceiptElement.cut(.partial)
        }
    }

    /// The slip for an item the till voided after its ticket printed: large VOID, the table, the item and
    /// the order it was on, why and who voided (and approved) it.
    static func voidDocument(for void: KitchenItemVoidData, timeZone: TimeZone = .current) -> ReceiptDocument {
        let large = TextStyle(bold: true, size: .double)
        return ReceiptDocument {
            ReceiptElement.text("*** VOID ***", style: large, alignment: .center)
            ReceiptElement.text(void.table.map { "TABLE \($0)" } ?? "TAKEAWAY", style: large, alignment: .center)
            ReceiptElement.divider("=")
            ReceiptElement.text("DO NOT MAKE: \(void.quantity) x \(void.name)", style: large)
            ReceiptElement.text("Reason: \(void.reason)")
            ReceiptElement.text("By \(void.voidedBy)" + (void.approvedBy.map { ", approved by \($0)" } ?? ""))
            ReceiptElement.text("Voided \(orderTime(void.voidedAt, timeZone: timeZone))  order #\(void.orderID.prefix(8))")
            ReceiptElement.divider("=")
            ReceiptElement.feed(lines: 2)
            ReceiptElement.cut(.partial)
        }
    }

    /// `HH:mm` in the station's time zone; the raw text when it is not an RFC 3339 time.
    static func orderTime(_ createdAt: String, timeZone: TimeZone) -> String {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        guard let date = parser.date(from: createdAt) ?? plain.date(from: createdAt) else { return createdAt }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }
}
