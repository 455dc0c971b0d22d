import B9Core
import B9Scale

/// A scanned code read as a weight-embedded label (rule W2): the catalog codes its product may be
/// registered under and the net weight.
///
/// Two forms:
/// - a variable-measure EAN-13 `2P IIIII WWWWW C` whose prefix `2P` is one of the shop's weight
///   prefixes (`labels.weight_prefixes`): `WWWWW` is the weight in grams (thousandths of a kg); the
///   product carries the code with a zero weight field (or its 7-digit `2P IIIII`), as for price labels;
/// - a GS1-128 or GS1 DataBar element string with AI 01 (the product's GTIN) and AI 310n (net weight
///   in kg with n decimals, usually 3103), optionally behind the symbology identifier `]C1` or `]e0`,
///   FNC1 sent as GS (0x1D); the product carries the GTIN-14, or the GTIN-13 or GTIN-12 inside it.
struct WeightLabelScan: Sendable, Equatable {
    let productCodes: [String]
    /// The net weight in thousandths of a kilogram (grams).
    let kilograms: Quantity

    /// Whether `code` looks like a GS1 element string (a symbology identifier, a leading FNC1, or a
    /// GTIN element followed by more data).
    static func isElementString(_ code: String) -> Bool {
        if code.hasPrefix("]C1") || code.hasPrefix("]e0") || code.first == GS1ElementString.groupSeparator { return true }
        return code.utf8.count > 16 && code.hasPrefix("01") && code.allSatisfy { $0.isASCII && ($0.isNumber || $0 == GS1ElementString.groupSeparator) }
    }

    /// Whether the till should read `code` as a weight label: an element string, or a variable-measure
    /// EAN-13 with one of the shop's weight prefixes.
    static func isCandidate(_ code: String, weightPrefixes: Set<Int>) -> Bool {
        if isElementString(code) { return true }
        guard PriceLabelScan.isCandidate(code), let prefix = Int(code.prefix(2)) else { return false }
        return weightPrefixes.contains(prefix)
    }

    /// Decodes `code` (see the type's forms).
    /// - Throws: ``PriceLabelScanError``: `bad-check-digit` (scan again) or `invalid-label` (not a weight label,
    ///   no GTIN or net weight, or a weight finer than a gram).
    init(_ code: String, weightPrefixes: Set<Int>) throws(PriceLabelScanError) {
        do {
            if Self.isElementString(code) {
                let text = code.hasPrefix("]e0") ? "]C1" + code.dropFirst(3) : code
                var gtin: String?
                var weight: Weight?
                for element in try GS1ElementString.decode(text) {
                    switch element {
                    case .gtin(let value): gtin = value
                    case .netWeight(let value): weight = value
                    default: continue
                    }
                }
                guard let gtin, let weight else {
                    throw PriceLabelScanError(code: "invalid-label", "\(code) carries no GTIN (AI 01) and net weight (AI 310n); scan the weight label again")
                }
                var codes = [gtin]
                if gtin.hasPrefix("0") { codes.append(String(gtin.dropFirst())) }
                if gtin.hasPrefix("00") { codes.append(String(gtin.dropFirst(2))) }
                productCodes = codes
                kilograms = try Self.thousandths(weight, code: code)
            } else {
                guard let prefix = Int(code.prefix(2)), weightPrefixes.contains(prefix) else {
                    throw PriceLabelScanError(code: "invalid-label", "\(code) does not start with a weight-label prefix (\(weightPrefixes.sorted().map(String.init).joined(separator: ", ")))")
                }
                let layout = try VariableMeasureLayout(prefixes: prefix...prefix, itemDigits: 5, measureDigits: 5, hasVerifierDigit: false,
                                                       measure: .weight(.kilogram, decimals: 3))
                let item = try VariableMeasureBarcode.decode(code, layouts: [layout])
                guard let weight = item.weight else {
                    throw PriceLabelScanError(code: "invalid-label", "\(code) carries no weight; scan the label again")
                }
                let zero = try VariableMeasureBarcode.encode(
                    VariableMeasureItem(prefix: prefix, itemReference: item.itemReference, weight: Weight(try ExactDecimal(mantissa: 0, decimals: 3), .kilogram)),
                    layout: layout)
                productCodes = PriceLabelScan.productCodes(zeroMeasure: zero)
                kilograms = try Self.thousandths(weight, code: code)
            }
        } catch let error as ScaleError {
            throw PriceLabelScanError(code: error.code == .badCheckDigit ? "bad-check-digit" : "invalid-label", error.message)
        } catch let error as PriceLabelScanError {
            throw error
        } catch {
            throw PriceLabelScanError(code: "invalid-label", "\(code) is not a readable weight label: \(error); scan it again")
        }
    }

    private static func thousandths(_ weight: Weight, code: String) throws(PriceLabelScanError) -> Quantity {
        do {
            return Quantity(thousandths: try weight.converted(to: .kilogram).amount.rescaled(to: 3).mantissa)
        } catch {
            throw PriceLabelScanError(code: "invalid-label", "the weight on \(code) (\(weight)) is finer than a gram; the till sells weight in grams")
        }
    }
}
