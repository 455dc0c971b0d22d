import B9Scale
import B9TestSupport
import PropertyBased
import Testing

@Suite(.cpuBound) struct GS1BarcodeTests {
    // Worked examples of GS1 General Specifications §7.9.3.
    @Test func priceVerifierDigitsMatchTheGS1Examples() {
        #expect(GS1CheckDigit.priceVerifier("2875") == 9)
        #expect(GS1CheckDigit.priceVerifier("14685") == 6)
        #expect(GS1CheckDigit.priceVerifier("123") == nil)
        #expect(GS1CheckDigit.priceVerifier("12a45") == nil)
    }

    @Test func standardCheckDigit() {
        #expect(GS1CheckDigit.standard("400638133393") == 1)
        #expect(GS1CheckDigit.standard("0950600013435") == 2)
    }

    let weightLayout = try? VariableMeasureLayout(
        prefixes: 20...22, itemDigits: 5, measureDigits: 5, hasVerifierDigit: false, measure: .weight(.kilogram, decimals: 3))
    let priceLayout = try? VariableMeasureLayout(
        prefixes: 23...29, itemDigits: 4, measureDigits: 5, hasVerifierDigit: true, measure: .price(decimals: 2))

    @Test func weightCodeRoundTrip() throws {
        let layout = try #require(weightLayout)
        let code = try VariableMeasureBarcode.encode(
            VariableMeasureItem(prefix: 21, itemReference: "12345", weight: kg("1.234")), layout: layout)
        #expect(code == "2112345012346")
        let item = try VariableMeasureBarcode.decode(code, layouts: [layout])
        #expect(item.prefix == 21)
        #expect(item.itemReference == "12345")
        #expect(item.weight == kg("1.234"))
        // Grams are converted into the layout's unit.
        #expect(try VariableMeasureBarcode.encode(
            VariableMeasureItem(prefix: 21, itemReference: "12345", weight: weight("1234", .gram)), layout: layout) == code)
    }

    @Test func priceCodeWithVerifierDigit() throws {
        let layouts = [try #require(weightLayout), try #require(priceLayout)]
        let code = try VariableMeasureBarcode.encode(
            VariableMeasureItem(prefix: 24, itemReference: "0042", price: decimal("146.85")), layout: layouts[1])
        // 24 0042 6 14685 C: verifier 6 for 14685 (GS1 example).
        #expect(code.hasPrefix("24004261468"))
        let item = try VariableMeasureBarcode.decode(code, layouts: layouts)
        #expect(item.price == decimal("146.85"))
        #expect(item.itemReference == "0042")
    }

    @Test func badCheckDigitsAreRejectedClearly() throws {
        let layouts = [try #require(weightLayout), try #require(priceLayout)]
        let good = try VariableMeasureBarcode.encode(
            VariableMeasureItem(prefix: 24, itemReference: "0042", price: decimal("146.85")), layout: layouts[1])
        // Wrong verifier digit (7 instead of 6) with a correct EAN-13 check digit for the changed code.
        var digits = Array(good.prefix(12))
        digits[6] = "7"
        let body = String(digits)
        let tampered = body + String(GS1CheckDigit.standard(body) ?? 0)
        #expect(throws: ScaleError.self) { try VariableMeasureBarcode.decode(tampered, layouts: layouts) }
        do {
            _ = try VariableMeasureBarcode.decode(tampered, layouts: layouts)
        } catch {
            #expect(error.code == .badCheckDigit)
            #expect(error.message.contains("verifier"))
        }
        // Wrong EAN-13 check digit.
        let lastDigit = good.last?.wholeNumberValue ?? 0
        let wrongCheck = String(good.dropLast()) + String((lastDigit + 1) % 10)
        do {
            _ = try VariableMeasureBarcode.decode(wrongCheck, layouts: layouts)
            Issue.record("a wrong check digit was accepted")
        } catch {
            #expect(error.code == .badCheckDigit)
        }
    }

    @Test(arguments: ["4006381333931", "211234501234", "21123450123X4", ""])
    func nonVariableMeasureCodesAreRefused(code: String) throws {
        let layout = try #require(weightLayout)
        #expect(throws: ScaleError.self) { try VariableMeasureBarcode.decode(code, layouts: [layout]) }
    }

    @Test func layoutsThatDoNotFitAreRefused() {
        #expect(throws: ScaleError.self) {
            try VariableMeasureLayout(prefixes: 20...29, itemDigits: 5, measureDigits: 6, hasVerifierDigit: false, measure: .price(decimals: 2))
        }
        #expect(throws: ScaleError.self) {
            try VariableMeasureLayout(prefixes: 20...29, itemDigits: 3, measureDigits: 6, hasVerifierDigit: true, measure: .price(decimals: 2))
        }
        #expect(throws: ScaleError.self) {
            try VariableMeasureLayout(prefixes: 19...29, itemDigits: 5, measureDigits: 5, hasVerifierDigit: false, measure: .price(decimals: 2))
        }
    }

    @Test func variableMeasureRoundTripsForAnyItemAndValue() async throws {
        let layouts = [try #require(weightLayout), try #require(priceLayout)]
        await propertyCheck(count: 2000, input: Gen.int(in: 0...9999), Gen.int(in: 0...99999), Gen.int(in: 20...29)) { item, value, prefix in
            let layout = prefix <= 22 ? layouts[0] : layouts[1]
            let reference = String(String(item).reversed()).padding(layout.itemDigits)
            let measure = (try? ExactDecimal(mantissa: Int64(value), decimals: prefix <= 22 ? 3 : 2)) ?? .zero
            let input = prefix <= 22
                ? VariableMeasureItem(prefix: prefix, itemReference: reference, weight: Weight(measure, .kilogram))
                : VariableMeasureItem(prefix: prefix, itemReference: reference, price: measure)
            guard let code = try? VariableMeasureBarcode.encode(input, layout: layout) else {
                Issue.record("could not encode \(input)")
                return
            }
            let decoded = try? VariableMeasureBarcode.decode(code, layouts: layouts)
            #expect(decoded == input, "\(code)")
        }
    }

    @Test func gs1128ElementStringsRoundTrip() throws {
        let elements: [GS1Element] = [
            .gtin("09506000134352"), .netWeight(kg("1.234")), .price(decimal("7.39")), .batch("AB12"), .expiry("261231"),
        ]
        let text = try GS1ElementString.encode(elements)
        #expect(text == "0109506000134352" + "3103001234" + "3922739\u{1D}" + "10AB12\u{1D}" + "17261231")
        #expect(try GS1ElementString.decode(text) == elements)
        #expect(try GS1ElementString.decode("]C1" + text) == elements)
    }

    @Test func gs1128RejectsBadInput() {
        #expect(throws: ScaleError.self) { try GS1ElementString.decode("0109506000134353") }  // check digit
        #expect(throws: ScaleError.self) { try GS1ElementString.decode("3103001") }  // short
        #expect(throws: ScaleError.self) { try GS1ElementString.decode("99ABC") }  // unknown AI
        #expect(throws: ScaleError.self) { try GS1ElementString.decode("17261399") }  // month 13
        #expect(throws: ScaleError.self) { try GS1ElementString.decode("") }
        do {
            _ = try GS1ElementString.decode("0109506000134353")
        } catch {
            #expect(error.code == .badCheckDigit)
        }
    }
}

extension String {
    /// Left-pads with zeros (or keeps the last `width` characters) to exactly `width` digits.
    func padding(_ width: Int) -> String {
        count >= width ? String(suffix(width)) : String(repeating: "0", count: width - count) + self
    }
}
