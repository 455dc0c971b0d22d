public import Foundation

/// What a shop's configured rules do to a counter sale's price, in one place: the promotions of the
/// shop (best deal, under the price floor) and, for a shop with tables, the service charge (SC1).
///
/// The till keeps the cart as rung up and prices it with ``price(_:at:policy:)`` for every view and at
/// checkout, so the same cart costs what the shop's rules say: a super shop's promotions take their
/// saving, a restaurant's bill gets its service-charge line, a general shop charges shelf prices.
public struct ShopPricing: Sendable {
    public let rules: ShopRules
    /// The shop's promotions (validated); empty when it runs none.
    public let promotions: [Promotion]
    /// The price floor promotions keep every line above.
    public let promotionRules: PromotionRules
    /// SC1; only a shop with the `tables` feature has one.
    public let serviceCharge: ServiceChargeRule?
    /// The shop's zone, in which promotion windows (dates, weekdays, hours) are read.
    public let timeZone: TimeZone

    /// - Throws: ``CoreError/Code/invalidConfiguration`` for an invalid promotion, and
    ///   ``CoreError/Code/featureNotEnabled`` for a service charge in a shop without tables.
    public init(
        rules: ShopRules, promotions: [Promotion] = [], promotionRules: PromotionRules = .standard, serviceCharge: ServiceChargeRule? = nil,
        timeZone: TimeZone = .gmt
    ) throws(CoreError) {
        for promotion in promotions { try promotion.validate() }
        if serviceCharge != nil { try rules.require(.tables) }
        self.rules = rules
        self.promotions = promotions
        self.promotionRules = promotionRules
        self.serviceCharge = serviceCharge
        self.timeZone = timeZone
    }

    /// A general shop: shelf prices, no promotions, no service charge.
    public static let general = ShopPricing(unchecked: ShopRules(variant: .general))

    private init(unchecked rules: ShopRules) {
        self.rules = rules
        promotions = []
        promotionRules = .standard
        serviceCharge = nil
        timeZone = .gmt
    }

    /// `cart` as the shop charges it at `instant`: promotions applied (replacing earlier ones), then the
    /// service-charge line added when the shop has tables and a charge. A cart that already carries the
    /// service-charge line (a tab's printed bill) is returned with promotions only.
    public func price(_ cart: Cart, at instant: Date, policy: BillingPolicy) throws(CoreError) -> Cart {
        var priced = cart
        if !promotions.isEmpty {
            try priced.applyPromotions(promotions, at: ShopLocalTime(instant, timeZone: timeZone), rules: promotionRules, policy: policy)
        }
        if rules.has(.tables), let serviceCharge, !priced.isEmpty, !priced.lines.contains(where: { $0.product.sku == serviceCharge.sku }) {
            priced = try serviceCharge.applied(to: priced, policy: policy)
            // Adding the charge's line cleared the promotions' savings (SC1 took them into its base);
            // the charge is no promotion's target, so applying them again gives the same deal.
            if !promotions.isEmpty {
                try priced.applyPromotions(promotions, at: ShopLocalTime(instant, timeZone: timeZone), rules: promotionRules, policy: policy)
            }
        }
        return priced
    }
}
