import B9Core
import Foundation

/// Lays a table's bill (a pre-check before payment) out as monospaced text: the items, subtotal,
/// discounts, service charge, VAT and total as checkout will charge them, headed and footed so nobody
/// takes it for a receipt. A reprint says which copy it is.
struct GuestBillTextFormatter {
    var columns = 42

    static let heading = "*** GUEST BILL - NOT A RECEIPT ***"

    func format(_ bill: GuestBill, shop: Receipt.Shop) -> String {
        let text = TextColumns(width: columns)
        let digits = bill.cart.currency.minorUnitDigits
        func amount(_ minorUnits: Int64) -> String { DecimalText.format(minorUnits, scale: digits) }
        var out: [String] = [text.center(shop.name)]
        shop.addressLines.forEach { out.append(text.center($0)) }
        out.append(text.center(Self.heading))
        if bill.copy > 1 { out.append(text.center("copy \(bill.copy)")) }
        out.append(text.rule)
        out.append(text.pair("Table \(bill.tableID)", String(bill.printedAt.prefix(16)).replacingOccurrences(of: "T", with: " ")))
        out.append(text.pair("Guests \(bill.covers)", bill.waiter.map { "Waiter \($0)" } ?? ""))
        out.append(text.rule)
        var itemsSubtotal: Int64 = 0
        for (line, amounts) in zip(bill.cart.lines, bill.totals.lines) where line.product.sku != bill.serviceChargeSKU {
            itemsSubtotal += amounts.gross
            out.append(line.product.name)
            out.append(text.pair("  \(line.quantity) \(line.product.unit.code) x \(amount(amounts.unitPrice))", amount(amounts.gross)))
            if amounts.lineDiscount > 0 { out.append(text.pair("  discount", "-" + amount(amounts.lineDiscount))) }
        }
        out.append(text.rule)
        out.append(text.pair("Subtotal", amount(itemsSubtotal)))
        if bill.totals.discountTotal > 0 { out.append(text.pair("Discounts", "-" + amount(bill.totals.discountTotal))) }
        if bill.serviceCharge > 0 { out.append(text.pair("Service charge", amount(bill.serviceCharge))) }
        for vat in bill.totals.vatBreakdown where vat.vat.rateBasisPoints > 0 {
            let rate = DecimalText.formatTrimmed(vat.vat.rateBasisPoints, scale: 2)
            out.append(text.pair("VAT \(rate)% \(vat.vat.pricesIncludeVAT ? "incl." : "")", amount(vat.amount)))
        }
        out.append(text.pair("TOTAL \(bill.cart.currency.code)", amount(bill.totals.grandTotal)))
        out.append(text.rule)
        out.append(text.center("Not a receipt: nothing is paid yet."))
        out.append(text.center("Your receipt is printed on payment."))
        return out.joined(separator: "\n") + "\n"
    }
}
