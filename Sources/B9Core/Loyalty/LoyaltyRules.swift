/// How a shop's loyalty scheme earns and redeems points (`loyalty.*` in the configuration).
///
/// - **L1 points earned**: `spend × pointsPerStep ÷ spendStep`, rounded with `earnRounding`
///   (`down` by default: a customer earns a point only for a full step). `spend` is what the sale
///   charged less what was paid with points.
/// - **L2 redemption**: points pay as a tender worth `pointValue` minor units each; the amount paid
///   with points must be a whole number of points.
/// - **L3 returns**: a return takes back its share of the points the sale earned, and gives back its
///   share of the points redeemed, each as `round(P × (r + q) ÷ T) − round(P × r ÷ T)` with the shop's
///   rounding (the R6 telescoping share), so returning everything takes back exactly what was earned
///   and gives back exactly what was redeemed.
public struct LoyaltyRules: Sendable, Hashable, Codable {
    /// Minor units of spend per earning step (10000 = every 100.00).
    public let spendStep: Int64
    /// Points per full step.
    public let pointsPerStep: Int64
    /// L1's rounding: `down` (default), `half-up` or `half-even`.
    public let earnRounding: ArithmeticRounding
    /// What one point pays, in minor units (100 = 1.00).
    public let pointValue: Int64

    public init(spendStep: Int64, pointsPerStep: Int64 = 1, earnRounding: ArithmeticRounding = .down, pointValue: Int64) throws(CoreError) {
        guard spendStep > 0, pointsPerStep >= 0, pointValue > 0 else {
            throw CoreError(.invalidConfiguration, "loyalty: spend_step and point_value must be more than zero, points_per_step not negative")
        }
        self.spendStep = spendStep
        self.pointsPerStep = pointsPerStep
        self.earnRounding = earnRounding
        self.pointValue = pointValue
    }

    /// L1: the points `spend` (minor units) earns.
    public func pointsEarned(onSpend spend: Int64) throws(CoreError) -> Int64 {
        guard spend > 0 else { return 0 }
        return try ExactArithmetic.mulDiv(spend, pointsPerStep, spendStep, rounding: .round(earnRounding))
    }

    /// L2: the points that pay `amount` minor units.
    /// - Throws: ``CoreError/Code/invalidTender`` unless `amount` is a whole number of points.
    public func points(paying amount: Int64) throws(CoreError) -> Int64 {
        do {
            return try ExactArithmetic.mulDiv(amount, 1, pointValue, rounding: .exact)
        } catch {
            throw CoreError(.invalidTender, "points pay in steps of \(pointValue) minor units; \(amount) is not a whole number of points")
        }
    }
}

/// A member of the loyalty scheme, found by card barcode or phone number.
public struct LoyaltyMember: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
    /// The barcode printed on the member's card.
    public let card: String?
    /// The phone number the member gives (also scannable as a barcode from the shop's app).
    public let phone: String?
    /// The points balance; it may go below zero when a return takes back points already spent.
    public let points: Int64
}

/// One change to a member's points (`loyalty.points` journal entry). A member's balance is the sum of
/// the `points` of their movements.
public struct LoyaltyMovement: Sendable, Hashable, Codable {
    /// Why the points changed.
    public enum Reason: String, Sendable, Hashable, Codable {
        case earned
        case redeemed
        /// A return took back earned points and gave back redeemed ones (L3).
        case returned
    }

    public let memberID: String
    /// Signed points.
    public let points: Int64
    public let reason: Reason
    /// The sale or return id.
    public let reference: String
    public let balanceBefore: Int64
    public let balanceAfter: Int64
    public let createdAt: String
}

/// What a sale did to a member's points (part of the sale's journal entry).
public struct SaleLoyalty: Sendable, Hashable, Codable {
    public let memberID: String
    /// What L1 counted as spend.
    public let spend: Int64
    public let pointsEarned: Int64
    public let pointsRedeemed: Int64
    /// The money the redeemed points paid.
    public let redeemedAmount: Int64
}

/// The member at the till and the shop's rules, given to ``BillingStore/completeSale(_:tenders:policy:cashier:saleID:extras:)``.
public struct LoyaltyCheckout: Sendable, Hashable {
    public let memberID: String
    public let rules: LoyaltyRules

    public init(memberID: String, rules: LoyaltyRules) {
        self.memberID = memberID
        self.rules = rules
    }
}
