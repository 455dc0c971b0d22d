/// A period's sales and returns, their lines, payments and VAT per rate, and the journal chain that
/// covers them: what `b9terminal journal export` writes as CSV or JSON. Every field is documented in
/// `docs/billing-export.md`. Amounts are minor units, quantities thousandths; returns are negative.
public struct JournalExport: Sendable, Hashable, Codable {
    /// A sale or a return.
    public struct Document: Sendable, Hashable, Codable {
        /// `sale` or `return`.
        public let type: String
        public let id: String
        public let terminalID: String
        /// Receipt number (sales) or return number (returns).
        public let number: Int64
        public let createdAt: String
        /// For a return against a receipt: the sale it returns.
        public let originalSaleID: String?
        public let currency: String
        public let currencyDigits: Int
        public let subtotal: Int64
        public let discounts: Int64
        public let exclusiveVAT: Int64
        public let inclusiveVAT: Int64
        /// Sale: grand total. Return: its (negative) total.
        public let total: Int64
        public let roundingAdjustment: Int64
        /// `total + roundingAdjustment`.
        public let amountDue: Int64
        public let change: Int64
        /// Tips charged to cards on top of a sale (restaurant); not part of `total`. 0 for returns.
        public let tips: Int64
        public let journalSequence: Int64
    }

    /// A tip a guest added to a card payment: paid to the staff, not revenue, no VAT.
    public struct TipRow: Sendable, Hashable, Codable {
        /// The sale it was taken with.
        public let documentID: String
        /// 1, 2, … in the order recorded on the sale.
        public let sequence: Int
        /// The tender that carried it (`card`).
        public let tender: String
        public let amount: Int64
        public let waiter: String?
        public let reference: String?
    }

    /// Money received outside a sale: a deposit against a project order, or a payment on a contractor
    /// account. Its tenders are in ``payments`` under its id.
    public struct MoneyReceived: Sendable, Hashable, Codable {
        /// `deposit` or `account-payment`.
        public let type: String
        public let id: String
        public let terminalID: String
        public let createdAt: String
        /// Payments on account: the contractor account.
        public let accountID: String?
        /// Deposits: the project order and its project.
        public let orderID: String?
        public let projectID: String?
        /// Positive minor units; = Σ its payments.
        public let amount: Int64
        public let journalSequence: Int64

        public static let deposit = "deposit"
        public static let accountPayment = "account-payment"
    }

    /// A line of a document.
    public struct Line: Sendable, Hashable, Codable {
        public let documentID: String
        public let lineNumber: Int
        public let sku: String
        public let name: String
        public let unit: String
        public let quantity: Int64
        /// Sales only (0 for returns).
        public let unitPrice: Int64
        /// Sales: unit price × quantity (R1). Returns: equal to `net`.
        public let gross: Int64
        /// Line discount plus share of the cart discount (0 for returns).
        public let discount: Int64
        public let net: Int64
        public let vatRateBasisPoints: Int64
        public let pricesIncludeVAT: Bool
        public let vat: Int64
        /// `net`, plus `vat` when prices exclude VAT.
        public let amount: Int64
    }

    /// A payment (sales, deposits, payments on account) or refund (returns, negative).
    public struct Payment: Sendable, Hashable, Codable {
        public let documentID: String
        public let sequence: Int
        public let tender: String
        public let amount: Int64
        public let foreignAmount: Int64?
    }

    /// VAT of one rate on one document.
    public struct VATRate: Sendable, Hashable, Codable {
        public let documentID: String
        public let rateBasisPoints: Int64
        public let pricesIncludeVAT: Bool
        public let base: Int64
        public let amount: Int64
    }

    /// A journal entry, hashes in lower-case hex.
    public struct ChainEntry: Sendable, Hashable, Codable {
        public let sequence: Int64
        public let terminalID: String
        public let kind: String
        public let createdAt: String
        public let payload: String
        public let previousHash: String
        public let hash: String
    }

    /// First and last UTC day covered, `YYYY-MM-DD`.
    public let from: String
    public let to: String
    public let storeID: String
    public let terminalID: String
    public let documents: [Document]
    public let lines: [Line]
    public let payments: [Payment]
    public let vat: [VATRate]
    /// Tips taken with the sales.
    public let tips: [TipRow]
    /// Deposits and payments on account written in the period.
    public let received: [MoneyReceived]
    /// Every journal entry from the first to the last one written in the period, consecutive.
    public let journal: [ChainEntry]
}
