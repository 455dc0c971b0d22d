/// Integer arithmetic with a 128-bit intermediate, so `a × b ÷ d` is exact before the one rounding step.
///
/// Every division that can leave a remainder in billing goes through ``mulDiv(_:_:_:rounding:)``:
/// that is what makes each rounding rule applied at exactly one, named point.
public enum ExactArithmetic {
    /// How a remainder is resolved in ``mulDiv(_:_:_:rounding:)``.
    public enum Remainder: Sendable {
        /// Round with the given rule.
        case round(ArithmeticRounding)
        /// Throw ``CoreError/Code/inexactConversion`` if the division leaves a remainder.
        case exact
    }

    /// Computes `a × b ÷ divisor` exactly and resolves the remainder as asked.
    ///
    /// - Throws: ``CoreError/Code/arithmeticOverflow`` if the result does not fit 64 bits;
    ///   ``CoreError/Code/inexactConversion`` with `.exact` and a non-zero remainder.
    public static func mulDiv(_ a: Int64, _ b: Int64, _ divisor: Int64, rounding: Remainder) throws(CoreError) -> Int64 {
        guard divisor > 0 else {
            throw CoreError(.arithmeticOverflow, "division by a non-positive number (\(divisor))")
        }
        let negative = (a < 0) != (b < 0)
        let product = a.magnitude.multipliedFullWidth(by: b.magnitude)
        let d = UInt64(divisor)
        guard product.high < d else {
            throw CoreError(.arithmeticOverflow, "\(a) × \(b) ÷ \(divisor) is too large to represent")
        }
        let (quotient, remainder) = d.dividingFullWidth((high: product.high, low: product.low))
        var magnitude = quotient
        if remainder != 0 {
            switch rounding {
            case .exact:
                throw CoreError(.inexactConversion, "\(a) × \(b) ÷ \(divisor) is not a whole number")
            case .round(let rule):
                if rule.roundsAway(quotient: quotient, remainder: remainder, divisor: d) {
                    magnitude += 1
                }
            }
        }
        guard magnitude <= UInt64(Int64.max) else {
            throw CoreError(.arithmeticOverflow, "\(a) × \(b) ÷ \(divisor) is too large to represent")
        }
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }

    /// `a + b`, throwing instead of trapping on overflow.
    public static func add(_ a: Int64, _ b: Int64) throws(CoreError) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw CoreError(.arithmeticOverflow, "\(a) + \(b) is too large to represent") }
        return sum
    }

    /// Splits `total` into parts proportional to `weights` that add up to `total` exactly
    /// (largest-remainder method; ties go to the earlier part).
    ///
    /// Used to spread a cart discount over its lines and a VAT amount over the lines of its rate.
    /// All weights must be non-negative; if they are all zero the parts are all zero except that
    /// `total` goes to the first part.
    public static func allocate(_ total: Int64, proportionalTo weights: [Int64]) throws(CoreError) -> [Int64] {
        guard !weights.isEmpty else { return [] }
        guard weights.allSatisfy({ $0 >= 0 }) else {
            throw CoreError(.invalidAmount, "cannot allocate over negative weights")
        }
        var weightSum: Int64 = 0
        for weight in weights { weightSum = try add(weightSum, weight) }
        guard weightSum > 0 else {
            return [total] + Array(repeating: 0, count: weights.count - 1)
        }
        guard total != Int64.min else {
            throw CoreError(.arithmeticOverflow, "cannot allocate \(total)")
        }
        let magnitude = Int64(total.magnitude)
        var parts: [Int64] = []
        var remainders: [(index: Int, remainder: UInt64)] = []
        parts.reserveCapacity(weights.count)
        remainders.reserveCapacity(weights.count)
        for (index, weight) in weights.enumerated() {
            parts.append(try mulDiv(magnitude, weight, weightSum, rounding: .round(.down)))
            let product = UInt64(magnitude).multipliedFullWidth(by: UInt64(weight))
            remainders.append((index, UInt64(weightSum).dividingFullWidth((high: product.high, low: product.low)).remainder))
        }
        var leftover = magnitude - parts.reduce(0, +)
        let order = remainders.sorted { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        var cursor = 0
        while leftover > 0 {
            parts[order[cursor % order.count].index] += 1
            leftover -= 1
            cursor += 1
        }
        return total < 0 ? parts.map { -$0 } : parts
    }
}
