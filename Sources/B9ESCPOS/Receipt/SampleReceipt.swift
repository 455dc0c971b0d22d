/// The standard sample receipt (docs/escpos-sample-receipt.md): shop header, 12 items, VAT block, totals,
/// payment, footer, QR code and cut — about 40 printed lines. Used by `b9terminal escpos render` and the
/// benchmarks, so figures compare like with like.
public enum SampleReceipt {
    public static let items: [(name: String, quantity: String, price: String, amount: String)] = [
        ("Espresso", "2", "2.40", "4.80"),
        ("Cappuccino grande", "1", "3.90", "3.90"),
        ("Croissant au beurre", "3", "1.80", "5.40"),
        ("Orange juice fresh 0.3 l", "2", "3.50", "7.00"),
        ("Bagel cream cheese & salmon", "1", "6.90", "6.90"),
        ("Mineral water", "2", "1.90", "3.80"),
        ("Muesli bowl", "1", "5.20", "5.20"),
        ("Banana bread", "2", "2.60", "5.20"),
        ("Tea Earl Grey", "1", "2.80", "2.80"),
        ("Sandwich ham & cheese", "2", "4.50", "9.00"),
        ("Cookie", "4", "1.20", "4.80"),
        ("Deposit bottle", "2", "0.25", "0.50"),
    ]

    /// The receipt as a document.
    public static func document() throws(ESCPOSError) -> ReceiptDocument {
        let qr = try QRCode(
            text: "https://b9pos.example/r/0042-20261125-1093?t=59.30", moduleSize: 4, errorCorrection: .medium)
        return ReceiptDocument {
            ReceiptElement.text("B9 Café", style: .headline, alignment: .center)
            ReceiptElement.text("Rue du Marché 12, 1000 Bruxelles", alignment: .center)
            ReceiptElement.text("VAT BE0123.456.789", alignment: .center)
            ReceiptElement.divider("=")
            ReceiptElement.keyValue("Receipt 0042-1093", "25.11.2026 14:07")
            ReceiptElement.keyValue("Till 2", "Cashier: Anaïs")
            ReceiptElement.divider("-")
            for item in items {
                ReceiptElement.lineItem(item.name, detail: "\(item.quantity) x \(item.price)", amount: item.amount)
            }
            ReceiptElement.divider("-")
            ReceiptElement.totals([
                TotalLine("Subtotal", "58.50"),
                TotalLine("Deposit", "0.50"),
                TotalLine("Rounding", "0.30"),
                TotalLine("TOTAL EUR", "59.30", isGrandTotal: true),
            ])
            ReceiptElement.divider("-")
            ReceiptElement.columns([
                ReceiptColumn("VAT", width: .flexible),
                ReceiptColumn("Net", width: .fixed(8), alignment: .right),
                ReceiptColumn("VAT", width: .fixed(7), alignment: .right),
                ReceiptColumn("Gross", width: .fixed(8), alignment: .right),
            ])
            ReceiptElement.columns([
                ReceiptColumn("A 6%", width: .flexible),
                ReceiptColumn("38.87", width: .fixed(8), alignment: .right),
                ReceiptColumn("2.33", width: .fixed(7), alignment: .right),
                ReceiptColumn("41.20", width: .fixed(8), alignment: .right),
            ])
            ReceiptElement.columns([
                ReceiptColumn("C 21%", width: .flexible),
                ReceiptColumn("14.96", width: .fixed(8), alignment: .right),
                ReceiptColumn("3.14", width: .fixed(7), alignment: .right),
                ReceiptColumn("18.10", width: .fixed(8), alignment: .right),
            ])
            ReceiptElement.divider("-")
            ReceiptElement.keyValue("Card Visa ****4821", "59.30")
            ReceiptElement.keyValue("Change", "0.00")
            ReceiptElement.feed(lines: 1)
            ReceiptElement.text("Thank you for your visit!", style: .bold, alignment: .center)
            ReceiptElement.text("Open Mon-Sat 7:00-19:00 · b9pos.example", alignment: .center)
            ReceiptElement.qrCode(qr)
            ReceiptElement.text("Scan for your digital receipt", alignment: .center)
            ReceiptElement.cut(.partial)
        }
    }
}
