import B9Core
import B9ESCPOS

/// A sale's receipt (or a table's bill) as a printer document: the lines the text formatter lays out at the profile's
/// width (the same layout as the receipt preview), then a feed and a partial cut.
enum ReceiptLayout {
    static func document(_ receipt: Receipt, columns: Int) -> ReceiptDocument {
        document(text: ReceiptTextFormatter(columns: columns).format(receipt))
    }

    /// A table's bill before payment, laid out as its preview is.
    static func document(_ bill: GuestBill, shop: Receipt.Shop, columns: Int) -> ReceiptDocument {
        document(text: GuestBillTextFormatter(columns: columns).format(bill, shop: shop))
    }

    private static func document(text: String) -> ReceiptDocument {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return ReceiptDocument {
            for line in lines { ReceiptElement.text(line) }
            ReceiptElement.feed(lines: 3)
            ReceiptElement.cut(.partial)
        }
    }
}
