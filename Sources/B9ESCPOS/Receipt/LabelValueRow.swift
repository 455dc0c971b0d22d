/// The two columns of a key/value or totals line: the label flexible on the left, the value as wide as its
/// text on the right. `with` lends them as a buffer on the stack, so laying out such a line allocates no array.
enum LabelValueRow {
    static func columns(_ label: String, _ value: String) -> [ReceiptColumn] {
        [labelColumn(label), valueColumn(value)]
    }

    /// Calls `body` with the row's two columns, held on the stack for the call.
    static func with<Result, Failure: Error>(
        _ label: String, _ value: String, _ body: (UnsafeBufferPointer<ReceiptColumn>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try withUnsafeTemporaryAllocation(of: ReceiptColumn.self, capacity: 2) { (row) throws(Failure) -> Result in
            row.initializeElement(at: 0, to: labelColumn(label))
            row.initializeElement(at: 1, to: valueColumn(value))
            defer { _ = row.deinitialize() }
            return try body(UnsafeBufferPointer(row))
        }
    }

    private static func labelColumn(_ text: String) -> ReceiptColumn { ReceiptColumn(text, width: .flexible) }
    private static func valueColumn(_ text: String) -> ReceiptColumn {
        ReceiptColumn(text, width: .fit, alignment: .right)
    }
}
