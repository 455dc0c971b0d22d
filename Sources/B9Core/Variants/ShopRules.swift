/// The kind of shop a till serves, as configuration: one code path, rules switched on per shop.
///
/// A feature that is off is refused with ``CoreError/Code/featureNotEnabled`` by the operations
/// that need it; everything else (selling, returns, shifts, reports) is common to every shop.
public struct ShopRules: Sendable, Hashable, Codable {
    /// A rule a shop can switch on.
    public enum Feature: String, Sendable, Hashable, Codable, CaseIterable {
        /// Contractor accounts: sales on account within a credit limit, payments on account, statements.
        case contractorAccounts = "contractor-accounts"
        /// Loyalty members with points earned per spend and redeemed as a tender.
        case loyalty
        /// Tables, open tabs, kitchen orders, bill splitting, service charge and tips.
        case tables
        /// Customer projects, quotations, orders with deposits, partial deliveries and final invoices.
        case projects
    }

    /// The preset a shop starts from (`shop.variant` in the configuration).
    public enum Variant: String, Sendable, Hashable, Codable, CaseIterable {
        case general
        case hardware
        /// Super shop: promotions (data, for every shop) and loyalty.
        case supershop
        case restaurant
        /// Sanitary ware: project sales.
        case sanitary
    }

    public let variant: Variant
    public let features: Set<Feature>

    public init(variant: Variant, features: Set<Feature>? = nil) {
        self.variant = variant
        self.features = features ?? Self.defaultFeatures(variant)
    }

    public func has(_ feature: Feature) -> Bool { features.contains(feature) }

    /// Throws unless `feature` is on.
    public func require(_ feature: Feature) throws(CoreError) {
        guard has(feature) else {
            throw CoreError(.featureNotEnabled, "\(feature.rawValue) is not switched on for this shop (variant \(variant.rawValue))")
        }
    }

    static func defaultFeatures(_ variant: Variant) -> Set<Feature> {
        switch variant {
        case .general: []
        case .hardware: [.contractorAccounts]
        case .supershop: [.loyalty]
        case .restaurant: [.tables]
        case .sanitary: [.projects]
        }
    }
}
