/// A committed sale exactly as the journal records it: the payload of a `sale.completed` entry and the
/// data of the `sale.completed` event. All amounts are minor units of `currency`.
public struct CompletedSale: Sendable, Hashable, Codable, Identifiable {
    /// A sold line.
    public struct Line: Sendable, Hashable, Codable {
        public let number: Int
        public let sku: String
        public let name: String
        public let unit: String
        /// Quantity in thousandths of `unit`.
        public let quantity: Int64
        public let unitPrice: Int64
        public let gross: Int64
        public let lineDiscount: Int64
        public let cartDiscountShare: Int64
        public let net: Int64
        public let vatRateBasisPoints: Int64
        public let pricesIncludeVAT: Bool
        public let vat: Int64
        public let priceOverrideReason: String?
        public let stockTracked: Bool
        public let category: String
    }

    /// A payment of the sale.
    public struct Payment: Sendable, Hashable, Codable {
        /// ``TenderKind/code``.
        public let tender: String
        /// Local minor units handed over.
        public let amount: Int64
        public let foreignAmount: Int64?
        public let reference: String?
    }

    /// VAT of one rate.
    public struct VAT: Sendable, Hashable, Codable {
        public let rateBasisPoints: Int64
        public let pricesIncludeVAT: Bool
        public let base: Int64
        public let amount: Int64
    }

    /// A UUID chosen when the sale is created; with `terminalID` the sale's idempotency key everywhere.
    public let id: String
    public let storeID: String
    public let terminalID: String
    /// Sequential per terminal from 1, without gaps; assigned in the sale's transaction.
    public let receiptNumber: Int64
    public let createdAt: String
    public let cashier: String?
    public let currency: String
    public let currencyDigits: Int
    public let lines: [Line]
    public let vat: [VAT]
    public let subtotal: Int64
    public let lineDiscounts: Int64
    public let cartDiscount: Int64
    public let exclusiveVAT: Int64
    public let inclusiveVAT: Int64
    public let grandTotal: Int64
    /// Cash rounding (R5) added to the grand total.
    public let roundingAdjustment: Int64
    /// What the customer paid: `grandTotal + roundingAdjustment`.
    public let amountDue: Int64
    public let payments: [Payment]
    public let change: Int64
    /// Promotions that gave line discounts (their savings are in the lines' `lineDiscount`); `nil` when none.
    public internal(set) var promotions: [AppliedPromotion]?
    /// The loyalty member and the points the sale earned and redeemed; `nil` without a member.
    public internal(set) var loyalty: SaleLoyalty?
    /// The table, covers, waiter, bill split and tips of a restaurant bill; `nil` for a counter sale.
    public internal(set) var restaurant: TableSale?

    /// Whether any payment was cash (and so the drawer opens).
    public var paidWithCash: Bool { payments.contains { $0.tender == "cash" || $0.tender.hasPrefix("foreign:") } }

    /// Builds the record from a priced cart and its settlement; `receiptNumber` and `createdAt` come
    /// from the store's transaction.
    init(
        id: String, storeID: String, terminalID: String, receiptNumber: Int64, createdAt: String, cashier: String?,
        cart: Cart, totals: Totals, settlement: Settlement
    ) {
        self.id = id
        self.storeID = storeID
        self.terminalID = terminalID
        self.receiptNumber = receiptNumber
        self.createdAt = createdAt
        self.cashier = cashier
        self.currency = totals.currency.code
        self.currencyDigits = totals.currency.minorUnitDigits
        self.lines = zip(cart.lines, totals.lines).map { line, amounts in
            Line(
                number: line.id, sku: line.product.sku, name: line.product.name, unit: line.product.unit.code,
                quantity: line.quantity.thousandths, unitPrice: amounts.unitPrice, gross: amounts.gross,
                lineDiscount: amounts.lineDiscount, cartDiscountShare: amounts.cartDiscountShare, net: amounts.net,
                vatRateBasisPoints: line.product.vat.rateBasisPoints, pricesIncludeVAT: line.product.vat.pricesIncludeVAT,
                vat: amounts.vat, priceOverrideReason: line.priceOverride?.reason, stockTracked: line.product.isStockTracked,
                category: line.product.category
            )
        }
        self.vat = totals.vatBreakdown.map {
            VAT(rateBasisPoints: $0.vat.rateBasisPoints, pricesIncludeVAT: $0.vat.pricesIncludeVAT, base: $0.base, amount: $0.amount)
        }
        self.subtotal = totals.subtotal
        self.lineDiscounts = totals.lineDiscounts
        self.cartDiscount = totals.cartDiscount
        self.exclusiveVAT = totals.exclusiveVAT
        self.inclusiveVAT = totals.inclusiveVAT
        self.grandTotal = totals.grandTotal
        self.roundingAdjustment = settlement.roundingAdjustment
        self.amountDue = settlement.amountDue
        self.payments = settlement.payments.map {
            Payment(tender: $0.kind.code, amount: $0.amount, foreignAmount: $0.foreignAmount, reference: $0.reference)
        }
        self.change = settlement.change
        self.promotions = cart.promotions
    }

    /// Memberwise, for loading from the store.
    init(
        id: String, storeID: String, terminalID: String, receiptNumber: Int64, createdAt: String, cashier: String?,
        currency: String, currencyDigits: Int, lines: [Line], vat: [VAT], subtotal: Int64, lineDiscounts: Int64,
        cartDiscount: Int64, exclusiveVAT: Int64, inclusiveVAT: Int64, grandTotal: Int64, roundingAdjustment: Int64,
        amountDue: Int64, payments: [Payment], change: Int64
    ) {
        self.id = id
        self.storeID = storeID
        self.terminalID = terminalID
        self.receiptNumber = receiptNumber
        self.createdAt = createdAt
        self.cashier = cashier
        self.currency = currency
        self.currencyDigits = currencyDigits
        self.lines = lines
        self.vat = vat
        self.subtotal = subtotal
        self.lineDiscounts = lineDiscounts
        self.cartDiscount = cartDiscount
        self.exclusiveVAT = exclusiveVAT
        self.inclusiveVAT = inclusiveVAT
        self.grandTotal = grandTotal
        self.roundingAdjustment = roundingAdjustment
        self.amountDue = amountDue
        self.payments = payments
        self.change = change
    }
}
