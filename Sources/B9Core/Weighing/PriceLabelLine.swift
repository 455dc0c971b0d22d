/// Turns a weighing station's price-embedded label (GS1 `2P IIIII VVVVV C`) into a cart line.
///
/// Rule **W1**: the line amount is the label's price, exactly as the customer saw it (never
/// re-derived from weight × unit price); the line quantity is the weight that price implies,
/// `price ÷ unit price`, rounded half-up to the product unit's precision (thousandths: grams for
/// `kg`). Stock moves by that quantity; VAT comes from the product's class like any other line.
public enum PriceLabelLine {
    /// The quantity a label price implies for `product` (rule W1).
    ///
    /// - Throws: ``CoreError/Code/incompatibleUnits`` when the product is not sold by weight (scan its
    ///   own barcode or weigh it again with the right product); ``CoreError/Code/invalidAmount`` for a
    ///   price that is not above zero, in another currency, or a product without a unit price (weigh
    ///   the item again); ``CoreError/Code/invalidQuantity`` when the price implies less than one
    ///   step of the unit (weigh the item again).
    public static func quantity(for price: Money, of product: Product) throws(CoreError) -> Quantity {
        guard product.unit.dimension == .mass else {
            throw CoreError(.incompatibleUnits, "\(product.sku) is sold by \(product.unit.code), not by weight; a weighing label cannot be used for it, scan the product's own barcode")
        }
        guard price.currency == product.unitPrice.currency else {
            throw CoreError(.currencyMismatch, "the label is priced in \(price.currency.code), \(product.sku) in \(product.unitPrice.currency.code); weigh the item again")
        }
        guard price.minorUnits > 0 else {
            throw CoreError(.invalidAmount, "the label of \(product.sku) shows a price of zero; weigh the item again and print a new label")
        }
        guard product.unitPrice.minorUnits > 0 else {
            throw CoreError(.invalidAmount, "\(product.sku) has no unit price to work out the weight from; fix its price in the catalog")
        }
        let thousandths = try ExactArithmetic.mulDiv(price.minorUnits, Quantity.perUnit, product.unitPrice.minorUnits, rounding: .round(.halfUp))
        guard thousandths > 0 else {
            throw CoreError(.invalidQuantity, "the label price \(price.decimalText) of \(product.sku) is less than one \(product.unit.code) step at \(product.unitPrice.decimalText); weigh the item again")
        }
        return Quantity(thousandths: thousandths)
    }
}

extension Cart {
    /// Adds a weighed item from its price label: the line is charged exactly `price` and holds the
    /// quantity rule W1 implies (see ``PriceLabelLine``). The line is never merged with another and
    /// its quantity cannot be changed afterwards (weigh again instead).
    /// - Returns: the new line's id.
    @discardableResult
    public mutating func addPriceLabel(_ product: Product, price: Money) throws(CoreError) -> Int {
        guard price.currency == currency else {
            throw CoreError(.currencyMismatch, "the label is priced in \(price.currency.code), the sale in \(currency.code)")
        }
        let quantity = try PriceLabelLine.quantity(for: price, of: product)
        try product.unit.validate(quantity)
        return append(CartLine(id: 0, product: product, quantity: quantity, priceOverride: nil, discount: nil, labelAmount: price))
    }
}
