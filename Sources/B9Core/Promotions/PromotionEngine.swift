/// What the promotions give a cart: per-line savings and the promotions that produced them.
public struct PromotionOutcome: Sendable, Hashable, Codable {
    /// Saving per cart line id (positive minor units; lines without a saving are absent).
    public let lineSavings: [Int: Int64]
    public let applied: [AppliedPromotion]
    /// Which plan the best-deal rule chose: `combined` or `only:<promotion id>`.
    public let plan: String
    public var totalSaving: Int64 { lineSavings.values.reduce(0, +) }

    static let none = PromotionOutcome(lineSavings: [:], applied: [], plan: "none")
}

/// Applies promotions to a cart with the **best-deal rule** (named `best-deal`):
///
/// 1. Only promotions whose window holds at the given local time take part. Lines with a price
///    override take no promotion; bulk (tier) prices apply first, promotions work on the tier price.
/// 2. Each unit takes at most one promotion. Per-unit offers (percent off, amount off, special price)
///    apply to whole lines; group offers (buy X get Y, multi-buy, mix and match) take whole units,
///    most expensive first, and only from lines sold in whole units.
/// 3. Plans: **combined** — repeatedly apply the single application (one line, or one group) with
///    the largest saving among all promotions, ties to the earlier promotion, until none saves
///    anything; and **only P** — promotion P alone, applied as often as it can, for each P.
/// 4. Every plan's savings are capped per line by the price floor (``PromotionRules``); the plan
///    with the largest total saving wins; ties go to `combined`, then to the earlier promotion.
///
/// So the chosen deal is never worse for the customer than any one promotion on its own, and no line
/// goes below the floor (never negative).
public enum PromotionEngine {
    /// More whole units than this in promoted lines is refused rather than evaluated slowly.
    public static let maximumUnits: Int64 = 10_000

    public static func bestDeal(
        for cart: Cart, promotions: [Promotion], at time: ShopLocalTime, rules: PromotionRules, policy: BillingPolicy
    ) throws(CoreError) -> PromotionOutcome {
        for promotion in promotions { try promotion.validate() }
        let active = promotions.filter { $0.window?.contains(time) ?? true }
        guard !active.isEmpty else { return .none }
        let slots = try makeSlots(cart, active: active, policy: policy)
        guard !slots.isEmpty else { return .none }
        let evaluator = Evaluator(slots: slots, promotions: active, policy: policy)
        var best = try finish(try evaluator.plan(using: Array(active.indices)), slots: slots, promotions: active, rules: rules, plan: "combined")
        for index in active.indices {
            let alone = try finish(try evaluator.plan(using: [index]), slots: slots, promotions: active, rules: rules, plan: "only:\(active[index].id)")
            if alone.totalSaving > best.totalSaving { best = alone }
        }
        return best.totalSaving > 0 ? best : .none
    }

    /// One cart line as promotions see it.
    struct Slot {
        let lineID: Int
        let product: Product
        let unitPrice: Int64
        /// Thousandths sold.
        let quantity: Int64
        /// Whole units, or `nil` for a line sold by weight or length.
        let wholeUnits: Int64?
        let gross: Int64
        /// Indices of the active promotions that apply to this line.
        let promotions: Set<Int>
    }

    static func makeSlots(_ cart: Cart, active: [Promotion], policy: BillingPolicy) throws(CoreError) -> [Slot] {
        var slots: [Slot] = []
        var units: Int64 = 0
        for line in cart.lines where line.priceOverride == nil && line.labelAmount == nil {
            let applicable = Set(active.indices.filter { active[$0].applies(to: line.product) })
            guard !applicable.isEmpty else { continue }
            let unitPrice = line.unitPrice.minorUnits
            let whole = !line.product.unit.allowsFraction && line.quantity.isWhole ? line.quantity.thousandths / Quantity.perUnit : nil
            units = try ExactArithmetic.add(units, whole ?? 1)
            guard units <= maximumUnits else {
                throw CoreError(.invalidQuantity, "promotions are worked out for at most \(maximumUnits) units in one sale; split the sale")
            }
            let gross = try ExactArithmetic.mulDiv(unitPrice, line.quantity.thousandths, Quantity.perUnit, rounding: .round(policy.rounding))
            slots.append(Slot(lineID: line.id, product: line.product, unitPrice: unitPrice, quantity: line.quantity.thousandths,
                              wholeUnits: whole, gross: gross, promotions: applicable))
        }
        return slots
    }

    /// Caps a plan by the floor and summarizes it.
    static func finish(
        _ applications: [Application], slots: [Slot], promotions: [Promotion], rules: PromotionRules, plan: String
    ) throws(CoreError) -> PromotionOutcome {
        var room: [Int64] = []
        for slot in slots { room.append(try rules.maximumSaving(onGross: slot.gross)) }
        var perPromotion: [Int: (applications: Int, lines: [Int: Int64])] = [:]
        var lineSavings: [Int: Int64] = [:]
        for application in applications {
            var counted = false
            for (slot, saving) in application.savings.sorted(by: { $0.key < $1.key }) {
                let granted = min(saving, room[slot])
                guard granted > 0 else { continue }
                room[slot] -= granted
                lineSavings[slots[slot].lineID, default: 0] += granted
                perPromotion[application.promotion, default: (0, [:])].lines[slots[slot].lineID, default: 0] += granted
                counted = true
            }
            if counted { perPromotion[application.promotion]?.applications += 1 }
        }
        let applied = perPromotion.keys.sorted().compactMap { index -> AppliedPromotion? in
            guard let entry = perPromotion[index] else { return nil }
            let lines = entry.lines.keys.sorted().map { AppliedPromotion.LineSaving(line: $0, amount: entry.lines[$0] ?? 0) }
            return AppliedPromotion(
                promotionID: promotions[index].id, name: promotions[index].name, applications: entry.applications,
                amount: lines.reduce(0) { $0 + $1.amount }, lines: lines
            )
        }
        return PromotionOutcome(lineSavings: lineSavings, applied: applied, plan: plan)
    }

    /// One application of one promotion: the units it takes and the saving per slot.
    struct Application {
        let promotion: Int
        let saving: Int64
        /// Units taken per slot (fractional slots: 1 = the whole line).
        let takes: [Int: Int64]
        let savings: [Int: Int64]
    }
}
