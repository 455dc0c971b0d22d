/// What a customer brings back.
public struct ReturnRequest: Sendable, Hashable, Codable {
    /// A quantity of one line of the original sale.
    public struct LineReturn: Sendable, Hashable, Codable {
        public let line: Int
        public let quantity: Quantity
        public init(line: Int, quantity: Quantity) {
            self.line = line
            self.quantity = quantity
        }
    }

    /// What is returned.
    public enum Items: Sendable, Hashable, Codable {
        /// Lines of a completed sale; `nil` returns everything not returned yet.
        case againstReceipt(saleID: String, lines: [LineReturn]?)
        /// Goods without a receipt, priced as `cart` prices them now (needs ``OperatorAction/returnWithoutReceipt``).
        case withoutReceipt(Cart)
    }

    public let items: Items
    public let reason: String

    public init(_ items: Items, reason: String) {
        self.items = items
        self.reason = reason
    }
}

/// A return priced but not yet committed: what a supervisor approves (the refund `amount`, positive)
/// and what the customer gets back.
public struct ReturnQuote: Sendable, Hashable, Codable {
    public let originalSaleID: String?
    public let originalReceiptNumber: Int64?
    public let lines: [CompletedReturn.Line]
    public let vat: [CompletedSale.VAT]
    /// The refund as a negative total.
    public let total: Int64
    /// What the supervisor approves: `-total`.
    public var amount: Int64 { -total }
    /// The action this return needs.
    public var action: OperatorAction { originalSaleID == nil ? .returnWithoutReceipt : .refund }
    /// The subject an approval must name: the original sale id, or "" without receipt.
    public var subject: String { originalSaleID ?? "" }
}
