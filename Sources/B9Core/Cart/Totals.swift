/// Every amount of a cart, computed by ``TotalsCalculator``. All amounts are minor units of `currency`.
///
/// Invariants (checked by property tests):
/// - `grandTotal == subtotal − lineDiscounts − cartDiscount + exclusiveVAT`
/// - the VAT of the rates adds up to `vatTotal`, and the VAT of the lines of a rate to that rate's VAT
/// - the net amounts of the lines add up to `subtotal − lineDiscounts − cartDiscount`
public struct Totals: Sendable, Hashable, Codable {
    /// One line's amounts.
    public struct Line: Sendable, Hashable, Codable {
        public let lineID: Int
        public let unitPrice: Int64
        /// unit price × quantity, rounded (R1).
        public let gross: Int64
        /// Promotion saving plus the manual line discount.
        public let lineDiscount: Int64
        /// This line's share of the cart discount.
        public let cartDiscountShare: Int64
        /// What the line is charged after discounts, at its shelf price (VAT inclusive or exclusive as the product says).
        public let net: Int64
        /// This line's share of its rate's VAT.
        public let vat: Int64
    }

    /// VAT of one rate.
    public struct VATBreakdown: Sendable, Hashable, Codable {
        public let vat: VATClass
        /// The sum of the lines' net amounts at this rate (gross of VAT when prices include it).
        public let base: Int64
        /// VAT at this rate (R3).
        public let amount: Int64
    }

    public let currency: Currency
    public let lines: [Line]
    public let subtotal: Int64
    public let lineDiscounts: Int64
    public let cartDiscount: Int64
    public let vatBreakdown: [VATBreakdown]
    /// VAT added on top of exclusive prices.
    public let exclusiveVAT: Int64
    /// VAT contained in inclusive prices.
    public let inclusiveVAT: Int64
    public var vatTotal: Int64 { exclusiveVAT + inclusiveVAT }
    public var discountTotal: Int64 { lineDiscounts + cartDiscount }
    public let grandTotal: Int64
}

/// Computes ``Totals`` from a cart under a ``BillingPolicy``: the only place cart amounts are calculated.
///
/// Order: R1 line amounts → promotions (already worked out, see ``PromotionEngine``) → R2 line discounts → R2 cart discount (spread over lines in proportion
/// to their discounted amounts, exactly) → R3 VAT per rate on the sum of its lines.
public struct TotalsCalculator: Sendable {
    public let policy: BillingPolicy

    public init(policy: BillingPolicy) {
        self.policy = policy
    }

    public func totals(of cart: Cart) throws(CoreError) -> Totals {
        guard cart.currency == policy.currency else {
            throw CoreError(.currencyMismatch, "the cart is in \(cart.currency.code), the shop bills in \(policy.currency.code)")
        }
        let rounding = ExactArithmetic.Remainder.round(policy.rounding)
        var grosses: [Int64] = []
        var lineDiscounts: [Int64] = []
        for line in cart.lines {
            // R1, except a weighing label's line: charged the label's price (W1).
            let gross: Int64
            if let label = line.labelAmount {
                gross = label.minorUnits
            } else {
                gross = try ExactArithmetic.mulDiv(line.unitPrice.minorUnits, line.quantity.thousandths, Quantity.perUnit, rounding: rounding)
            }
            grosses.append(gross)
            // Promotions first (capped by their floor when applied), then the cashier's discount on what is left.
            let promotion = line.promotionSaving ?? 0
            guard promotion >= 0, promotion <= gross else {
                throw CoreError(.invalidDiscount, "line \(line.id): the promotion saving is not between 0 and the line amount; apply promotions again")
            }
            let manual = try line.discount?.minorUnits(on: gross - promotion, policy: policy) ?? 0
            lineDiscounts.append(promotion + manual)
        }
        let afterLineDiscounts = zip(grosses, lineDiscounts).map { $0 - $1 }
        let discountable = try sum(afterLineDiscounts)
        let cartDiscount = try cart.cartDiscount?.minorUnits(on: discountable, policy: policy) ?? 0
        let shares = try ExactArithmetic.allocate(cartDiscount, proportionalTo: afterLineDiscounts)
        let nets = zip(afterLineDiscounts, shares).map { $0 - $1 }

        // Group lines by VAT class, in the order each class first appears.
        var classes: [VATClass] = []
        var members: [VATClass: [Int]] = [:]
        for (index, line) in cart.lines.enumerated() {
            if members[line.product.vat] == nil { classes.append(line.product.vat) }
            members[line.product.vat, default: []].append(index)
        }
        var lineVAT = Array(repeating: Int64(0), count: cart.lines.count)
        var breakdown: [Totals.VATBreakdown] = []
        var exclusiveVAT: Int64 = 0
        var inclusiveVAT: Int64 = 0
        for vat in classes {
            let indices = members[vat] ?? []
            let base = try sum(indices.map { nets[$0] })
            let divisor = vat.pricesIncludeVAT ? 10_000 + vat.rateBasisPoints : 10_000
            let amount = try ExactArithmetic.mulDiv(base, vat.rateBasisPoints, divisor, rounding: rounding)
            let perLine = try ExactArithmetic.allocate(amount, proportionalTo: indices.map { max(0, nets[$0]) })
            for (index, share) in zip(indices, perLine) { lineVAT[index] = share }
            breakdown.append(Totals.VATBreakdown(vat: vat, base: base, amount: amount))
            if vat.pricesIncludeVAT {
                inclusiveVAT = try ExactArithmetic.add(inclusiveVAT, amount)
            } else {
                exclusiveVAT = try ExactArithmetic.add(exclusiveVAT, amount)
            }
        }

        let lines = cart.lines.enumerated().map { index, line in
            Totals.Line(
                lineID: line.id,
                unitPrice: line.unitPrice.minorUnits,
                gross: grosses[index],
                lineDiscount: lineDiscounts[index],
                cartDiscountShare: shares[index],
                net: nets[index],
                vat: lineVAT[index]
            )
        }
        let subtotal = try sum(grosses)
        let lineDiscountTotal = try sum(lineDiscounts)
        let grandTotal = try ExactArithmetic.add(try sum(nets), exclusiveVAT)
        return Totals(
            currency: cart.currency,
            lines: lines,
            subtotal: subtotal,
            lineDiscounts: lineDiscountTotal,
            cartDiscount: cartDiscount,
            vatBreakdown: breakdown,
            exclusiveVAT: exclusiveVAT,
            inclusiveVAT: inclusiveVAT,
            grandTotal: grandTotal
        )
    }

    private func sum(_ values: [Int64]) throws(CoreError) -> Int64 {
        var total: Int64 = 0
        for value in values { total = try ExactArithmetic.add(total, value) }
        return total
    }
}
