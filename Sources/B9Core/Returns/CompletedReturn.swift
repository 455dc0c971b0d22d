/// A committed return exactly as the journal records it: the payload of a `return.completed` entry and
/// the data of the `com.b9pos.return.completed` event.
///
/// Signs are opposite to a sale's: quantities, amounts, VAT and refunds are negative, so adding a
/// return to the sales it refers to gives what the shop finally sold.
public struct CompletedReturn: Sendable, Hashable, Codable, Identifiable {
    /// A returned line.
    public struct Line: Sendable, Hashable, Codable {
        public let number: Int
        /// The line of the original sale, or `nil` for a return without receipt.
        public let originalLine: Int?
        public let sku: String
        public let name: String
        public let category: String
        public let unit: String
        /// Negative thousandths of `unit`.
        public let quantity: Int64
        /// The line's negative share of the original net amount (at shelf price, VAT as the product says).
        public let net: Int64
        /// The line's negative share of the original VAT.
        public let vat: Int64
        /// What is refunded for the line: `net`, plus `vat` when prices exclude VAT.
        public let amount: Int64
        public let vatRateBasisPoints: Int64
        public let pricesIncludeVAT: Bool
        public let stockTracked: Bool
    }

    /// Money given back, by tender (negative).
    public struct Refund: Sendable, Hashable, Codable {
        /// ``TenderKind/code``.
        public let tender: String
        public let amount: Int64

        public init(tender: String, amount: Int64) {
            self.tender = tender
            self.amount = amount
        }
    }

    public let id: String
    public let storeID: String
    public let terminalID: String
    /// Sequential per terminal from 1, without gaps, in a series of its own (not receipt numbers).
    public let returnNumber: Int64
    public let createdAt: String
    public let originalSaleID: String?
    public let originalReceiptNumber: Int64?
    public let reason: String
    public let authorization: Authorization
    public let currency: String
    public let currencyDigits: Int
    public let lines: [Line]
    /// VAT per rate (negative), net of nothing else: `base` is the sum of the lines' `net` at the rate.
    public let vat: [CompletedSale.VAT]
    /// The sum of the lines' `amount` (negative); equals the sum of `refunds`.
    public let total: Int64
    public let refunds: [Refund]
}
