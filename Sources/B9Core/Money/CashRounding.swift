/// Rounding of the amount paid in cash to the smallest coin the shop hands out.
///
/// Applied at one point, **R5**: when a sale is settled and cash (local or foreign) pays the
/// rest of the bill after every non-cash tender, that rest is rounded to the nearest step
/// (halves away from zero). The difference is recorded on the sale as its rounding adjustment,
/// so `grand total + adjustment` is what the customer pays. Card, wallet and account payments
/// are never rounded.
public struct CashRounding: Sendable, Hashable, Codable {
    /// The step in minor units (25 = 0.25 in a two-decimal currency); 0 or 1 means no rounding.
    public let stepMinorUnits: Int64

    public init(stepMinorUnits: Int64) {
        self.stepMinorUnits = max(0, stepMinorUnits)
    }

    /// No cash rounding.
    public static let none = CashRounding(stepMinorUnits: 0)

    /// The configuration names: `none`, `0.25`, `0.50`, `1.00` (in major units of the currency).
    public static func named(_ name: String, currency: Currency) throws(CoreError) -> CashRounding {
        if name == "none" { return .none }
        let allowed = ["0.25", "0.50", "1.00"]
        guard allowed.contains(name) else {
            throw CoreError(.invalidConfiguration, "cash rounding must be one of none, 0.25, 0.50, 1.00 (got '\(name)')")
        }
        let step = try DecimalText.parse(name, scale: 2)
        let inMinor = try ExactArithmetic.mulDiv(step, currency.minorUnitsPerMajor, 100, rounding: .exact)
        return CashRounding(stepMinorUnits: inMinor)
    }

    /// The name this rule is configured by.
    public func name(currency: Currency) -> String {
        guard isActive else { return "none" }
        return DecimalText.format(stepMinorUnits * 100 / currency.minorUnitsPerMajor, scale: 2)
    }

    /// Whether this rule changes any amount at all.
    public var isActive: Bool { stepMinorUnits > 1 }

    /// `amount` rounded to the nearest step, halves away from zero.
    public func round(_ amount: Int64) throws(CoreError) -> Int64 {
        guard isActive else { return amount }
        let steps = try ExactArithmetic.mulDiv(amount, 1, stepMinorUnits, rounding: .round(.halfUp))
        return steps * stepMinorUnits
    }
}
