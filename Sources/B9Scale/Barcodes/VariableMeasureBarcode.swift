/// A layout of GS1 variable-measure EAN-13 codes (prefixes 20–29, "restricted circulation numbers",
/// GS1 General Specifications §2.1.14). Each shop or national GS1 organisation fixes its own layouts:
///
///     2P IIIII VVVVV C        item + 5-digit measure          (itemDigits 5, measureDigits 5)
///     2P IIII K VVVVV C       item + verifier + 5-digit       (itemDigits 4, measureDigits 5, verifier)
///     2P IIIII K VVVV C       item + verifier + 4-digit       (itemDigits 5, measureDigits 4, verifier)
///
/// where 2P is the prefix, K the price/measure verifier digit (§7.9.2–7.9.4) and C the EAN-13 check digit.
public struct VariableMeasureLayout: Sendable, Hashable {
    /// What the measure field holds.
    public enum Measure: Sendable, Hashable {
        /// A weight in `unit` with `decimals` implied decimals (e.g. grams: kg with 3 decimals).
        case weight(WeightUnit, decimals: Int)
        /// A price with `decimals` implied decimals.
        case price(decimals: Int)
    }

    /// The two-digit prefixes (20…29) this layout applies to.
    public var prefixes: ClosedRange<Int>
    public var itemDigits: Int
    public var measureDigits: Int
    public var hasVerifierDigit: Bool
    public var measure: Measure

    /// - Throws: `ScaleError.invalidBarcode` when the fields do not add up to an EAN-13 or a verifier is asked
    ///   for a field that is not 4 or 5 digits.
    public init(prefixes: ClosedRange<Int>, itemDigits: Int, measureDigits: Int, hasVerifierDigit: Bool, measure: Measure) throws(ScaleError) {
        guard prefixes.lowerBound >= 20, prefixes.upperBound <= 29 else {
            throw ScaleError(.invalidBarcode, "Variable-measure prefixes are 20 to 29, not \(prefixes).")
        }
        guard itemDigits >= 1, measureDigits >= 1, itemDigits + measureDigits + (hasVerifierDigit ? 1 : 0) == 10 else {
            throw ScaleError(.invalidBarcode, "Item, measure and verifier digits must add up to 10 (13 minus prefix and check digit).")
        }
        guard !hasVerifierDigit || measureDigits == 4 || measureDigits == 5 else {
            throw ScaleError(.invalidBarcode, "A price/measure verifier digit exists only for 4- or 5-digit fields.")
        }
        switch measure {
        case .weight(_, let decimals), .price(let decimals):
            guard (0...measureDigits).contains(decimals) else {
                throw ScaleError(.invalidBarcode, "A \(measureDigits)-digit field cannot have \(decimals) decimals.")
            }
        }
        self.prefixes = prefixes
        self.itemDigits = itemDigits
        self.measureDigits = measureDigits
        self.hasVerifierDigit = hasVerifierDigit
        self.measure = measure
    }
}

/// A decoded variable-measure code: which item and how much of it.
public struct VariableMeasureItem: Sendable, Hashable {
    /// The two-digit prefix (20…29).
    public var prefix: Int
    /// The item reference digits as printed (leading zeros kept).
    public var itemReference: String
    /// The weight, for weight layouts.
    public var weight: Weight?
    /// The price, for price layouts.
    public var price: ExactDecimal?

    public init(prefix: Int, itemReference: String, weight: Weight? = nil, price: ExactDecimal? = nil) {
        self.prefix = prefix
        self.itemReference = itemReference
        self.weight = weight
        self.price = price
    }
}

