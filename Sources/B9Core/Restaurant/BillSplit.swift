/// Splitting a bill between guests so that the parts add up to the bill exactly (no minor unit lost or
/// made up), with ``ExactArithmetic/allocate(_:proportionalTo:)``.
public enum BillSplit {
    /// What each line costs the guest: its net amount, plus its VAT share when prices exclude VAT.
    /// These add up to the grand total exactly.
    public static func lineAmounts(_ cart: Cart, policy: BillingPolicy) throws(CoreError) -> (total: Int64, lines: [Int: Int64]) {
        let totals = try TotalsCalculator(policy: policy).totals(of: cart)
        var amounts: [Int: Int64] = [:]
        for (line, amount) in zip(cart.lines, totals.lines) {
            amounts[line.id] = amount.net + (line.product.vat.pricesIncludeVAT ? 0 : amount.vat)
        }
        return (totals.grandTotal, amounts)
    }

    /// `parts` equal shares of the bill; the first parts take the odd minor units.
    public static func evenly(_ cart: Cart, parts: Int, policy: BillingPolicy) throws(CoreError) -> [Int64] {
        guard (1...100).contains(parts) else { throw CoreError(.invalidAmount, "a bill is split into 1 to 100 parts") }
        let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
        return try ExactArithmetic.allocate(total, proportionalTo: Array(repeating: 1, count: parts))
    }

    /// One part per group of line ids: each part pays its lines. Lines named by no group (the service
    /// charge, a shared dish) are shared between the parts in proportion to what they already pay
    /// (evenly when they pay nothing yet). A line may be named only once.
    public static func byItems(_ cart: Cart, groups: [[Int]], policy: BillingPolicy) throws(CoreError) -> [Int64] {
        guard !groups.isEmpty, groups.count <= 100 else { throw CoreError(.invalidAmount, "a bill is split into 1 to 100 parts") }
        let (_, amounts) = try lineAmounts(cart, policy: policy)
        var named = Set<Int>()
        var parts: [Int64] = []
        for group in groups {
            var part: Int64 = 0
            for line in group {
                guard let amount = amounts[line] else { throw CoreError(.lineNotFound, "the bill has no line \(line)") }
                guard named.insert(line).inserted else { throw CoreError(.invalidAmount, "line \(line) is in two parts of the split") }
                part = try ExactArithmetic.add(part, amount)
            }
            parts.append(part)
        }
        var shared: Int64 = 0
        for line in cart.lines where !named.contains(line.id) { shared = try ExactArithmetic.add(shared, amounts[line.id] ?? 0) }
        let weights = parts.allSatisfy({ $0 == 0 }) ? Array(repeating: Int64(1), count: parts.count) : parts.map { max(0, $0) }
        let shares = try ExactArithmetic.allocate(shared, proportionalTo: weights)
        return zip(parts, shares).map { $0 + $1 }
    }
}
