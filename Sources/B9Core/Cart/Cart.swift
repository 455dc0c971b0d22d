/// The sale being rung up: lines and an optional cart discount, in one currency.
///
/// A value type: each operation checks its input and either changes the cart or throws and leaves
/// it as it was. Totals come from ``TotalsCalculator``.
public struct Cart: Sendable, Hashable, Codable {
    public let currency: Currency
    public private(set) var lines: [CartLine] = []
    public private(set) var cartDiscount: Discount?
    /// The promotions applied by the last ``applyPromotions(_:at:rules:policy:)``; any change to the
    /// lines clears them (apply again before taking payment).
    public private(set) var promotions: [AppliedPromotion]?
    private var nextLineNumber = 1

    public init(currency: Currency) {
        self.currency = currency
    }

    public var isEmpty: Bool { lines.isEmpty }

    /// Adds `quantity` of `product`. A product sold in whole units that is already on an
    /// unmodified line increases that line; anything else (weighed goods, overridden or
    /// discounted lines) starts a new line.
    /// - Returns: the id of the line that now holds the quantity.
    @discardableResult
    public mutating func add(_ product: Product, quantity: Quantity = .one) throws(CoreError) -> Int {
        guard product.unitPrice.currency == currency else {
            throw CoreError(.currencyMismatch, "\(product.sku) is priced in \(product.unitPrice.currency.code), the sale in \(currency.code)")
        }
        try product.unit.validate(quantity)
        if !product.unit.allowsFraction,
            let index = lines.firstIndex(where: { $0.product == product && $0.priceOverride == nil && $0.discount == nil })
        {
            lines[index].quantity = Quantity(thousandths: try ExactArithmetic.add(lines[index].quantity.thousandths, quantity.thousandths))
            clearPromotions()
            return lines[index].id
        }
        let line = CartLine(id: nextLineNumber, product: product, quantity: quantity, priceOverride: nil, discount: nil)
        nextLineNumber += 1
        lines.append(line)
        clearPromotions()
        return line.id
    }

    /// Adds `quantity` of `product` on a line of its own, never merged into another (a restaurant order
    /// with its own course and modifiers).
    /// - Returns: the new line's id.
    @discardableResult
    public mutating func addSeparateLine(_ product: Product, quantity: Quantity = .one) throws(CoreError) -> Int {
        guard product.unitPrice.currency == currency else {
            throw CoreError(.currencyMismatch, "\(product.sku) is priced in \(product.unitPrice.currency.code), the sale in \(currency.code)")
        }
        try product.unit.validate(quantity)
        return append(CartLine(id: 0, product: product, quantity: quantity, priceOverride: nil, discount: nil))
    }

    /// Sets a line's quantity.
    public mutating func setQuantity(_ quantity: Quantity, onLine id: Int) throws(CoreError) {
        let index = try lineIndex(id)
        guard lines[index].labelAmount == nil else {
            throw CoreError(.invalidQuantity, "line \(id) was scanned from a weighing label and is charged the label's price; remove it and weigh the item again")
        }
        guard lines[index].labelWeight == nil else {
            throw CoreError(.invalidQuantity, "line \(id) holds the weight printed on its label; remove it and weigh the item again")
        }
        try lines[index].product.unit.validate(quantity)
        lines[index].quantity = quantity
        clearPromotions()
    }

    /// Removes a line (a void before the sale completes).
    public mutating func removeLine(_ id: Int) throws(CoreError) {
        lines.remove(at: try lineIndex(id))
        clearPromotions()
    }

    /// Charges `unitPrice` instead of the catalog price on a line, for the stated reason.
    public mutating func overridePrice(onLine id: Int, unitPrice: Money, reason: String) throws(CoreError) {
        let index = try lineIndex(id)
        guard lines[index].labelAmount == nil else {
            throw CoreError(.invalidAmount, "line \(id) is charged its weighing label's price; give a discount on it instead")
        }
        guard unitPrice.currency == currency, unitPrice.minorUnits >= 0 else {
            throw CoreError(.invalidAmount, "an override price is a non-negative \(currency.code) amount")
        }
        guard !reason.trimmingASCIIWhitespace().isEmpty else {
            throw CoreError(.invalidAmount, "a price override needs a reason")
        }
        lines[index].priceOverride = CartLine.PriceOverride(unitPrice: unitPrice, reason: reason)
        clearPromotions()
    }

    /// Sets (or with `nil` clears) a line's discount after checking it against the policy.
    public mutating func setDiscount(_ discount: Discount?, onLine id: Int, policy: BillingPolicy) throws(CoreError) {
        let index = try lineIndex(id)
        var candidate = self
        candidate.lines[index].discount = discount
        _ = try TotalsCalculator(policy: policy).totals(of: candidate)
        self = candidate
    }

    /// Sets (or with `nil` clears) the cart discount after checking it against the policy.
    public mutating func setCartDiscount(_ discount: Discount?, policy: BillingPolicy) throws(CoreError) {
        var candidate = self
        candidate.cartDiscount = discount
        _ = try TotalsCalculator(policy: policy).totals(of: candidate)
        self = candidate
    }

    /// Works out the best deal of `promotions` at `time` (see ``PromotionEngine``) and puts its savings on
    /// the lines, replacing what an earlier call put there.
    @discardableResult
    public mutating func applyPromotions(
        _ promotions: [Promotion], at time: ShopLocalTime, rules: PromotionRules = .standard, policy: BillingPolicy
    ) throws(CoreError) -> PromotionOutcome {
        var candidate = self
        candidate.clearPromotions()
        let outcome = try PromotionEngine.bestDeal(for: candidate, promotions: promotions, at: time, rules: rules, policy: policy)
        for index in candidate.lines.indices {
            candidate.lines[index].promotionSaving = outcome.lineSavings[candidate.lines[index].id]
        }
        candidate.promotions = outcome.applied.isEmpty ? nil : outcome.applied
        _ = try TotalsCalculator(policy: policy).totals(of: candidate)
        self = candidate
        return outcome
    }

    /// Removes every promotion saving (the lines changed, or promotions are re-applied).
    public mutating func clearPromotions() {
        for index in lines.indices { lines[index].promotionSaving = nil }
        promotions = nil
    }

    /// Lines that may be added to another cart (a tab moved or merged): the same products, quantities,
    /// overrides and discounts, renumbered after this cart's lines.
    mutating func append(_ line: CartLine) -> Int {
        let copy = CartLine(id: nextLineNumber, product: line.product, quantity: line.quantity, priceOverride: line.priceOverride, discount: line.discount,
                            labelAmount: line.labelAmount, labelWeight: line.labelWeight)
        nextLineNumber += 1
        lines.append(copy)
        clearPromotions()
        return copy.id
    }

    private func lineIndex(_ id: Int) throws(CoreError) -> Int {
        guard let index = lines.firstIndex(where: { $0.id == id }) else {
            throw CoreError(.lineNotFound, "there is no line \(id) in this sale")
        }
        return index
    }
}
