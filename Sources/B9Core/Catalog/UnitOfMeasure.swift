/// The unit a product is sold in, and its exact relation to the other units of the same dimension.
///
/// Every unit is a whole number of its dimension's base unit, chosen fine enough that all the
/// units below convert exactly: nanograms for mass (so pounds and ounces are whole), micrometres
/// for length (feet and inches), microlitres for volume, square millimetres for area, pieces for counts.
/// A box of N is N pieces.
public struct UnitOfMeasure: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What a unit measures; only units of one dimension convert into each other.
    public enum Dimension: String, Sendable, Hashable, Codable {
        case count, mass, length, volume, area
    }

    /// The code used in catalogs and configuration: `pc`, `kg`, `g`, `lb`, `oz`, `m`, `cm`, `mm`,
    /// `ft`, `in`, `l`, `ml`, `m2`, or `box:N` (a box of N pieces).
    public let code: String
    public let dimension: Dimension
    /// How many base units one of this unit is.
    public let baseUnits: Int64

    private init(code: String, dimension: Dimension, baseUnits: Int64) {
        self.code = code
        self.dimension = dimension
        self.baseUnits = baseUnits
    }

    public static let piece = UnitOfMeasure(code: "pc", dimension: .count, baseUnits: 1)
    public static let kilogram = UnitOfMeasure(code: "kg", dimension: .mass, baseUnits: 1_000_000_000_000)
    public static let gram = UnitOfMeasure(code: "g", dimension: .mass, baseUnits: 1_000_000_000)
    /// 1 lb = 0.45359237 kg exactly.
    public static let pound = UnitOfMeasure(code: "lb", dimension: .mass, baseUnits: 453_592_370_000)
    /// 1 oz = 1/16 lb exactly.
    public static let ounce = UnitOfMeasure(code: "oz", dimension: .mass, baseUnits: 28_349_523_125)
    public static let metre = UnitOfMeasure(code: "m", dimension: .length, baseUnits: 1_000_000)
    public static let centimetre = UnitOfMeasure(code: "cm", dimension: .length, baseUnits: 10_000)
    public static let millimetre = UnitOfMeasure(code: "mm", dimension: .length, baseUnits: 1_000)
    /// 1 ft = 0.3048 m exactly.
    public static let foot = UnitOfMeasure(code: "ft", dimension: .length, baseUnits: 304_800)
    /// 1 in = 25.4 mm exactly.
    public static let inch = UnitOfMeasure(code: "in", dimension: .length, baseUnits: 25_400)
    public static let litre = UnitOfMeasure(code: "l", dimension: .volume, baseUnits: 1_000_000)
    public static let millilitre = UnitOfMeasure(code: "ml", dimension: .volume, baseUnits: 1_000)
    public static let squareMetre = UnitOfMeasure(code: "m2", dimension: .area, baseUnits: 1_000_000)

    /// A box (pack, carton) of `count` pieces.
    public static func box(of count: Int64) throws(CoreError) -> UnitOfMeasure {
        guard count >= 1, count <= 1_000_000 else {
            throw CoreError(.unknownUnit, "a box holds 1 to 1000000 pieces (got \(count))")
        }
        return UnitOfMeasure(code: "box:\(count)", dimension: .count, baseUnits: count)
    }

    /// The fixed units, by code.
    public static let standard: [UnitOfMeasure] = [
        .piece, .kilogram, .gram, .pound, .ounce, .metre, .centimetre, .millimetre, .foot, .inch,
        .litre, .millilitre, .squareMetre,
    ]

    /// Looks a unit up by its code (see ``code``).
    public static func named(_ code: String) throws(CoreError) -> UnitOfMeasure {
        if let unit = standard.first(where: { $0.code == code }) { return unit }
        if code.hasPrefix("box:"), let count = Int64(code.dropFirst(4)) {
            return try box(of: count)
        }
        throw CoreError(
            .unknownUnit,
            "unknown unit '\(code)'; use one of \(standard.map(\.code).joined(separator: ", ")) or box:N (e.g. box:12)"
        )
    }

    /// Whether a quantity of this unit may have a fraction (a kilogram may, a piece or a box may not).
    public var allowsFraction: Bool { dimension != .count }

    /// Checks that `quantity` is a valid amount to sell in this unit.
    public func validate(_ quantity: Quantity) throws(CoreError) {
        guard quantity.thousandths > 0 else {
            throw CoreError(.invalidQuantity, "quantity must be more than zero (got \(quantity) \(code))")
        }
        guard allowsFraction || quantity.isWhole else {
            throw CoreError(.invalidQuantity, "\(code) is sold in whole units (got \(quantity))")
        }
    }

    /// Converts `quantity` of this unit into `target`, exactly.
    ///
    /// - Throws: ``CoreError/Code/incompatibleUnits`` across dimensions;
    ///   ``CoreError/Code/inexactConversion`` when the result would need more than three decimals
    ///   (e.g. 0.5 g in kg), so no quantity is ever silently rounded.
    public func convert(_ quantity: Quantity, to target: UnitOfMeasure) throws(CoreError) -> Quantity {
        guard dimension == target.dimension else {
            throw CoreError(.incompatibleUnits, "cannot convert \(code) to \(target.code)")
        }
        do {
            let value = try ExactArithmetic.mulDiv(quantity.thousandths, baseUnits, target.baseUnits, rounding: .exact)
            return Quantity(thousandths: value)
        } catch where error.code == .inexactConversion {
            throw CoreError(.inexactConversion, "\(quantity) \(code) is not a whole number of thousandths of \(target.code)")
        }
    }

    public var description: String { code }
}
