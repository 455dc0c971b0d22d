/// A unit a scale weighs in. Conversions are exact: 1 lb = 453.59237 g (international avoirdupois pound,
/// 1959 agreement; NIST Handbook 44 appendix C) and 1 oz = 1/16 lb = 28.349523125 g.
public struct WeightUnit: Hashable, Sendable, CustomStringConvertible {
    /// The symbol written on the wire and in JSON: `kg`, `g`, `lb`, `oz`.
    public let symbol: String
    /// Grams per one of this unit, as an exact decimal.
    let gramsPerUnit: (mantissa: Int128, decimals: Int)

    private init(_ symbol: String, _ mantissa: Int128, _ decimals: Int) {
        self.symbol = symbol
        self.gramsPerUnit = (mantissa, decimals)
    }

    public static let kilogram = WeightUnit("kg", 1000, 0)
    public static let gram = WeightUnit("g", 1, 0)
    public static let pound = WeightUnit("lb", 45_359_237, 5)
    public static let ounce = WeightUnit("oz", 28_349_523_125, 9)

    /// Every unit, for parsing.
    public static let all: [WeightUnit] = [.kilogram, .gram, .pound, .ounce]

    /// The unit for a symbol as scales print it (`kg`, `KG`, `Kg`, `g`, `lb`, `LB`, `oz`), or nil.
    public init?(symbol: some StringProtocol) {
        let lowered = symbol.lowercased().filter { $0 != " " }
        guard let unit = Self.all.first(where: { $0.symbol == lowered }) else { return nil }
        self = unit
    }

    public var description: String { symbol }

    public static func == (lhs: WeightUnit, rhs: WeightUnit) -> Bool { lhs.symbol == rhs.symbol }
    public func hash(into hasher: inout Hasher) { hasher.combine(symbol) }
}

/// An exact weight: a decimal amount in a unit, exactly as the scale printed it.
///
/// No `Double` anywhere. Two weights are equal when they are the same mass (`1 kg == 1000 g`).
public struct Weight: Sendable, Hashable, CustomStringConvertible {
    /// The amount in `unit`, with the decimals the scale sent.
    public let amount: ExactDecimal
    /// The unit of `amount`.
    public let unit: WeightUnit

    /// A weight of `amount` `unit`.
    public init(_ amount: ExactDecimal, _ unit: WeightUnit) {
        self.amount = amount
        self.unit = unit
    }

    /// Parses `"1.234"` in `unit`.
    /// - Throws: `ScaleError.invalidWeight` when the text is not a decimal number.
    public init(parsing text: some StringProtocol, unit: WeightUnit) throws(ScaleError) {
        self.init(try ExactDecimal(parsing: text), unit)
    }

    /// Convenience: `mantissa` × 10^-`decimals` `unit`.
    public init(mantissa: Int64, decimals: Int, unit: WeightUnit) throws(ScaleError) {
        self.init(try ExactDecimal(mantissa: mantissa, decimals: decimals), unit)
    }

    /// `"1.234 kg"`.
    public var description: String { "\(amount) \(unit.symbol)" }

    /// Whether the mass is below zero.
    public var isNegative: Bool { amount.isNegative }
    /// Whether the mass is zero.
    public var isZero: Bool { amount.isZero }

    /// The exact mass in grams as (mantissa, decimals), wide enough that it cannot overflow.
    var gramsWide: (mantissa: Int128, decimals: Int) {
        (Int128(amount.mantissa) * unit.gramsPerUnit.mantissa, amount.decimals + unit.gramsPerUnit.decimals)
    }

    /// The exact mass in grams.
    /// - Throws: `arithmeticOverflow` when it does not fit 64 bits at the needed decimals.
    public func grams() throws(ScaleError) -> ExactDecimal {
        var (m, d) = gramsWide
        while d > 0, m % 10 == 0 {
            m /= 10
            d -= 1
        }
        guard let narrow = Int64(exactly: m), d <= ExactDecimal.maximumDecimals else {
            throw ScaleError(.arithmeticOverflow, "\(self) is too large to express in grams.")
        }
        return ExactDecimal(unchecked: narrow, decimals: d)
    }

    /// The exact mass in whole milligrams.
    /// - Throws: `inexactConversion` when the mass is not a whole number of milligrams (e.g. 0.001 oz),
    ///   `arithmeticOverflow` when it does not fit.
    public func milligrams() throws(ScaleError) -> Int64 {
        try grams().rescaled(to: 3).mantissa
    }

    /// The same mass in another unit, with the fewest decimals that keep it exact.
    /// - Throws: `inexactConversion` when the mass has no finite decimal form in `target` (most gram
    ///   amounts in pounds), `arithmeticOverflow` when it does not fit.
    public func converted(to target: WeightUnit) throws(ScaleError) -> Weight {
        if target == unit { return self }
        let (numerator, numeratorDecimals) = gramsWide
        let denominator = target.gramsPerUnit.mantissa
        var decimals = numeratorDecimals - target.gramsPerUnit.decimals
        var scaled = numerator
        while scaled % denominator != 0 {
            guard decimals < ExactDecimal.maximumDecimals else {
                throw ScaleError(.inexactConversion, "\(self) has no exact value in \(target.symbol).")
            }
            let (next, overflow) = scaled.multipliedReportingOverflow(by: 10)
            guard !overflow else {
                throw ScaleError(.arithmeticOverflow, "\(self) is too large to convert to \(target.symbol).")
            }
            scaled = next
            decimals += 1
        }
        var mantissa = scaled / denominator
        while decimals < 0 {
            mantissa *= 10
            decimals += 1
        }
        while decimals > 0, mantissa % 10 == 0 {
            mantissa /= 10
            decimals -= 1
        }
        guard let narrow = Int64(exactly: mantissa) else {
            throw ScaleError(.arithmeticOverflow, "\(self) is too large to convert to \(target.symbol).")
        }
        return Weight(ExactDecimal(unchecked: narrow, decimals: decimals), target)
    }

    /// Orders two masses exactly, whatever their units.
    public func compare(to other: Weight) -> ComparisonResult {
        let (lm, ld) = gramsWide
        let (rm, rd) = other.gramsWide
        // Compare lm / 10^ld with rm / 10^rd without overflow: bring both to the larger scale step by step.
        var a = lm
        var b = rm
        var da = ld
        var db = rd
        while da < db {
            let (next, overflow) = a.multipliedReportingOverflow(by: 10)
            if overflow { return a > 0 ? .greater : .less }
            a = next
            da += 1
        }
        while db < da {
            let (next, overflow) = b.multipliedReportingOverflow(by: 10)
            if overflow { return b > 0 ? .less : .greater }
            b = next
            db += 1
        }
        return a < b ? .less : (a > b ? .greater : .equal)
    }

    public static func == (lhs: Weight, rhs: Weight) -> Bool { lhs.compare(to: rhs) == .equal }

    public func hash(into hasher: inout Hasher) {
        var (m, d) = gramsWide
        while d > 0, m % 10 == 0 {
            m /= 10
            d -= 1
        }
        hasher.combine(m)
        hasher.combine(d)
    }

    /// The result of comparing two weights.
    public enum ComparisonResult: Sendable { case less, equal, greater }
}
