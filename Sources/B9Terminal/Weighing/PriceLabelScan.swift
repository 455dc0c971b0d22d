import B9Core
import B9Scale

/// A scanned code read as a weighing station's price label (`2P IIIII VVVVV C`, the layout
/// ``WeighingLabel`` prints): the catalog codes its product may be registered under and the price.
struct PriceLabelScan: Sendable, Equatable {
    /// The product's own variable-measure codes for this item reference, most specific first:
    /// the 13-digit code with a zero measure field, the 7-digit `2P IIIII`, then the zero-measure code
    /// with any other last digit (catalogs often carry such codes with a placeholder check digit).
    let productCodes: [String]
    let price: Money

    /// Whether `code` has the shape of a variable-measure EAN-13 (13 digits, prefix 20–29).
    static func isCandidate(_ code: String) -> Bool {
        code.utf8.count == 13 && code.allSatisfy { $0.isASCII && $0.isNumber } && code.hasPrefix("2")
    }

    /// The catalog codes a product with this zero-measure code (`2P IIIII 00000 C`) may be registered
    /// under, most specific first: that code, the 7-digit `2P IIIII`, then the code with any other last digit.
    static func productCodes(zeroMeasure zero: String) -> [String] {
        let body = String(zero.prefix(12))
        return [zero, String(zero.prefix(7))] + (0...9).map { body + String($0) }.filter { $0 != zero }
    }

    /// Decodes `code` as a price label in `currency` (five price digits in minor units).
    /// - Throws: ``PriceLabelScanError`` when the check digit is wrong or the code is not a label.
    init(_ code: String, currency: Currency) throws(PriceLabelScanError) {
        let digits = currency.minorUnitDigits
        do {
            let layout = try VariableMeasureLayout(prefixes: 20...29, itemDigits: 5, measureDigits: 5, hasVerifierDigit: false,
                                                   measure: .price(decimals: digits))
            let item = try VariableMeasureBarcode.decode(code, layouts: [layout])
            guard let price = item.price, let minor = try? price.rescaled(to: digits).mantissa else {
                throw PriceLabelScanError(code: "invalid-label", "\(code) carries no price; scan the label again")
            }
            let zero = try VariableMeasureBarcode.encode(
                VariableMeasureItem(prefix: item.prefix, itemReference: item.itemReference, price: try ExactDecimal(mantissa: 0, decimals: digits)),
                layout: layout)
            productCodes = Self.productCodes(zeroMeasure: zero)
            self.price = Money(minorUnits: minor, currency: currency)
        } catch let error as ScaleError {
            let kind = error.code == .badCheckDigit ? "bad-check-digit" : "invalid-label"
            throw PriceLabelScanError(code: kind, error.message)
        } catch let error as PriceLabelScanError {
            throw error
        } catch {
            throw PriceLabelScanError(code: "invalid-label", "\(code) is not a readable weighing label: \(error); scan it again")
        }
    }
}

/// A scanned weighing label (price or weight) could not be read; `code` is `bad-check-digit` or `invalid-label`.
struct PriceLabelScanError: Error, Sendable, Equatable {
    let code: String
    let message: String
    init(code: String, _ message: String) {
        self.code = code
        self.message = message
    }
}
