/// An exact quantity with three decimal places (thousandths): 1.250 kg, 2.5 m, 3 pieces.
///
/// Three places cover grams in a kilogram, millimetres in a metre and millilitres in a litre;
/// anything finer is refused at parsing rather than rounded.
public struct Quantity: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// Decimal places kept.
    public static let scale = 3
    /// Thousandths in one whole unit.
    public static let perUnit: Int64 = 1000

    /// The quantity in thousandths of its unit.
    public var thousandths: Int64

    public init(thousandths: Int64) {
        self.thousandths = thousandths
    }

    /// A whole number of units.
    public init(units: Int64) {
        self.thousandths = units * Self.perUnit
    }

    /// Parses "1.250", "3", "0.5"; at most three decimals.
    public init(parsing text: String) throws(CoreError) {
        do {
            self.thousandths = try DecimalText.parse(text, scale: Self.scale)
        } catch {
            throw CoreError(.invalidQuantity, "quantity \(error.message)")
        }
    }

    public static let zero = Quantity(thousandths: 0)
    public static let one = Quantity(units: 1)

    public var isWhole: Bool { thousandths % Self.perUnit == 0 }

    /// "1.25", "3".
    public var description: String { DecimalText.formatTrimmed(thousandths, scale: Self.scale) }

    /// Always three decimals: "1.250".
    public var fixedText: String { DecimalText.format(thousandths, scale: Self.scale) }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.thousandths < rhs.thousandths }
}
