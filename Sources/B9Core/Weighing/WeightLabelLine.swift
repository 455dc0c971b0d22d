/// Turns a weight-embedded label (GS1 `2P IIIII WWWWW C` with the weight in grams, or a GS1-128 /
/// DataBar element string with AI 310n, net weight in kg) into a cart line.
///
/// Rule **W2**: the line quantity is the label's weight in the product's unit, converted exactly
/// (``UnitOfMeasure/convert(_:to:)``; a weight that is not a whole number of thousandths of the
/// product's unit is refused, never rounded); the line amount is then R1 on that exact quantity,
/// `round(weight × unit price)` once with `billing.rounding`, at the catalog unit price (its bulk tier
/// for that weight). Unlike W1 nothing on the label is a price: the till prices the weight.
public enum WeightLabelLine {
    /// The line quantity for a label weighing `kilograms` (thousandths of a kilogram) of `product` (rule W2).
    ///
    /// - Throws: ``CoreError/Code/incompatibleUnits`` when the product is not sold by weight (scan its own
    ///   barcode); ``CoreError/Code/invalidQuantity`` for a weight that is not above zero (weigh again);
    ///   ``CoreError/Code/inexactConversion`` when the weight is not whole thousandths of the product's unit.
    public static func quantity(forKilograms kilograms: Quantity, of product: Product) throws(CoreError) -> Quantity {
        guard product.unit.dimension == .mass else {
            throw CoreError(.incompatibleUnits, "\(product.sku) is sold by \(product.unit.code), not by weight; a weight label cannot be used for it, scan the product's own barcode")
        }
        guard kilograms.thousandths > 0 else {
            throw CoreError(.invalidQuantity, "the label of \(product.sku) shows no weight; weigh the item again and print a new label")
        }
        return try UnitOfMeasure.kilogram.convert(kilograms, to: product.unit)
    }

    /// W2's amount: `round(quantity × unit price)` with the shop's rounding (the R1 of the cart).
    public static func amount(_ quantity: Quantity, unitPrice: Money, policy: BillingPolicy) throws(CoreError) -> Int64 {
        try ExactArithmetic.mulDiv(unitPrice.minorUnits, quantity.thousandths, Quantity.perUnit, rounding: .round(policy.rounding))
    }
}

extension Cart {
    /// Adds a weighed item from a weight-embedded label: a line of its own holding the label's weight in
    /// the product's unit (rule W2, see ``WeightLabelLine``), charged at the catalog unit price. Its
    /// quantity cannot be changed afterwards (remove the line and weigh again).
    /// - Returns: the new line's id.
    @discardableResult
    public mutating func addWeightLabel(_ product: Product, kilograms: Quantity) throws(CoreError) -> Int {
        guard product.unitPrice.currency == currency else {
            throw CoreError(.currencyMismatch, "\(product.sku) is priced in \(product.unitPrice.currency.code), the sale in \(currency.code)")
        }
        let quantity = try WeightLabelLine.quantity(forKilograms: kilograms, of: product)
        try product.unit.validate(quantity)
        return append(CartLine(id: 0, product: product, quantity: quantity, priceOverride: nil, discount: nil, labelWeight: kilograms))
    }
}
