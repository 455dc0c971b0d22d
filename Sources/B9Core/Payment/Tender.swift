/// How a customer pays (part of) a sale.
public enum TenderKind: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Local cash. May overpay; the change is given in local cash.
    case cash
    case card
    /// A configured mobile wallet, by name ("bKash").
    case mobileWallet(String)
    /// Charged to a customer's account, within its credit limit.
    case customerCredit(accountID: String)
    /// Cash in a configured foreign currency (ISO code), converted at the configured rate (R4).
    case foreignCash(currencyCode: String)
    /// Loyalty points of a member, redeemed at the shop's point value (see ``LoyaltyRules``).
    case loyaltyPoints(memberID: String)
    /// The deposits paid against a project order, used up by its final invoice.
    case deposit(orderID: String)

    /// Whether this tender is cash (and so may overpay and is subject to cash rounding, R5).
    public var isCash: Bool {
        switch self {
        case .cash, .foreignCash: true
        default: false
        }
    }

    /// A stable text form used in the store, the journal and events:
    /// `cash`, `card`, `wallet:bKash`, `credit:ACCOUNT`, `foreign:USD`, `points:MEMBER`, `deposit:ORDER`.
    public var code: String {
        switch self {
        case .cash: "cash"
        case .card: "card"
        case .mobileWallet(let name): "wallet:\(name)"
        case .customerCredit(let account): "credit:\(account)"
        case .foreignCash(let code): "foreign:\(code)"
        case .loyaltyPoints(let member): "points:\(member)"
        case .deposit(let order): "deposit:\(order)"
        }
    }

    /// Parses ``code``.
    public init(code: String) throws(CoreError) {
        switch code {
        case "cash": self = .cash
        case "card": self = .card
        case _ where code.hasPrefix("wallet:") && code.count > 7: self = .mobileWallet(String(code.dropFirst(7)))
        case _ where code.hasPrefix("credit:") && code.count > 7: self = .customerCredit(accountID: String(code.dropFirst(7)))
        case _ where code.hasPrefix("foreign:") && code.count > 8: self = .foreignCash(currencyCode: String(code.dropFirst(8)))
        case _ where code.hasPrefix("points:") && code.count > 7: self = .loyaltyPoints(memberID: String(code.dropFirst(7)))
        case _ where code.hasPrefix("deposit:") && code.count > 8: self = .deposit(orderID: String(code.dropFirst(8)))
        default:
            throw CoreError(.unknownTender, "unknown tender '\(code)'; use cash, card, wallet:NAME, credit:ACCOUNT, foreign:CODE, points:MEMBER or deposit:ORDER")
        }
    }

    public var description: String { code }
}

/// One tender as the cashier enters it.
public struct TenderInput: Sendable, Hashable, Codable {
    public let kind: TenderKind
    /// The amount handed over, in minor units of the tender's currency
    /// (the foreign currency for ``TenderKind/foreignCash(currencyCode:)``, else local).
    public let amount: Int64
    /// Card slip number, wallet transaction id and the like.
    public let reference: String?

    public init(_ kind: TenderKind, amount: Int64, reference: String? = nil) {
        self.kind = kind
        self.amount = amount
        self.reference = reference
    }
}

/// One payment of a settled sale, in local minor units.
public struct SettledPayment: Sendable, Hashable, Codable {
    public let kind: TenderKind
    /// What was handed over, converted to local minor units.
    public let amount: Int64
    /// For foreign cash: the amount in the foreign currency's minor units.
    public let foreignAmount: Int64?
    public let reference: String?
}
