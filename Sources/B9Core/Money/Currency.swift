/// A currency and how many decimal places its minor unit has (ISO 4217).
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The ISO 4217 code, e.g. "BDT".
    public let code: String
    /// Decimal places of the minor unit: 0 (JPY), 2 (BDT, USD) or 3 (KWD, OMR).
    public let minorUnitDigits: Int

    public init(code: String, minorUnitDigits: Int) throws(CoreError) {
        guard code.utf8.count == 3, code.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            throw CoreError(.unknownCurrency, "a currency code is three capital letters, e.g. BDT (got '\(code)')")
        }
        guard [0, 2, 3].contains(minorUnitDigits) else {
            throw CoreError(.unknownCurrency, "\(code): minor unit digits must be 0, 2 or 3 (got \(minorUnitDigits))")
        }
        self.code = code
        self.minorUnitDigits = minorUnitDigits
    }

    private init(known code: String, digits: Int) {
        self.code = code
        self.minorUnitDigits = digits
    }

    /// Bangladeshi taka, the default currency: 1 taka = 100 paisa.
    public static let bdt = Currency(known: "BDT", digits: 2)
    public static let usd = Currency(known: "USD", digits: 2)
    public static let eur = Currency(known: "EUR", digits: 2)
    public static let inr = Currency(known: "INR", digits: 2)
    public static let jpy = Currency(known: "JPY", digits: 0)
    public static let kwd = Currency(known: "KWD", digits: 3)
    public static let omr = Currency(known: "OMR", digits: 3)

    /// Currencies known by code alone; others are configured with their digits.
    public static let known: [Currency] = [.bdt, .usd, .eur, .inr, .jpy, .kwd, .omr]

    /// Looks a currency up by code among ``known``.
    public static func named(_ code: String) throws(CoreError) -> Currency {
        guard let currency = known.first(where: { $0.code == code }) else {
            throw CoreError(.unknownCurrency, "unknown currency '\(code)'; known: \(known.map(\.code).joined(separator: ", "))")
        }
        return currency
    }

    /// 10^minorUnitDigits: minor units in one major unit.
    public var minorUnitsPerMajor: Int64 {
        switch minorUnitDigits {
        case 0: 1
        case 3: 1000
        default: 100
        }
    }

    public var description: String { code }
}
