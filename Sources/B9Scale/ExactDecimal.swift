/// An exact decimal number: an integer `mantissa` scaled by 10^-`decimals`, as scales print them.
///
/// Used for weights and for the prices a price-computing scale returns. There is no floating point
/// anywhere: `"1.230"` is mantissa 1230 with 3 decimals. Equality is by value (`1.2 == 1.20`).
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The integer value before the decimal point is placed.
    public let mantissa: Int64
    /// How many digits of `mantissa` are after the decimal point (0…18).
    public let decimals: Int

    /// The largest number of decimals a value may carry.
    public static let maximumDecimals = 18

    /// Creates `mantissa` × 10^-`decimals`.
    /// - Throws: `ScaleError.invalidWeight` when `decimals` is outside 0…18.
    public init(mantissa: Int64, decimals: Int) throws(ScaleError) {
        guard (0...Self.maximumDecimals).contains(decimals) else {
            throw ScaleError(.invalidWeight, "A value may have 0 to 18 decimals, not \(decimals).")
        }
        self.mantissa = mantissa
        self.decimals = decimals
    }

    init(unchecked mantissa: Int64, decimals: Int) {
        self.mantissa = mantissa
        self.decimals = decimals
    }

    /// Zero with no decimals.
    public static let zero = ExactDecimal(unchecked: 0, decimals: 0)

    /// Parses decimal text such as `"12.345"`, `"-0.5"`, `"+003.20"`, `"  1.5"` (spaces around are ignored;
    /// a comma is accepted as the decimal mark because European scales print one).
    /// - Throws: `ScaleError.invalidWeight` for anything else.
    public init(parsing text: some StringProtocol) throws(ScaleError) {
        var bytes = Array(text.utf8)[...]
        while let first = bytes.first, first == 0x20 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 { bytes = bytes.dropLast() }
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
            while let next = bytes.first, next == 0x20 { bytes = bytes.dropFirst() }
        }
        var mantissa: Int64 = 0
        var decimals = 0
        var seenPoint = false
        var digits = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (times, o1) = mantissa.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                guard !o1, !o2 else {
                    throw ScaleError(.invalidWeight, "The number \"\(String(text))\" has too many digits.")
                }
                mantissa = plus
                digits += 1
                if seenPoint { decimals += 1 }
            case UInt8(ascii: "."), UInt8(ascii: ","):
                guard !seenPoint else {
                    throw ScaleError(.invalidWeight, "The number \"\(String(text))\" has two decimal marks.")
                }
                seenPoint = true
            default:
                throw ScaleError(.invalidWeight, "\"\(String(text))\" is not a decimal number.")
            }
        }
        guard digits > 0, decimals <= Self.maximumDecimals else {
            throw ScaleError(.invalidWeight, "\"\(String(text))\" is not a decimal number.")
        }
        self.mantissa = negative ? -mantissa : mantissa
        self.decimals = decimals
    }

    /// The value as text with exactly `decimals` digits after the point, e.g. `"-0.050"`.
    public var description: String {
        let magnitude = mantissa.magnitude
        var digits = String(magnitude)
        if decimals > 0 {
            if digits.count <= decimals {
                digits = String(repeating: "0", count: decimals - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return mantissa < 0 ? "-" + digits : digits
    }

    /// The value without its sign, e.g. `"0.050"` for -0.05 at 3 decimals.
    var magnitudeDescription: String {
        mantissa < 0 ? String(description.dropFirst()) : description
    }

    /// Whether the value is below zero.
    public var isNegative: Bool { mantissa < 0 }
    /// Whether the value is zero.
    public var isZero: Bool { mantissa == 0 }

    /// The value scaled to `Int128` at `decimals` places (exact; `decimals` must be ≥ `self.decimals`).
    func scaled(to target: Int) -> Int128 {
        var value = Int128(mantissa)
        for _ in 0..<(target - decimals) { value *= 10 }
        return value
    }

    /// The same value with trailing zero decimals removed (the canonical form for equality).
    var normalized: ExactDecimal {
        var m = mantissa
        var d = decimals
        while d > 0, m % 10 == 0 {
            m /= 10
            d -= 1
        }
        return ExactDecimal(unchecked: m, decimals: d)
    }

    /// The value rescaled to exactly `target` decimals.
    /// - Throws: `inexactConversion` when digits would be lost, `arithmeticOverflow` when it does not fit.
    public func rescaled(to target: Int) throws(ScaleError) -> ExactDecimal {
        guard (0...Self.maximumDecimals).contains(target) else {
            throw ScaleError(.invalidWeight, "A value may have 0 to 18 decimals, not \(target).")
        }
        if target >= decimals {
            let wide = scaled(to: target)
            guard let narrow = Int64(exactly: wide) else {
                throw ScaleError(.arithmeticOverflow, "\(self) does not fit with \(target) decimals.")
            }
            return ExactDecimal(unchecked: narrow, decimals: target)
        }
        var m = mantissa
        for _ in 0..<(decimals - target) {
            guard m % 10 == 0 else {
                throw ScaleError(.inexactConversion, "\(self) cannot be written exactly with \(target) decimals.")
            }
            m /= 10
        }
        return ExactDecimal(unchecked: m, decimals: target)
    }

    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        let common = max(lhs.decimals, rhs.decimals)
        return lhs.scaled(to: common) == rhs.scaled(to: common)
    }

    public func hash(into hasher: inout Hasher) {
        let canonical = normalized
        hasher.combine(canonical.mantissa)
        hasher.combine(canonical.decimals)
    }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        let common = max(lhs.decimals, rhs.decimals)
        return lhs.scaled(to: common) < rhs.scaled(to: common)
    }
}
