/// A discount on a line or on the whole cart: a percentage or a fixed amount.
public enum Discount: Sendable, Hashable, Codable {
    /// A percentage in basis points (1000 = 10 %); rounded at point R2.
    case percent(basisPoints: Int64)
    /// A fixed amount off.
    case amount(Money)

    /// The discount in minor units on `base` minor units, checked against the policy's limit.
    ///
    /// - Throws: ``CoreError/Code/invalidDiscount`` for a negative discount or one larger than its base;
    ///   ``CoreError/Code/discountAboveLimit`` above `policy.maximumDiscountBasisPoints`.
    func minorUnits(on base: Int64, policy: BillingPolicy) throws(CoreError) -> Int64 {
        let value: Int64
        switch self {
        case .percent(let basisPoints):
            guard (0...10_000).contains(basisPoints) else {
                throw CoreError(.invalidDiscount, "a discount is between 0 and 100 %")
            }
            guard basisPoints <= policy.maximumDiscountBasisPoints else {
                throw CoreError(
                    .discountAboveLimit,
                    "\(DecimalText.formatTrimmed(basisPoints, scale: 2)) % is above the \(DecimalText.formatTrimmed(policy.maximumDiscountBasisPoints, scale: 2)) % limit; a supervisor must approve it"
                )
            }
            value = try ExactArithmetic.mulDiv(base, basisPoints, 10_000, rounding: .round(policy.rounding))
        case .amount(let money):
            guard money.currency == policy.currency else {
                throw CoreError(.currencyMismatch, "discount in \(money.currency.code), sale in \(policy.currency.code)")
            }
            guard money.minorUnits >= 0, money.minorUnits <= base else {
                throw CoreError(.invalidDiscount, "a discount of \(money.decimalText) is more than the \(DecimalText.format(base, scale: policy.currency.minorUnitDigits)) it applies to")
            }
            // The limit holds for amounts too: amount ≤ base × limit.
            let limit = try ExactArithmetic.mulDiv(base, policy.maximumDiscountBasisPoints, 10_000, rounding: .round(.down))
            guard money.minorUnits <= limit else {
                throw CoreError(.discountAboveLimit, "\(money.decimalText) off is above the \(DecimalText.formatTrimmed(policy.maximumDiscountBasisPoints, scale: 2)) % limit; a supervisor must approve it")
            }
            value = money.minorUnits
        }
        return value
    }
}
