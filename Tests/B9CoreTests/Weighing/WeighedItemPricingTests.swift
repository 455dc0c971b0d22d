import B9Core
import B9TestSupport
import PropertyBased
import Testing

@Suite("Weighed item pricing (R1)", .cpuBound)
struct WeighedItemPricingTests {
    static func product(_ unit: UnitOfMeasure, price: Int64) throws -> Product {
        try Product(sku: "W", name: "Weighed", unit: unit, unitPrice: Money(minorUnits: price, currency: .bdt),
                    vat: try VATClass(rateBasisPoints: 0, pricesIncludeVAT: true))
    }

    @Test("Per-kg, per-g and per-lb prices with the named rounding rule")
    func examples() throws {
        let kg = try Self.product(.kilogram, price: 32_000)
        #expect(try WeighedItemPricing.price(of: kg, milligrams: 1_234_000, rounding: .halfUp).minorUnits == 39_488)
        // 0.125 kg × 1.00/kg = 0.125 → half-up 0.13, half-even 0.12.
        let cheap = try Self.product(.kilogram, price: 100)
        #expect(try WeighedItemPricing.price(of: cheap, milligrams: 125_000, rounding: .halfUp).minorUnits == 13)
        #expect(try WeighedItemPricing.price(of: cheap, milligrams: 125_000, rounding: .halfEven).minorUnits == 12)
        let perGram = try Self.product(.gram, price: 5)  // 0.05 per g
        #expect(try WeighedItemPricing.price(of: perGram, milligrams: 250_000, rounding: .halfUp).minorUnits == 1_250)
        let perPound = try Self.product(.pound, price: 45_359)  // 453.59 per lb = 1 per g (nearly)
        #expect(try WeighedItemPricing.price(of: perPound, milligrams: 453_592, rounding: .halfUp).minorUnits == 45_359)
    }

    @Test("Pieces and zero weights are refused")
    func refused() throws {
        #expect(throws: CoreError.self) { try WeighedItemPricing.price(of: try Self.product(.piece, price: 100), milligrams: 1000, rounding: .halfUp) }
        #expect(throws: CoreError.self) { try WeighedItemPricing.price(of: try Self.product(.kilogram, price: 100), milligrams: 0, rounding: .halfUp) }
    }

    @Test("The price is within half a minor unit of the exact product and never decreases with weight")
    func bounds() async {
        await propertyCheck(count: 500, input: zip(Gen.int(in: 1...50_000_000), Gen.int(in: 0...1_000_000))) { milligrams, price in
            let product = try Self.product(.kilogram, price: Int64(price))
            let amount = try WeighedItemPricing.price(of: product, milligrams: Int64(milligrams), rounding: .halfUp).minorUnits
            let exactTimesMillion = Int64(price) * Int64(milligrams)  // minor units × 10⁶
            #expect(abs(amount * 1_000_000 - exactTimesMillion) <= 500_000)
            let heavier = try WeighedItemPricing.price(of: product, milligrams: Int64(milligrams) + 1, rounding: .halfUp).minorUnits
            #expect(heavier >= amount)
        }
    }
}
