/// The shop's billing rules: currency, rounding, discount limits and accepted tenders.
///
/// Built once from configuration by the executable; every calculation in B9Core takes it explicitly.
public struct BillingPolicy: Sendable, Hashable, Codable {
    /// The shop's currency (default BDT).
    public var currency: Currency
    /// Rounding rule for points R1–R4 (see ``ArithmeticRounding``).
    public var rounding: ArithmeticRounding
    /// Rounding of cash payments, point R5 (see ``CashRounding``).
    public var cashRounding: CashRounding
    /// The largest discount a cashier may give on a line or a cart, in basis points of the amount
    /// it applies to (2000 = 20 %). Larger discounts are refused.
    public var maximumDiscountBasisPoints: Int64
    /// Tenders the till accepts besides local cash and card.
    public var tenders: TenderConfiguration

    public init(
        currency: Currency = .bdt,
        rounding: ArithmeticRounding = .halfUp,
        cashRounding: CashRounding = .none,
        maximumDiscountBasisPoints: Int64 = 2_000,
        tenders: TenderConfiguration = TenderConfiguration()
    ) throws(CoreError) {
        guard rounding != .down else {
            throw CoreError(.invalidConfiguration, "billing.rounding must be half-up or half-even")
        }
        guard (0...10_000).contains(maximumDiscountBasisPoints) else {
            throw CoreError(.invalidConfiguration, "billing.max_discount_percent must be between 0 and 100")
        }
        self.currency = currency
        self.rounding = rounding
        self.cashRounding = cashRounding
        self.maximumDiscountBasisPoints = maximumDiscountBasisPoints
        self.tenders = tenders
    }

    /// BDT, half-up, no cash rounding, 20 % discount limit, bKash and Nagad wallets.
    public static let standard: BillingPolicy = {
        do {
            return try BillingPolicy(tenders: TenderConfiguration(mobileWallets: ["bKash", "Nagad"]))
        } catch {
            preconditionFailure("the built-in billing policy is valid: \(error)")
        }
    }()
}
