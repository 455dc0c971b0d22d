/// One GS1 application identifier (AI) element that a weighing counter or till needs
/// (GS1 General Specifications §3.2 table of AIs).
public enum GS1Element: Sendable, Hashable {
    /// AI 01: GTIN, 14 digits including its check digit.
    case gtin(String)
    /// AI 10: batch or lot number, up to 20 characters, variable length.
    case batch(String)
    /// AI 17: expiration date `YYMMDD` (DD may be 00: end of month).
    case expiry(String)
    /// AI 310n: net weight in kilograms, 6 digits with n implied decimals.
    case netWeight(Weight)
    /// AI 392n: amount payable, single monetary area, up to 15 digits with n implied decimals.
    case price(ExactDecimal)
}

/// Encodes and decodes GS1-128 element strings with AIs 01, 10, 17, 310n and 392n.
///
/// Variable-length fields (AI 10, 392n) are ended by FNC1 when another element follows; in transmitted
/// data FNC1 is the group separator GS (0x1D). A leading symbology identifier `]C1` (GS1-128) or a leading
/// GS is accepted when decoding.
public enum GS1ElementString {
    /// The group separator that stands for FNC1 in transmitted data.
    public static let groupSeparator: Character = "\u{1D}"

    /// Parses `text` into elements.
    /// - Throws: `invalidBarcode` for an unknown AI, a short or malformed field; `badCheckDigit` for a GTIN
    ///   whose check digit is wrong.
    public static func decode(_ text: String) throws(ScaleError) -> [GS1Element] {
        var rest = Substring(text)
        if rest.hasPrefix("]C1") { rest = rest.dropFirst(3) }
        while rest.first == groupSeparator { rest = rest.dropFirst() }
        var elements: [GS1Element] = []
        while !rest.isEmpty {
            if rest.hasPrefix("01") {
                let field = try fixed(&rest, ai: 2, length: 14, name: "GTIN (01)")
                guard GS1CheckDigit.standard(field.prefix(13)) == field.last?.wholeNumberValue else {
                    throw ScaleError(.badCheckDigit, "The GTIN \(field) has a wrong check digit; scan it again.")
                }
                elements.append(.gtin(String(field)))
            } else if rest.hasPrefix("10") {
                let field = try variable(&rest, ai: 2, maximum: 20, name: "batch (10)", digitsOnly: false)
                elements.append(.batch(String(field)))
            } else if rest.hasPrefix("17") {
                let field = try fixed(&rest, ai: 2, length: 6, name: "expiry date (17)")
                guard let month = Int(field.dropFirst(2).prefix(2)), (1...12).contains(month),
                    let day = Int(field.suffix(2)), (0...31).contains(day)
                else {
                    throw ScaleError(.invalidBarcode, "The expiry date \(field) is not a YYMMDD date.")
                }
                elements.append(.expiry(String(field)))
            } else if rest.hasPrefix("310") {
                let decimals = try aiDecimal(rest, name: "net weight (310n)")
                guard decimals <= 6 else {
                    throw ScaleError(.invalidBarcode, "AI 310\(decimals) does not exist; net weight has 0 to 6 decimals.")
                }
                let field = try fixed(&rest, ai: 4, length: 6, name: "net weight (310\(decimals))")
                guard let value = Int64(field) else { throw ScaleError(.invalidBarcode, "Net weight \(field) is not a number.") }
                elements.append(.netWeight(Weight(ExactDecimal(unchecked: value, decimals: decimals), .kilogram)))
            } else if rest.hasPrefix("392") {
                let decimals = try aiDecimal(rest, name: "price (392n)")
                let field = try variable(&rest, ai: 4, maximum: 15, name: "price (392\(decimals))", digitsOnly: true)
                guard let value = Int64(field) else {
                    throw ScaleError(.invalidBarcode, "Price \(field) is not a number.")
                }
                elements.append(.price(ExactDecimal(unchecked: value, decimals: decimals)))
            } else {
                throw ScaleError(.invalidBarcode, "Unsupported or unknown application identifier at \"\(rest.prefix(4))\".")
            }
            while rest.first == groupSeparator { rest = rest.dropFirst() }
        }
        guard !elements.isEmpty else { throw ScaleError(.invalidBarcode, "The GS1-128 code is empty.") }
        return elements
    }

