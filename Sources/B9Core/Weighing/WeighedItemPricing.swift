/// Prices a weighed item: the product's unit price × the net weight, rounded once with the
/// configured rule at point **R1** (line amount), exactly as the till prices a weighed line.
public enum WeighedItemPricing {
    /// Milligrams in the mass base units of ``UnitOfMeasure`` (1 mg = 10⁶ base units).
    static let baseUnitsPerMilligram: Int64 = 1_000_000

    /// The price of `milligrams` of `product`.
    ///
    /// - Parameters:
    ///   - product: a product sold by mass (`kg`, `g`, `lb`, `oz`); its base unit price is used.
    ///   - milligrams: the stable net weight.
    ///   - rounding: `billing.rounding`.
    /// - Throws: ``CoreError/Code/incompatibleUnits`` when the product is not sold by mass;
    ///   ``CoreError/Code/invalidQuantity`` for a weight that is not positive.
    public static func price(of product: Product, milligrams: Int64, rounding: ArithmeticRounding) throws(CoreError) -> Money {
        guard product.unit.dimension == .mass else {
            throw CoreError(.incompatibleUnits, "\(product.sku) is sold by \(product.unit.code), not by weight; weigh only products sold by kg, g, lb or oz")
        }
        guard milligrams > 0 else {
            throw CoreError(.invalidQuantity, "a weighed item needs a weight above zero, not \(milligrams) mg")
        }
        let baseUnits = try ExactArithmetic.mulDiv(milligrams, baseUnitsPerMilligram, 1, rounding: .exact)
        let minor = try ExactArithmetic.mulDiv(product.unitPrice.minorUnits, baseUnits, product.unit.baseUnits, rounding: .round(rounding))
        return Money(minorUnits: minor, currency: product.unitPrice.currency)
    }
}
