import Foundation
import B9Core

/// Lays a receipt out as plain monospaced text (the demo's printer and `make run` output).
struct ReceiptTextFormatter {
    var columns = 42

    func format(_ receipt: Receipt) -> String {
        let text = TextColumns(width: columns)
        let center = text.center, pair = text.pair
        let sale = receipt.sale
        var out: [String] = []
        out.append(center(receipt.shop.name))
        receipt.shop.addressLines.forEach { out.append(center($0)) }
        if let registration = receipt.shop.vatRegistration { out.append(center("BIN \(registration)")) }
        if receipt.isDuplicate { out.append(center("*** DUPLICATE ***")) }
        out.append(text.rule)
        out.append(pair("Receipt \(sale.terminalID)-\(sale.receiptNumber)", String(sale.createdAt.prefix(16)).replacingOccurrences(of: "T", with: " ")))
        if let cashier = sale.cashier { out.append("Cashier: \(cashier)") }
        out.append(text.rule)
        for line in sale.lines {
            out.append(line.name)
            let detail = "  \(receipt.quantity(line.quantity)) \(line.unit) x \(receipt.amount(line.unitPrice))"
            out.append(pair(detail, receipt.amount(line.gross)))
            if line.lineDiscount > 0 { out.append(pair("  discount", "-" + receipt.amount(line.lineDiscount))) }
        }
        out.append(text.rule)
        out.append(pair("Subtotal", receipt.amount(sale.subtotal)))
        if sale.lineDiscounts + sale.cartDiscount > 0 {
            out.append(pair("Discounts", "-" + receipt.amount(sale.lineDiscounts + sale.cartDiscount)))
        }
        for vat in sale.vat where vat.rateBasisPoints > 0 {
            let rate = DecimalText.formatTrimmed(vat.rateBasisPoints, scale: 2)
            out.append(pair("VAT \(rate)% \(vat.pricesIncludeVAT ? "incl." : "")", receipt.amount(vat.amount)))
        }
        if sale.roundingAdjustment != 0 { out.append(pair("Rounding", receipt.amount(sale.roundingAdjustment))) }
        out.append(pair("TOTAL \(sale.currency)", receipt.amount(sale.amountDue)))
        for payment in sale.payments {
            out.append(pair(receipt.tenderName(payment.tender), receipt.amount(payment.amount)))
        }
        if sale.change > 0 { out.append(pair("Change", receipt.amount(sale.change))) }
        out.append(text.rule)
        receipt.shop.footerLines.forEach { out.append(center($0)) }
        return out.joined(separator: "\n") + "\n"
    }
}