    /// Encodes elements as transmitted data (GS after every variable-length field that is not last).
    /// - Throws: `invalidBarcode` when a value does not fit its AI.
    public static func encode(_ elements: [GS1Element]) throws(ScaleError) -> String {
        var output = ""
        for (index, element) in elements.enumerated() {
            let isLast = index == elements.count - 1
            switch element {
            case .gtin(let gtin):
                guard gtin.count == 14, GS1CheckDigit.standard(gtin.prefix(13)) == gtin.last?.wholeNumberValue else {
                    throw ScaleError(.invalidBarcode, "A GTIN is 14 digits with a valid check digit; \"\(gtin)\" is not.")
                }
                output += "01" + gtin
            case .batch(let batch):
                guard (1...20).contains(batch.count), batch.utf8.allSatisfy({ (0x21...0x7A).contains($0) }) else {
                    throw ScaleError(.invalidBarcode, "A batch number is 1 to 20 printable characters; \"\(batch)\" is not.")
                }
                output += "10" + batch + (isLast ? "" : String(groupSeparator))
            case .expiry(let date):
                guard date.count == 6, date.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    throw ScaleError(.invalidBarcode, "An expiry date is YYMMDD; \"\(date)\" is not.")
                }
                output += "17" + date
            case .netWeight(let weight):
                let kg = try weight.converted(to: .kilogram).amount
                guard kg.decimals <= 6, let decimals = (kg.decimals...6).first(where: { d in
                    (try? kg.rescaled(to: d)).map { $0.mantissa >= 0 && $0.mantissa <= 999_999 } ?? false
                }), let field = ASCII.digits(kg, decimals: decimals, width: 6) else {
                    throw ScaleError(.invalidBarcode, "\(weight) does not fit the 6 digits of AI 310n.")
                }
                output += "310\(decimals)" + field
            case .price(let price):
                guard price.decimals <= 9, !price.isNegative, String(price.mantissa).count <= 15 else {
                    throw ScaleError(.invalidBarcode, "\(price) does not fit AI 392n (up to 15 digits, 0–9 decimals).")
                }
                output += "392\(price.decimals)" + String(price.mantissa) + (isLast ? "" : String(groupSeparator))
            }
        }
        return output
    }

    private static func aiDecimal(_ rest: Substring, name: String) throws(ScaleError) -> Int {
        guard let digit = rest.dropFirst(3).first, digit.isASCII, let value = digit.wholeNumberValue else {
            throw ScaleError(.invalidBarcode, "The \(name) identifier is cut short.")
        }
        return value
    }

    private static func fixed(_ rest: inout Substring, ai: Int, length: Int, name: String) throws(ScaleError) -> Substring {
        let body = rest.dropFirst(ai)
        let field = body.prefix(length)
        guard field.count == length, field.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ScaleError(.invalidBarcode, "The \(name) field must be \(length) digits.")
        }
        rest = body.dropFirst(length)
        return field
    }

    private static func variable(
        _ rest: inout Substring, ai: Int, maximum: Int, name: String, digitsOnly: Bool
    ) throws(ScaleError) -> Substring {
        let body = rest.dropFirst(ai)
        let end = body.firstIndex(of: groupSeparator) ?? body.endIndex
        let field = body[..<end]
        guard (1...maximum).contains(field.count),
            field.allSatisfy({ $0.isASCII && (digitsOnly ? $0.isNumber : ($0.asciiValue.map { (0x21...0x7A).contains($0) } ?? false)) })
        else {
            throw ScaleError(.invalidBarcode, "The \(name) field must be 1 to \(maximum) \(digitsOnly ? "digits" : "characters").")
        }
        rest = body[end...]
        return field
    }
}
