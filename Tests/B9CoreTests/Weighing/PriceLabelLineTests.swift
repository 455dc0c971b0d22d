import B9Core
import B9TestSupport
import PropertyBased
import Testing

@Suite("Price label lines (W1)", .cpuBound)
struct PriceLabelLineTests {
    static func product(_ unit: UnitOfMeasure, price: Int64, vatBasisPoints: Int64 = 500) throws -> Product {
        try Product(sku: "LABELLED", name: "Labelled", unit: unit, unitPrice: Money(minorUnits: price, currency: .bdt),
                    vat: try VATClass(rateBasisPoints: vatBasisPoints, pricesIncludeVAT: true))
    }

    static func bdt(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .bdt) }

    @Test("The line is charged the label price; the quantity is price ÷ unit price, half-up to grams")
    func example() throws {
        // 320.00/kg; a label of 395.00 implies 1.234375 kg → 1.234 kg, while 1.234 kg × 320 = 394.88.
        let apple = try Self.product(.kilogram, price: 32_000)
        var cart = Cart(currency: .bdt)
        let id = try cart.addPriceLabel(apple, price: Self.bdt(39_500))
        let line = try #require(cart.lines.first { $0.id == id })
        #expect(line.quantity == Quantity(thousandths: 1_234))
        #expect(line.labelAmount == Self.bdt(39_500))
        let totals = try TotalsCalculator(policy: try BillingPolicy()).totals(of: cart)
        #expect(totals.lines.first?.gross == 39_500)
        #expect(totals.grandTotal == 39_500)
        // VAT from the product's class (5 % included): 39 500 × 5/105 = 1 880.95 → 1 881.
        #expect(totals.lines.first?.vat == 1_881)
        // Half-up: 0.16 at 320.00/kg is 0.5 g exactly → 1 g.
        #expect(try PriceLabelLine.quantity(for: Self.bdt(16), of: apple) == Quantity(thousandths: 1))
    }

    @Test("Two labels of the same product stay two lines; a label line's quantity and price cannot be changed")
    func separateAndFixed() throws {
        let apple = try Self.product(.kilogram, price: 32_000)
        var cart = Cart(currency: .bdt)
        let first = try cart.addPriceLabel(apple, price: Self.bdt(10_000))
        try cart.addPriceLabel(apple, price: Self.bdt(10_000))
        #expect(cart.lines.count == 2)
        #expect(throws: CoreError.self) { try cart.setQuantity(Quantity(units: 2), onLine: first) }
        #expect(throws: CoreError.self) { try cart.overridePrice(onLine: first, unitPrice: Self.bdt(1), reason: "test") }
        #expect(cart.lines.count == 2 && cart.lines[0].quantity == Quantity(thousandths: 313))
    }

    @Test("Zero prices, products not sold by weight and prices below one gram are refused")
    func refusals() throws {
        let apple = try Self.product(.kilogram, price: 32_000)
        var cart = Cart(currency: .bdt)
        #expect { try cart.addPriceLabel(apple, price: Self.bdt(0)) } throws: { ($0 as? CoreError)?.code == .invalidAmount }
        #expect { try cart.addPriceLabel(try Self.product(.piece, price: 100), price: Self.bdt(100)) } throws: {
            ($0 as? CoreError)?.code == .incompatibleUnits
        }
        // 0.10 at 320.00/kg is 0.3125 g → 0 g.
        #expect { try cart.addPriceLabel(apple, price: Self.bdt(10)) } throws: { ($0 as? CoreError)?.code == .invalidQuantity }
        #expect(cart.isEmpty)
    }

    @Test("Station price → label → line: amount is the label price, quantity within half a gram of the implied weight")
    func roundTrip() async {
        await propertyCheck(count: 500, input: zip(Gen.int(in: 1_000...99_000_000), Gen.int(in: 1...500_000))) { milligrams, unitPrice in
            let product = try Self.product(.kilogram, price: Int64(unitPrice))
            let price = try WeighedItemPricing.price(of: product, milligrams: Int64(milligrams), rounding: .halfUp)
            guard price.minorUnits <= 99_999 else { return }  // does not fit the five label digits
            var cart = Cart(currency: .bdt)
            guard price.minorUnits > 0 else {
                #expect(throws: CoreError.self) { try cart.addPriceLabel(product, price: price) }
                return
            }
            let id = try cart.addPriceLabel(product, price: price)
            let line = try #require(cart.lines.first { $0.id == id })
            #expect(line.quantity.thousandths > 0)
            // |quantity − price ÷ unit price| ≤ ½ thousandth, in integers.
            #expect(abs(line.quantity.thousandths * Int64(unitPrice) - price.minorUnits * 1_000) * 2 <= Int64(unitPrice))
            let totals = try TotalsCalculator(policy: try BillingPolicy()).totals(of: cart)
            #expect(totals.lines.first?.gross == price.minorUnits)
            #expect(totals.grandTotal == price.minorUnits)
        }
    }
}
