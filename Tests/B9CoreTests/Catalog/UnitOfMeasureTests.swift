import B9Core
import B9TestSupport
import PropertyBased
import Testing

@Suite("Units of measure", .cpuBound)
struct UnitOfMeasureTests {
    @Test(arguments: [
        ("1.250", "kg", "g", "1250"), ("1000", "lb", "g", "453592.37"), ("16", "oz", "lb", "1"), ("2", "ft", "in", "24"),
        ("1", "ft", "cm", "30.48"), ("2.5", "m", "cm", "250"), ("1", "l", "ml", "1000"), ("3", "box:12", "pc", "36"),
        ("24", "pc", "box:12", "2"),
    ] as [(String, String, String, String)])
    func convertsExactly(quantity: String, from: String, to: String, expected: String) throws {
        let converted = try UnitOfMeasure.named(from).convert(try Quantity(parsing: quantity), to: try UnitOfMeasure.named(to))
        #expect(converted == (try Quantity(parsing: expected)))
    }

    @Test func conversionNeedingMoreThanThreeDecimalsIsRefused() throws {
        #expect(throws: CoreError.self) { try UnitOfMeasure.pound.convert(.one, to: .gram) }
        #expect(throws: CoreError.self) { try UnitOfMeasure.gram.convert(try Quantity(parsing: "0.5"), to: .kilogram) }
        #expect(throws: CoreError.self) { try UnitOfMeasure.piece.convert(.one, to: try .box(of: 12)) }
    }

    @Test func unitsOfDifferentDimensionsDoNotConvert() {
        #expect(throws: CoreError.self) { try UnitOfMeasure.kilogram.convert(.one, to: .metre) }
    }

    @Test func wholeUnitsRefuseFractions() throws {
        #expect(throws: CoreError.self) { try UnitOfMeasure.piece.validate(try Quantity(parsing: "1.5")) }
        #expect(throws: CoreError.self) { try UnitOfMeasure.kilogram.validate(.zero) }
        try UnitOfMeasure.kilogram.validate(try Quantity(parsing: "0.001"))
    }

    @Test func unknownUnitNamesTheValidOnes() {
        #expect {
            try UnitOfMeasure.named("kilo")
        } throws: { error in
            (error as? CoreError)?.message.contains("kg") == true
        }
    }

    /// kg → g → kg, m → mm → m, box → pc → box: converting to a finer unit and back is the identity.
    @Test func conversionRoundTrips() async throws {
        let pairs: [(UnitOfMeasure, UnitOfMeasure)] = [
            (.kilogram, .gram), (.metre, .millimetre), (.litre, .millilitre), (try .box(of: 6), .piece), (.foot, .inch),
        ]
        await propertyCheck(count: 1_000, input: zip(Gen.int64(in: 1...1_000_000_000), Gen.int(in: 0...4))) { thousandths, index in
            let (coarse, fine) = pairs[index]
            let quantity = coarse.allowsFraction ? Quantity(thousandths: thousandths) : Quantity(units: thousandths % 100_000 + 1)
            guard let there = try? coarse.convert(quantity, to: fine) else { return }
            let back = try fine.convert(there, to: coarse)
            #expect(back == quantity)
        }
    }
}
