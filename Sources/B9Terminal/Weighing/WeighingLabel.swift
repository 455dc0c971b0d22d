import B9Core
import B9ESCPOS
import B9Scale

/// One weighed item made ready for its label: the price from the catalog, the GS1 variable-measure
/// EAN-13 that carries it, and the label document the printer gets.
struct WeighingLabel: Sendable {
    let product: Product
    let weight: Weight
    let milligrams: Int64
    let price: Money
    let barcode: String

    /// Prices `weight` of `product` with the shop's rounding and encodes the price barcode
    /// `2P IIIII VVVVV C` (prefix and item reference from the product's own `2…` barcode).
    ///
    /// - Throws: ``WeighingError`` when the product has no variable-measure barcode, is not sold by
    ///   weight, or the price does not fit five digits.
    init(product: Product, weight: Weight, rounding: ArithmeticRounding) throws(WeighingError) {
        self.product = product
        self.weight = weight
        do {
            milligrams = try weight.milligrams()
            price = try WeighedItemPricing.price(of: product, milligrams: milligrams, rounding: rounding)
        } catch let error as CoreError {
            throw WeighingError("cannot price \(weight) of \(product.sku): \(error.message)")
        } catch {
            throw WeighingError("cannot price \(weight) of \(product.sku): \(error)")
        }
        guard let code = product.barcodes.first(where: { ($0.count == 13 || $0.count == 7) && $0.hasPrefix("2") && $0.allSatisfy(\.isNumber) }),
            let prefix = Int(code.prefix(2)), (20...29).contains(prefix)
        else {
            throw WeighingError("\(product.sku) has no variable-measure barcode (13 or 7 digits starting 20–29) to take the item reference from; add one to the catalog")
        }
        let item = String(code.dropFirst(2).prefix(5))
        let digits = price.currency.minorUnitDigits
        do {
            let layout = try VariableMeasureLayout(prefixes: prefix...prefix, itemDigits: 5, measureDigits: 5, hasVerifierDigit: false,
                                                   measure: .price(decimals: digits))
            barcode = try VariableMeasureBarcode.encode(
                VariableMeasureItem(prefix: prefix, itemReference: item, price: try ExactDecimal(mantissa: price.minorUnits, decimals: digits)),
                layout: layout)
        } catch {
            throw WeighingError("the price \(price) of \(product.sku) does not fit the label barcode: \(error.message)")
        }
    }

    /// The label: name, weight, price per unit, total and the barcode.
    func document() throws(WeighingError) -> ReceiptDocument {
        let barcodeElement: ReceiptElement
        do {
            barcodeElement = .barcode(try Barcode(.ean13, content: barcode), heightDots: 80, textPosition: .below)
        } catch {
            throw WeighingError("the label barcode \(barcode) cannot be printed: \(error)")
        }
        let currency = price.currency
        return ReceiptDocument {
            ReceiptElement.text(product.name, style: .headline, alignment: .center)
            ReceiptElement.keyValue("Net weight", "\(weight)")
            ReceiptElement.keyValue("Price / \(product.unit.code)", "\(currency.code) \(product.unitPrice.decimalText)")
            ReceiptElement.keyValue("Total", "\(currency.code) \(price.decimalText)", style: .bold)
            barcodeElement
            ReceiptElement.feed(lines: 1)
            ReceiptElement.cut()
        }
    }
}

/// A weighed item could not be labelled; the message says why and what to change.
struct WeighingError: Error, Sendable, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
