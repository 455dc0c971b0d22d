/// The restaurant part of a completed bill (stored with the sale and in its journal entry).
public struct TableSale: Sendable, Hashable, Codable {
    public let tableID: String
    public let covers: Int
    public let waiter: String?
    /// How the bill was split between guests (minor units; adds up to the grand total exactly), or `nil`.
    public let split: [Int64]?
    /// Tips added on card tenders: not revenue, no VAT, paid out to the staff.
    public let tips: [Tip]?

    public init(tableID: String, covers: Int, waiter: String?, split: [Int64]? = nil, tips: [Tip]? = nil) {
        self.tableID = tableID
        self.covers = covers
        self.waiter = waiter
        self.split = split
        self.tips = tips
    }
}

/// A tip a guest added when paying by card.
public struct Tip: Sendable, Hashable, Codable {
    /// ``TenderKind/code`` of the tender that carried it; only `card`.
    public let tender: String
    /// Positive minor units, charged to the card on top of the bill.
    public let amount: Int64
    /// Who the tip is for.
    public let waiter: String?
    /// The card slip.
    public let reference: String?

    public init(amount: Int64, waiter: String?, reference: String? = nil) {
        self.tender = TenderKind.card.code
        self.amount = amount
        self.waiter = waiter
        self.reference = reference
    }
}

/// What a sale carries besides its cart and tenders: the loyalty member and the table.
public struct SaleExtras: Sendable, Hashable {
    public var loyalty: LoyaltyCheckout?
    public var restaurant: TableSale?

    public init(loyalty: LoyaltyCheckout? = nil, restaurant: TableSale? = nil) {
        self.loyalty = loyalty
        self.restaurant = restaurant
    }

    /// Checks tips: positive, and only on a sale that a card pays.
    func validate(payments: [SettledPayment]) throws(CoreError) {
        guard let tips = restaurant?.tips else { return }
        for tip in tips where tip.amount <= 0 || tip.tender != TenderKind.card.code {
            throw CoreError(.invalidTender, "a tip is a positive amount added to a card payment")
        }
        if !tips.isEmpty && !payments.contains(where: { $0.kind == .card }) {
            throw CoreError(.invalidTender, "tips are taken on card payments; this bill has none")
        }
    }
}
