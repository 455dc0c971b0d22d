/// One line of a cart: a product snapshot, a quantity in the product's unit, and any override or discount.
public struct CartLine: Sendable, Hashable, Codable, Identifiable {
    /// Line number within the cart, from 1; stays with the line when others are removed.
    public let id: Int
    /// The product as it was when the line was added (later catalog changes do not reprice the cart).
    public let product: Product
    public internal(set) var quantity: Quantity
    /// A unit price the cashier typed instead of the catalog's, with the reason recorded.
    public internal(set) var priceOverride: PriceOverride?
    public internal(set) var discount: Discount?
    /// What promotions take off this line (set by ``Cart/applyPromotions(_:at:rules:policy:)``; part of
    /// the line's discount, before any manual discount).
    public internal(set) var promotionSaving: Int64?
    /// The amount printed on the weighing label this line was scanned from: the line is charged
    /// exactly this (rule W1) instead of unit price × quantity.
    public internal(set) var labelAmount: Money? = nil
    /// The net weight printed on the weight label this line was scanned from, in thousandths of a kg:
    /// the line holds that weight (rule W2) and its quantity is not changed by hand.
    public internal(set) var labelWeight: Quantity? = nil

    /// A manual unit price and why it was given.
    public struct PriceOverride: Sendable, Hashable, Codable {
        public let unitPrice: Money
        public let reason: String
    }

    /// The unit price this line is charged: the override, else the tier price for its quantity.
    public var unitPrice: Money { priceOverride?.unitPrice ?? product.unitPrice(for: quantity) }
}
