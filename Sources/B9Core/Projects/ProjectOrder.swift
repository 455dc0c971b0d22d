/// A customer's project: one building site the shop supplies (sanitary ware, tiles, fittings), with its
/// delivery and installation dates.
public struct CustomerProject: Sendable, Hashable, Codable {
    public let id: String
    public let customerName: String
    /// The site address.
    public let site: String
    public let phone: String?
    /// `YYYY-MM-DD`, when known.
    public let deliveryDate: String?
    public let installationDate: String?

    public init(id: String, customerName: String, site: String, phone: String? = nil, deliveryDate: String? = nil, installationDate: String? = nil) {
        self.id = id
        self.customerName = customerName
        self.site = site
        self.phone = phone
        self.deliveryDate = deliveryDate
        self.installationDate = installationDate
    }
}

/// A priced offer for a project, valid until a date (`YYYY-MM-DD`, inclusive). Its prices hold until
/// then: converting it into an order keeps the quoted cart, whatever the catalog says now.
public struct Quotation: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case open
        /// Turned into an order (``orderID``).
        case converted
    }

    public let id: String
    /// Gap-free per terminal, a series of its own.
    public let number: Int64
    public let projectID: String
    public let createdAt: String
    public let validUntil: String
    public let cart: Cart
    public let grandTotal: Int64
    public let status: Status
    public let orderID: String?
}

/// An accepted quotation: what the customer ordered, the deposits paid against it, what was delivered,
/// and, once invoiced, the sale that closed it.
public struct ProjectOrder: Sendable, Hashable, Codable {
    /// One delivery of part of the order.
    public struct Delivery: Sendable, Hashable, Codable {
        public let number: Int
        public let date: String
        /// Thousandths delivered per order line.
        public let lines: [Int: Int64]
    }

    /// The order id; the final invoice (a sale) gets the same id.
    public let id: String
    public let projectID: String
    public let quotationID: String
    public let cart: Cart
    public let grandTotal: Int64
    /// The sum of the deposits paid.
    public let deposited: Int64
    public let deliveries: [Delivery]
    /// Set once the final invoice is issued.
    public let invoiceSaleID: String?

    /// What the final invoice leaves to pay: `grandTotal − deposited`.
    public var balance: Int64 { grandTotal - deposited }

    /// Thousandths delivered so far per order line.
    public var delivered: [Int: Int64] {
        deliveries.reduce(into: [:]) { sums, delivery in
            for (line, quantity) in delivery.lines { sums[line, default: 0] += quantity }
        }
    }
}

/// A deposit (advance payment) against a project order (`project.deposit` journal entry).
public struct ProjectDeposit: Sendable, Hashable, Codable {
    public let id: String
    public let orderID: String
    public let projectID: String
    /// Positive minor units.
    public let amount: Int64
    /// How it was paid (cash, card, wallet).
    public let payments: [CompletedSale.Payment]
    /// Deposits on the order after this one.
    public let depositedAfter: Int64
    public let createdAt: String
    public let operatorID: String
}