/// Encodes and decodes GS1 variable-measure EAN-13 codes.
public enum VariableMeasureBarcode {
    /// Decodes a 13-digit code with the first layout whose prefixes contain its prefix.
    /// - Throws: `invalidBarcode` (not 13 digits, prefix outside 20–29 or no layout for it) or `badCheckDigit`
    ///   (EAN-13 check digit or price/measure verifier wrong — the code was misread or mistyped; scan again).
    public static func decode(_ code: String, layouts: [VariableMeasureLayout]) throws(ScaleError) -> VariableMeasureItem {
        let digits = Array(code)
        guard digits.count == 13, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ScaleError(.invalidBarcode, "\"\(code)\" is not a 13-digit EAN-13 code.")
        }
        guard GS1CheckDigit.standard(code.prefix(12)) == digits[12].wholeNumberValue else {
            throw ScaleError(.badCheckDigit, "The EAN-13 check digit of \(code) is wrong; scan or type the code again.")
        }
        guard let prefix = Int(String(digits[0...1])), (20...29).contains(prefix) else {
            throw ScaleError(.invalidBarcode, "\(code) is not a variable-measure code (prefix 20–29).")
        }
        guard let layout = layouts.first(where: { $0.prefixes.contains(prefix) }) else {
            throw ScaleError(.invalidBarcode, "No variable-measure layout is configured for prefix \(prefix).")
        }
        let item = String(digits[2..<(2 + layout.itemDigits)])
        var index = 2 + layout.itemDigits
        var verifier: Int?
        if layout.hasVerifierDigit {
            verifier = digits[index].wholeNumberValue
            index += 1
        }
        let field = String(digits[index..<(index + layout.measureDigits)])
        if let verifier, GS1CheckDigit.priceVerifier(field) != verifier {
            throw ScaleError(.badCheckDigit, "The price/weight verifier digit of \(code) is wrong; scan or type the code again.")
        }
        guard let value = Int64(field) else {
            throw ScaleError(.invalidBarcode, "\(code) has no measure field.")
        }
        switch layout.measure {
        case .weight(let unit, let decimals):
            return VariableMeasureItem(prefix: prefix, itemReference: item, weight: Weight(ExactDecimal(unchecked: value, decimals: decimals), unit))
        case .price(let decimals):
            return VariableMeasureItem(prefix: prefix, itemReference: item, price: ExactDecimal(unchecked: value, decimals: decimals))
        }
    }

    /// Encodes an item with `layout` (the first prefix of the layout unless `item.prefix` is in it).
    /// - Throws: `invalidBarcode` when the item reference or the measure does not fit the layout.
    public static func encode(_ item: VariableMeasureItem, layout: VariableMeasureLayout) throws(ScaleError) -> String {
        let prefix = layout.prefixes.contains(item.prefix) ? item.prefix : layout.prefixes.lowerBound
        guard item.itemReference.count == layout.itemDigits, item.itemReference.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ScaleError(.invalidBarcode, "The item reference must be \(layout.itemDigits) digits, not \"\(item.itemReference)\".")
        }
        let amount: ExactDecimal
        let decimals: Int
        switch layout.measure {
        case .weight(let unit, let d):
            guard let weight = item.weight else { throw ScaleError(.invalidBarcode, "This layout encodes a weight; none was given.") }
            amount = try weight.converted(to: unit).amount
            decimals = d
        case .price(let d):
            guard let price = item.price else { throw ScaleError(.invalidBarcode, "This layout encodes a price; none was given.") }
            amount = price
            decimals = d
        }
        let rescaled: ExactDecimal
        do {
            rescaled = try amount.rescaled(to: decimals)
        } catch {
            throw ScaleError(.invalidBarcode, "\(amount) needs more than \(decimals) decimals; round it before encoding.")
        }
        guard !rescaled.isNegative, let field = ASCII.padded(String(rescaled.mantissa), width: layout.measureDigits, pad: "0") else {
            throw ScaleError(.invalidBarcode, "\(amount) does not fit \(layout.measureDigits) digits.")
        }
        var body = String(prefix) + item.itemReference
        if layout.hasVerifierDigit, let verifier = GS1CheckDigit.priceVerifier(field) { body += String(verifier) }
        body += field
        guard let check = GS1CheckDigit.standard(body) else {
            throw ScaleError(.invalidBarcode, "Could not compute the check digit of \(body).")
        }
        return body + String(check)
    }
}
