/// The kind of shop a till serves, as configuration: one code path, rules switched on per shop.
///
/// A feature that is off is refused with ``CoreError/Code/featureNotEnabled`` by the operations
/// that need it; everything else (selling, returns, shifts, reports) is common to every shop.
public struct ShopRules: Sendable, Hashable, Codable {
    /// A rule a shop can switch on.
    public enum Feature: String, Sendable, Hashable, Codable, CaseIterable {
        /// Contractor accounts: sales on account within a credit limit, payments on account, statements.
        case contractorAccounts = "contractor-accounts"
    }

    /// The preset a shop starts from (`shop.variant` in the configuration).
    public enum Variant: String, Sendable, Hashable, Codable, CaseIterable {
        case general
        case hardware
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
        }
    }
}
