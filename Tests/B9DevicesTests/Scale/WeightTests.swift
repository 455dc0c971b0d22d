import B9Scale
import Testing

@Suite struct WeightTests {
    @Test func poundIsExactlyTheInternationalPound() throws {
        let pound = try Weight(parsing: "1", unit: .pound)
        #expect(try pound.grams() == decimal("453.59237"))
        #expect(pound == weight("0.45359237", .kilogram))
    }

    @Test func ounceIsASixteenthOfAPound() throws {
        let ounce = try Weight(parsing: "1", unit: .ounce)
        #expect(try ounce.grams() == decimal("28.349523125"))
        #expect(weight("16", .ounce) == weight("1", .pound))
    }

    @Test func conversionsAreExactOrRefused() throws {
        #expect(try kg("1.5").converted(to: .gram) == weight("1500", .gram))
        #expect(try kg("1.5").converted(to: .gram).amount == decimal("1500"))
        #expect(try weight("0.45359237", .kilogram).converted(to: .pound).amount == decimal("1"))
        #expect(try weight("2", .pound).converted(to: .ounce).amount == decimal("32"))
        // 1 kg has no finite decimal value in pounds.
        #expect(throws: ScaleError.self) { try kg("1").converted(to: .pound) }
    }

    @Test func milligramsAreWholeOrRefused() throws {
        #expect(try kg("1.234").milligrams() == 1_234_000)
        #expect(try weight("100", .pound).milligrams() == 45_359_237)
        // 2 lb = 907.18474 g: not a whole number of milligrams.
        #expect(throws: ScaleError.self) { try weight("2", .pound).milligrams() }
    }

    @Test(arguments: [
        ("1.234", 1234, 3), ("-0.5", -5, 1), ("+003.20", 320, 2), ("  12 ", 12, 0), ("0,25", 25, 2),
    ])
    func parsesDecimalText(text: String, mantissa: Int64, decimals: Int) throws {
        let value = try ExactDecimal(parsing: text)
        #expect(value.mantissa == mantissa)
        #expect(value.decimals == decimals)
    }

    @Test(arguments: ["", "-", "1.2.3", "1e3", "12a", ".", "99999999999999999999"])
    func rejectsWhatIsNotANumber(text: String) {
        #expect(throws: ScaleError.self) { try ExactDecimal(parsing: text) }
    }

    @Test func equalityIsByValue() {
        #expect(decimal("1.20") == decimal("1.2"))
        #expect(decimal("1.20").hashValue == decimal("1.2").hashValue)
        #expect(kg("1") == weight("1000", .gram))
        #expect(kg("1").hashValue == weight("1000.000", .gram).hashValue)
        #expect(decimal("-0.05").description == "-0.05")
        #expect(kg("0.5").compare(to: weight("1", .pound)) == .greater)
    }

    @Test func lineSettingsRejectWhatAUARTCannotDo() throws {
        #expect(throws: ScaleError.self) { try LineSettings(baudRate: 1234, dataBits: 8, parity: .none, stopBits: 1) }
        #expect(throws: ScaleError.self) { try LineSettings(baudRate: 9600, dataBits: 6, parity: .none, stopBits: 1) }
        #expect(try LineSettings(baudRate: 9600, dataBits: 7, parity: .even, stopBits: 1).description == "9600 7E1")
    }
}
