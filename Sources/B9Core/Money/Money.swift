/// An exact amount of money: integer minor units (paisa, cents) of one currency. Never a `Double`.
public struct Money: Sendable, Hashable, Codable, CustomStringConvertible {
    public var minorUnits: Int64
    public var currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Zero in `currency`.
    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    /// Parses decimal text in major units ("120.50") exactly; more decimals than the currency has is an error.
    public init(parsing text: String, currency: Currency) throws(CoreError) {
        self.init(minorUnits: try DecimalText.parse(text, scale: currency.minorUnitDigits), currency: currency)
    }

    /// The amount in major units with the currency's decimals, e.g. "120.50".
    public var decimalText: String { DecimalText.format(minorUnits, scale: currency.minorUnitDigits) }

    /// "BDT 120.50".
    public var description: String { "\(currency.code) \(decimalText)" }

    public var isNegative: Bool { minorUnits < 0 }

    /// Sum of two amounts of the same currency.
    /// - Throws: ``CoreError/Code/currencyMismatch`` or ``CoreError/Code/arithmeticOverflow``.
    public func adding(_ other: Money) throws(CoreError) -> Money {
        try requireSameCurrency(other)
        return Money(minorUnits: try ExactArithmetic.add(minorUnits, other.minorUnits), currency: currency)
    }

    /// Difference of two amounts of the same currency.
    public func subtracting(_ other: Money) throws(CoreError) -> Money {
        try requireSameCurrency(other)
        return Money(minorUnits: try ExactArithmetic.add(minorUnits, -other.minorUnits), currency: currency)
    }

    private func requireSameCurrency(_ other: Money) throws(CoreError) {
        guard other.currency == currency else {
            throw CoreError(.currencyMismatch, "cannot combine \(currency.code) with \(other.currency.code)")
        }
    }
}
