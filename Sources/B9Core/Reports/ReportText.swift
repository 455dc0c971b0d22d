/// Plain-text renderings of reports, one line per row, for a receipt printer or a file.
/// Amounts in major units with the currency's decimals; labels left, amounts right, `width` columns.
public enum ReportText {
    /// An X or Z report.
    public static func render(_ report: DayReport, width: Int = 42) -> String {
        let digits = report.currencyDigits
        var lines: [String] = []
        lines.append(center(report.number.map { "Z REPORT \($0)" } ?? "X REPORT", width))
        lines.append("Terminal \(report.terminalID)")
        lines.append(report.createdAt)
        lines.append("Journal \(report.fromSequence)-\(report.toSequence)")
        if let by = report.authorization {
            lines.append("By \(by.operatorID)" + (by.approvedBy.map { ", approved by \($0)" } ?? ""))
        }
        lines.append(String(repeating: "-", count: width))
        lines += body(report.totals, currency: report.currency, digits: digits, width: width)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A shift closing: float, cash counted by denomination, expected, over/short, then the shift's totals.
    public static func render(_ closing: ShiftClosing, currency: String, digits: Int, width: Int = 42) -> String {
        var lines: [String] = [center("SHIFT \(closing.number) CLOSED", width), "By \(closing.operatorID)"]
        lines.append(String(repeating: "-", count: width))
        lines.append(row("Float", closing.float, digits, width))
        for denomination in closing.counted {
            lines.append(row("\(DecimalText.formatTrimmed(denomination.value, scale: digits)) x \(denomination.count)", denomination.value &* denomination.count, digits, width))
        }
        lines.append(row("Counted", closing.countedTotal, digits, width))
        lines.append(row("Expected", closing.expectedCash, digits, width))
        lines.append(row(closing.overShort >= 0 ? "Over" : "Short", closing.overShort, digits, width))
        lines.append(String(repeating: "-", count: width))
        lines += body(closing.totals, currency: currency, digits: digits, width: width)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func body(_ totals: ReportTotals, currency: String, digits: Int, width: Int) -> [String] {
        var lines: [String] = []
        lines.append("Sales \(totals.salesCount)" + (totals.firstReceipt.map { " (receipts \($0)-\(totals.lastReceipt ?? $0))" } ?? ""))
        lines.append(row("Gross sales \(currency)", totals.grossSales, digits, width))
        lines.append(row("Discounts", totals.discounts, digits, width))
        lines.append(row("Returns (\(totals.returnsCount))", totals.returns, digits, width))
        lines.append(row("Net sales", totals.netSales, digits, width))
        lines.append(row("Cash rounding", totals.roundingAdjustments, digits, width))
        lines.append(row("Voids (\(totals.voidsCount))", totals.voidedAmount, digits, width))
        lines.append("VAT")
        for vat in totals.vat {
            let label = "  \(DecimalText.formatTrimmed(vat.rateBasisPoints, scale: 2))% \(vat.pricesIncludeVAT ? "incl" : "excl")"
            lines.append(row(label + " base", vat.base, digits, width))
            lines.append(row(label + " VAT", vat.amount, digits, width))
        }
        lines.append("Tenders")
        for tender in totals.tenders {
            lines.append(row("  \(tender.tender)", tender.amount, digits, width))
        }
        lines.append(row("Paid on account", totals.accountPayments, digits, width))
        lines.append(row("Cash in", totals.cashIn, digits, width))
        lines.append(row("Cash out", totals.cashOut, digits, width))
        return lines
    }

    static func row(_ label: String, _ amount: Int64, _ digits: Int, _ width: Int) -> String {
        let value = DecimalText.format(amount, scale: digits)
        let gap = max(1, width - label.count - value.count)
        return label + String(repeating: " ", count: gap) + value
    }

    private static func center(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, (width - text.count) / 2)) + text
    }
}
