import B9Core
import B9TestSupport
import PropertyBased
import Testing

@Suite("Weight label lines (W2)", .cpuBound)
struct WeightLabelLineTests {
    static func product(_ unit: UnitOfMeasure, price: Int64, vatBasisPoints: Int64 = 0, inclusive: Bool = true) throws -> Product {
        try Product(sku: "WEIGHED", name: "Weighed", unit: unit, unitPrice: Money(minorUnits: price, currency: .bdt),
                    vat: try VATClass(rateBasisPoints: vatBasisPoints, pricesIncludeVAT: inclusive))
    }

    /// round(grams × price per kg ÷ 1000), half-up or half-even, in integers.
    static func expected(grams: Int64, pricePerKg: Int64, halfEven: Bool) -> Int64 {
        let product = grams * pricePerKg
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: 1_000)
        if remainder * 2 > 1_000 || (remainder * 2 == 1_000 && (!halfEven || quotient % 2 == 1)) { return quotient + 1 }
        return quotient
    }

    @Test("The line is the label's weight at the catalog price, rounded once (R1)")
    func example() throws {
        // 1.235 kg at 320.00/kg = 395.20 (the price label of 1.2345 kg would have said 395.04).
        let apple = try Self.product(.kilogram, price: 32_000)
        var cart = Cart(currency: .bdt)
        let id = try cart.addWeightLabel(apple, kilograms: Quantity(thousandths: 1_235))
        let line = try #require(cart.lines.first { $0.id == id })
        #expect(line.quantity == Quantity(thousandths: 1_235))
        #expect(line.labelAmount == nil)
        #expect(line.labelWeight == Quantity(thousandths: 1_235))
        #expect { try cart.setQuantity(Quantity(units: 2), onLine: id) } throws: { ($0 as? CoreError)?.code == .invalidQuantity }
        let totals = try TotalsCalculator(policy: .standard).totals(of: cart)
        #expect(totals.lines.first?.gross == 39_520)
        #expect(totals.grandTotal == 39_520)
        #expect(try WeightLabelLine.amount(line.quantity, unitPrice: apple.unitPrice, policy: .standard) == 39_520)
        // Half-up at 0.5 minor unit: 0.001 kg at 0.05/kg … 1 g at 5.50/kg = 0.0055 → 0.01 (half-up).
        let cheap = try Self.product(.kilogram, price: 550)
        #expect(try WeightLabelLine.amount(Quantity(thousandths: 1), unitPrice: cheap.unitPrice, policy: .standard) == 1)
        // A product sold by the gram holds the same weight in grams, exactly.
        let saffron = try Self.product(.gram, price: 2_500)
        var spice = Cart(currency: .bdt)
        let gram = try spice.addWeightLabel(saffron, kilograms: Quantity(thousandths: 4))
        #expect(spice.lines.first { $0.id == gram }?.quantity == Quantity(units: 4))
        #expect(try TotalsCalculator(policy: .standard).totals(of: spice).grandTotal == 10_000)
    }

    @Test("Two labels stay two lines; bulk tiers price the weight like any weighed line")
    func separateLinesAndTiers() throws {
        let rice = try Product(
            sku: "RICE", name: "Rice", unit: .kilogram, unitPrice: Money(minorUnits: 8_000, currency: .bdt),
            tiers: [Product.PriceTier(minimumQuantity: Quantity(units: 5), unitPrice: Money(minorUnits: 7_500, currency: .bdt))],
            vat: try VATClass(rateBasisPoints: 0, pricesIncludeVAT: true)
        )
        var cart = Cart(currency: .bdt)
        try cart.addWeightLabel(rice, kilograms: Quantity(thousandths: 1_000))
        try cart.addWeightLabel(rice, kilograms: Quantity(thousandths: 5_500))
        #expect(cart.lines.count == 2)
        let totals = try TotalsCalculator(policy: .standard).totals(of: cart)
        #expect(totals.lines.map(\.gross) == [8_000, 41_250])
    }

    @Test("Products not sold by weight, zero weights and weights not exact in the product's unit are refused")
    func refusals() throws {
        var cart = Cart(currency: .bdt)
        #expect { try cart.addWeightLabel(try Self.product(.piece, price: 100), kilograms: Quantity(thousandths: 500)) } throws: {
            ($0 as? CoreError)?.code == .incompatibleUnits
        }
        #expect { try cart.addWeightLabel(try Self.product(.metre, price: 100), kilograms: Quantity(thousandths: 500)) } throws: {
            ($0 as? CoreError)?.code == .incompatibleUnits
        }
        let apple = try Self.product(.kilogram, price: 32_000)
        #expect { try cart.addWeightLabel(apple, kilograms: .zero) } throws: { ($0 as? CoreError)?.code == .invalidQuantity }
        // 1 g is 0.00220462… lb: not a whole number of thousandths, refused rather than rounded.
        #expect { try cart.addWeightLabel(try Self.product(.pound, price: 100), kilograms: Quantity(thousandths: 1)) } throws: {
            ($0 as? CoreError)?.code == .inexactConversion
        }
        #expect(cart.isEmpty)
    }

    @Test("Property: line amount = round(weight × unit price) under W2, in integers, for both shop roundings")
    func amountIsTheRoundedProduct() async {
        await propertyCheck(count: 500, input: zip(Gen.int(in: 1...99_999), Gen.int(in: 1...500_000), Gen.bool)) { grams, price, halfEven in
            let policy = try BillingPolicy(rounding: halfEven ? .halfEven : .halfUp)
            let product = try Self.product(.kilogram, price: Int64(price), vatBasisPoints: 1_500, inclusive: true)
            var cart = Cart(currency: .bdt)
            try cart.addWeightLabel(product, kilograms: Quantity(thousandths: Int64(grams)))
            let totals = try TotalsCalculator(policy: policy).totals(of: cart)
            let amount = Self.expected(grams: Int64(grams), pricePerKg: Int64(price), halfEven: halfEven)
            #expect(totals.lines.first?.gross == amount)
            #expect(totals.grandTotal == amount)
            #expect(cart.lines.first?.quantity.thousandths == Int64(grams))
            // The same weight sold per gram costs the same to the minor unit when the prices match exactly.
            if price % 1_000 == 0 {
                var perGram = Cart(currency: .bdt)
                try perGram.addWeightLabel(try Self.product(.gram, price: Int64(price / 1_000)), kilograms: Quantity(thousandths: Int64(grams)))
                #expect(try TotalsCalculator(policy: policy).totals(of: perGram).grandTotal == amount)
            }
        }
    }
}
