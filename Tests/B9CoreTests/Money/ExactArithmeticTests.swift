import B9Core
import B9TestSupport
import PropertyBased
import Testing

@Suite("Exact arithmetic and rounding rules", .cpuBound)
struct ExactArithmeticTests {
    /// (numerator a × b, divisor, half-up, half-even): the rule table every rounding point uses.
    @Test(arguments: [
        (Int64(5), Int64(10), Int64(1), Int64(0)),      // 0.5
        (15, 10, 2, 2),                                  // 1.5
        (25, 10, 3, 2),                                  // 2.5
        (-5, 10, -1, 0),                                 // −0.5: half-up is away from zero
        (-25, 10, -3, -2),
        (14, 10, 1, 1),                                  // 1.4
        (16, 10, 2, 2),                                  // 1.6
        (-16, 10, -2, -2),
        (1, 3, 0, 0),
        (2, 3, 1, 1),
        (100, 10, 10, 10),                               // exact
    ])
    func roundingRules(value: Int64, divisor: Int64, halfUp: Int64, halfEven: Int64) throws {
        #expect(try ExactArithmetic.mulDiv(value, 1, divisor, rounding: .round(.halfUp)) == halfUp)
        #expect(try ExactArithmetic.mulDiv(value, 1, divisor, rounding: .round(.halfEven)) == halfEven)
    }

    @Test func exactDivisionThrowsOnRemainder() throws {
        #expect(try ExactArithmetic.mulDiv(10, 3, 5, rounding: .exact) == 6)
        #expect(throws: CoreError.self) { try ExactArithmetic.mulDiv(10, 3, 7, rounding: .exact) }
    }

    @Test func overflowIsAnErrorNotATrap() throws {
        #expect(throws: CoreError.self) { try ExactArithmetic.mulDiv(.max, .max, 1, rounding: .round(.halfUp)) }
        #expect(throws: CoreError.self) { try ExactArithmetic.add(.max, 1) }
        // The 128-bit intermediate lets a product larger than Int64 divide back into range.
        #expect(try ExactArithmetic.mulDiv(Int64.max, 1_000, 1_000, rounding: .exact) == .max)
    }

    @Test func allocationAddsUpExactlyAndFollowsTheWeights() async {
        let input = zip(Gen.int64(in: -1_000_000...1_000_000), Gen.int64(in: 0...100_000).array(of: 1...12))
        await propertyCheck(count: 2_000, input: input) { total, weights in
            let parts = try ExactArithmetic.allocate(total, proportionalTo: weights)
            #expect(parts.count == weights.count)
            #expect(parts.reduce(0, +) == total)
            let weightSum = weights.reduce(0, +)
            guard weightSum > 0 else { return }
            for (part, weight) in zip(parts, weights) {
                // Each part is within one minor unit of its exact proportional share.
                let exactTimesSum = total * weight
                #expect(abs(part * weightSum - exactTimesSum) < weightSum)
            }
        }
    }

    @Test func allocationRejectsNegativeWeights() {
        #expect(throws: CoreError.self) { try ExactArithmetic.allocate(10, proportionalTo: [1, -1]) }
    }
}

@Suite("Decimal text", .cpuBound)
struct DecimalTextTests {
    @Test(arguments: [
        ("120.50", 2, Int64(12_050)), ("120.5", 2, 12_050), ("120", 2, 12_000), ("-0.05", 2, -5), ("+3", 0, 3),
        ("1.250", 3, 1_250), (" 7.5 ", 2, 750), (".5", 2, 50), ("0", 3, 0),
    ])
    func parses(text: String, scale: Int, value: Int64) throws {
        #expect(try DecimalText.parse(text, scale: scale) == value)
    }

    @Test(arguments: ["", "abc", "1.2.3", "1,50", "1e3", "12.345", "-", ".", "99999999999999999999", "١٢"])
    func rejects(text: String) {
        #expect(throws: CoreError.self) { try DecimalText.parse(text, scale: 2) }
    }

    @Test func formatsWithFixedDecimals() {
        #expect(DecimalText.format(12_050, scale: 2) == "120.50")
        #expect(DecimalText.format(-5, scale: 2) == "-0.05")
        #expect(DecimalText.format(7, scale: 0) == "7")
        #expect(DecimalText.format(1, scale: 3) == "0.001")
        #expect(DecimalText.formatTrimmed(1_250, scale: 3) == "1.25")
        #expect(DecimalText.formatTrimmed(2_000, scale: 3) == "2")
    }

    @Test func formatThenParseRoundTrips() async {
        await propertyCheck(count: 2_000, input: zip(Gen.int64(in: -1_000_000_000_000...1_000_000_000_000), Gen.int(in: 0...3))) { value, scale in
            let parsed = try DecimalText.parse(DecimalText.format(value, scale: scale), scale: scale)
            #expect(parsed == value)
        }
    }
}

@Suite("Currencies and cash rounding", .cpuBound)
struct CurrencyTests {
    @Test(arguments: [("JPY", 0, "1200", Int64(1_200)), ("BDT", 2, "12.00", 1_200), ("KWD", 3, "1.200", 1_200)])
    func minorUnits(code: String, digits: Int, text: String, minor: Int64) throws {
        let currency = try Currency.named(code)
        #expect(currency.minorUnitDigits == digits)
        #expect(try Money(parsing: text, currency: currency).minorUnits == minor)
        #expect(Money(minorUnits: minor, currency: currency).decimalText == text)
    }

    @Test func tooManyDecimalsForTheCurrencyIsAnError() {
        #expect(throws: CoreError.self) { try Money(parsing: "1.5", currency: .jpy) }
        #expect(throws: CoreError.self) { try Money(parsing: "1.005", currency: .bdt) }
    }

    @Test func mixingCurrenciesIsAnError() {
        #expect(throws: CoreError.self) {
            try Money(minorUnits: 1, currency: .bdt).adding(Money(minorUnits: 1, currency: .usd))
        }
    }

    /// Cash rounding R5: nearest step, halves away from zero.
    @Test(arguments: [
        ("0.25", Int64(10_112), Int64(10_100)), ("0.25", 10_113, 10_125), ("0.25", 10_137, 10_125), ("0.25", 10_138, 10_150),
        ("0.50", 10_124, 10_100), ("0.50", 10_125, 10_150), ("1.00", 10_149, 10_100), ("1.00", 10_150, 10_200),
        ("none", 10_137, 10_137),
    ])
    func cashRounding(name: String, amount: Int64, rounded: Int64) throws {
        #expect(try CashRounding.named(name, currency: .bdt).round(amount) == rounded)
    }

    @Test func cashRoundingThatACurrencyCannotExpressIsRejected() {
        #expect(throws: CoreError.self) { try CashRounding.named("0.25", currency: .jpy) }
        #expect(throws: CoreError.self) { try CashRounding.named("0.10", currency: .bdt) }
    }
}
