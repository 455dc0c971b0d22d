/// Money a contractor pays on their account (`account.payment` payload): lowers the balance.
public struct AccountPayment: Sendable, Hashable, Codable {
    public let id: String
    public let accountID: String
    /// Positive minor units.
    public let amount: Int64
    /// How it was paid (cash, card, wallet; never on account).
    public let payments: [CompletedSale.Payment]
    public let balanceBefore: Int64
    public let balanceAfter: Int64
    public let createdAt: String
    public let operatorID: String
}

/// A customer account's statement: every charge, refund and payment in journal order, with the
/// running balance. Built from the journal, so it agrees with the receipts the customer holds.
public struct AccountStatement: Sendable, Hashable, Codable {
    /// One movement on the account.
    public struct Line: Sendable, Hashable, Codable {
        public let date: String
        /// `sale`, `return` or `payment`.
        public let kind: String
        /// Receipt number, return number, or the payment id.
        public let reference: String
        /// Positive: charged; negative: credited.
        public let amount: Int64
        public let balance: Int64
        public let journalSequence: Int64
    }

    public let account: CustomerAccount
    public let lines: [Line]
    /// The running balance after the last line; equals the account's stored balance.
    public var closingBalance: Int64 { lines.last?.balance ?? 0 }
}
