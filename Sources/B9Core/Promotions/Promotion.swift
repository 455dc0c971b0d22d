/// A promotion as data: what it gives, on which items, and when. Shops load promotions from the back
/// office as JSON (see `docs/billing-supershop.md`); the till never hard-codes one.
///
/// Amounts are minor units of the shop's currency; percentages are basis points (1000 = 10 %).
public struct Promotion: Sendable, Hashable, Codable, Identifiable {
    /// Which items a promotion applies to.
    public enum Target: Sendable, Hashable, Codable {
        case sku(String)
        case category(String)

        func matches(_ product: Product) -> Bool {
            switch self {
            case .sku(let sku): product.sku == sku
            case .category(let category): product.category == category
            }
        }
    }

    /// What the promotion gives.
    public enum Kind: Sendable, Hashable, Codable {
        /// A percentage off every targeted unit (rounded at R2).
        case percentOff(basisPoints: Int64)
        /// A fixed amount off every targeted unit (never more than the unit's price).
        case amountOff(perUnit: Int64)
        /// A time-limited unit price ("happy hour" price) for the targeted items.
        case specialPrice(unitPrice: Int64)
        /// Buy `buy`, get `get` more at `getBasisPointsOff` off (10000 = free): in each group of
        /// `buy + get` units, the `get` cheapest units get the discount.
        case buyGet(buy: Int, get: Int, getBasisPointsOff: Int64)
        /// "3 for 100": `quantity` units of the same SKU for `price`.
        case multiBuy(quantity: Int, price: Int64)
        /// Any `quantity` units from the targeted group (several SKUs or categories) for `price`.
        case mixAndMatch(quantity: Int, price: Int64)
    }

    public let id: String
    /// As printed on the receipt.
    public let name: String
    public let kind: Kind
    /// The items it applies to: a unit qualifies when any target matches its product.
    public let targets: [Target]
    /// When it applies; `nil` is always.
    public let window: PromotionWindow?

    public init(id: String, name: String, kind: Kind, targets: [Target], window: PromotionWindow? = nil) throws(CoreError) {
        self.id = id
        self.name = name
        self.kind = kind
        self.targets = targets
        self.window = window
        try validate()
    }

    /// Checks the rules a promotion must follow (also for promotions decoded from JSON).
    /// - Throws: ``CoreError/Code/invalidConfiguration`` naming the promotion and the field.
    public func validate() throws(CoreError) {
        func fail(_ what: String) -> CoreError { CoreError(.invalidConfiguration, "promotion '\(id)': \(what)") }
        guard !id.trimmingASCIIWhitespace().isEmpty else { throw CoreError(.invalidConfiguration, "a promotion needs an id") }
        guard !targets.isEmpty else { throw fail("targets: name at least one SKU or category") }
        switch kind {
        case .percentOff(let basisPoints):
            guard (1...10_000).contains(basisPoints) else { throw fail("percentOff: between 0.01 and 100 %") }
        case .amountOff(let amount):
            guard amount > 0 else { throw fail("amountOff: more than zero") }
        case .specialPrice(let price):
            guard price >= 0 else { throw fail("specialPrice: not negative") }
        case .buyGet(let buy, let get, let off):
            guard buy >= 1, get >= 1, buy + get <= 1_000 else { throw fail("buyGet: buy and get are at least 1") }
            guard (1...10_000).contains(off) else { throw fail("buyGet: the discount is between 0.01 and 100 %") }
        case .multiBuy(let quantity, let price), .mixAndMatch(let quantity, let price):
            guard (2...1_000).contains(quantity) else { throw fail("quantity: 2 to 1000 units") }
            guard price >= 0 else { throw fail("price: not negative") }
        }
        try window?.validate(promotionID: id)
    }

    func applies(to product: Product) -> Bool { targets.contains { $0.matches(product) } }
}

/// What a shop's promotions may do at most (`promotions.floor_percent`).
public struct PromotionRules: Sendable, Hashable, Codable {
    /// The price floor: after promotions every line keeps at least this share of its amount
    /// (basis points of the line's gross; 0 = promotions may make a line free, never negative).
    public let floorBasisPoints: Int64

    public init(floorBasisPoints: Int64 = 0) throws(CoreError) {
        guard (0...10_000).contains(floorBasisPoints) else {
            throw CoreError(.invalidConfiguration, "promotions.floor_percent must be between 0 and 100")
        }
        self.floorBasisPoints = floorBasisPoints
    }

    /// No floor beyond zero.
    public static let standard = PromotionRules(unchecked: 0)

    private init(unchecked: Int64) { self.floorBasisPoints = unchecked }

    /// The most promotions may take off a line of `gross`: `gross × (1 − floor)`, rounded down, so the
    /// line never falls below the floor.
    func maximumSaving(onGross gross: Int64) throws(CoreError) -> Int64 {
        guard gross > 0 else { return 0 }
        return try ExactArithmetic.mulDiv(gross, 10_000 - floorBasisPoints, 10_000, rounding: .round(.down))
    }
}

/// One promotion as it was applied to a sale: recorded on the sale and in its journal entry.
public struct AppliedPromotion: Sendable, Hashable, Codable {
    /// What one line got from the promotion.
    public struct LineSaving: Sendable, Hashable, Codable {
        public let line: Int
        public let amount: Int64
    }

    public let promotionID: String
    public let name: String
    /// How many times it applied (groups for multi-buys, lines for per-unit offers).
    public let applications: Int
    /// The saving, positive minor units; the sum of `lines`.
    public let amount: Int64
    public let lines: [LineSaving]
}
