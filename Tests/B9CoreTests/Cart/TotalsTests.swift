import B9Core
import B9TestSupport
import PropertyBased
import Testing

@Suite("Cart totals", .cpuBound)
struct TotalsTests {
    let policy = Fixtures.policy

    /// The demo receipt, worked by hand:
    /// cable 12.5 m × 62.50 = 781.25 net, 15 % exclusive → VAT 117.1875 → 117.19 (R3 half-up);
    /// soap 12 × 50.00 (tier from 12) = 600.00 − 5 % = 570.00, 15 % inclusive → 570 × 15/115 = 74.348 → 74.35;
    /// rice 410.00 at 0 %; total = 410 + 781.25 + 570 + 117.19 = 1878.44.
    @Test func workedExample() throws {
        var cart = Cart(currency: .bdt)
        try cart.add(try Fixtures.product("RICE", price: "410.00", vat: 0))
        try cart.add(try Fixtures.product("CABLE", price: "62.50", inclusive: false, unit: .metre), quantity: try Quantity(parsing: "12.5"))
        let soap = try cart.add(
            try Fixtures.product("SOAP", price: "55.00", tiers: [.init(minimumQuantity: Quantity(units: 12), unitPrice: Fixtures.money("50.00"))]),
            quantity: Quantity(units: 12)
        )
        try cart.setDiscount(.percent(basisPoints: 500), onLine: soap, policy: policy)
        let totals = try TotalsCalculator(policy: policy).totals(of: cart)
        #expect(totals.subtotal == 179_125)
        #expect(totals.lineDiscounts == 3_000)
        #expect(totals.exclusiveVAT == 11_719)
        #expect(totals.inclusiveVAT == 7_435)
        #expect(totals.grandTotal == 187_844)
        #expect(totals.lines.map(\.unitPrice) == [41_000, 6_250, 5_000])
    }

    /// R3: VAT is computed on the sum of a rate's lines, not per line: three lines of 0.10 at 15 %
    /// exclusive carry 0.045 VAT in total → 0.05, where rounding per line would give 0.06.
    @Test func vatIsRoundedPerRateNotPerLine() throws {
        var cart = Cart(currency: .bdt)
        for sku in ["A", "B", "C"] {
            try cart.add(try Fixtures.product(sku, price: "0.10", inclusive: false))
        }
        let totals = try TotalsCalculator(policy: policy).totals(of: cart)
        #expect(totals.exclusiveVAT == 5)
        #expect(totals.lines.map(\.vat).reduce(0, +) == 5)
    }

    @Test func halfEvenPolicyRoundsTiesToEven() throws {
        // 0.25 × 0.5 kg = 0.125 → half-up 0.13, half-even 0.12 (R1).
        var cart = Cart(currency: .bdt)
        try cart.add(try Fixtures.product("X", price: "0.25", vat: 0, unit: .kilogram), quantity: try Quantity(parsing: "0.5"))
        let halfUp = try TotalsCalculator(policy: policy).totals(of: cart)
        let halfEven = try TotalsCalculator(policy: try BillingPolicy(rounding: .halfEven)).totals(of: cart)
        #expect(halfUp.grandTotal == 13)
        #expect(halfEven.grandTotal == 12)
    }

    @Test func discountsAboveTheLimitAreRefusedAndLeaveTheCartAsItWas() throws {
        var cart = Cart(currency: .bdt)
        let line = try cart.add(try Fixtures.product("A", price: "100.00"))
        let before = cart
        #expect(throws: CoreError.self) { try cart.setDiscount(.percent(basisPoints: 2_500), onLine: line, policy: policy) }
        #expect(throws: CoreError.self) { try cart.setDiscount(.amount(Fixtures.money("20.01")), onLine: line, policy: policy) }
        #expect(throws: CoreError.self) { try cart.setCartDiscount(.amount(Fixtures.money("150.00")), policy: policy) }
        #expect(cart == before)
        try cart.setDiscount(.amount(Fixtures.money("20.00")), onLine: line, policy: policy)
        #expect(try TotalsCalculator(policy: policy).totals(of: cart).grandTotal == 8_000)
    }

    @Test func priceOverrideNeedsAReasonAndWins() throws {
        var cart = Cart(currency: .bdt)
        let line = try cart.add(try Fixtures.product("A", price: "100.00", vat: 0))
        #expect(throws: CoreError.self) { try cart.overridePrice(onLine: line, unitPrice: Fixtures.money("90.00"), reason: " ") }
        try cart.overridePrice(onLine: line, unitPrice: Fixtures.money("90.00"), reason: "damaged box")
        #expect(try TotalsCalculator(policy: policy).totals(of: cart).grandTotal == 9_000)
    }

    @Test func sameWholeUnitProductMergesButWeighedGoodsDoNot() throws {
        var cart = Cart(currency: .bdt)
        let soap = try Fixtures.product("SOAP", price: "55.00")
        let apple = try Fixtures.product("APPLE", price: "320.00", unit: .kilogram)
        try cart.add(soap)
        try cart.add(soap)
        try cart.add(apple, quantity: try Quantity(parsing: "0.5"))
        try cart.add(apple, quantity: try Quantity(parsing: "0.7"))
        #expect(cart.lines.count == 3)
        #expect(cart.lines[0].quantity == Quantity(units: 2))
    }

    /// The invariants of the brief, over random baskets of mixed VAT classes, units, tiers and discounts.
    @Test func invariantsHoldForRandomBaskets() async {
        let line = zip(
            Gen.int64(in: 1...500_000),        // unit price, minor units
            Gen.int64(in: 1...20_000),         // quantity, thousandths (whole units for pieces)
            Gen.int(in: 0...5),                // VAT class
            Gen.int64(in: 0...2_000)           // line discount basis points (within the 20 % limit)
        )
        let basket = zip(line.array(of: 1...15), Gen.int64(in: 0...2_000), Gen.int(in: 0...1))
        let rates: [(Int64, Bool)] = [(0, true), (500, true), (1_500, true), (750, false), (1_500, false), (1_000, false)]
        await propertyCheck(count: 1_000, input: basket) { lines, cartDiscount, ruleIndex in
            let policy = try BillingPolicy(rounding: ArithmeticRounding.configurable[ruleIndex])
            var cart = Cart(currency: .bdt)
            for (index, spec) in lines.enumerated() {
                let (price, quantity, vatIndex, discount) = spec
                let fractional = index % 2 == 0
                let product = try Product(
                    sku: "P\(index)", name: "P\(index)", unit: fractional ? .kilogram : .piece,
                    unitPrice: Money(minorUnits: price, currency: .bdt),
                    vat: try VATClass(rateBasisPoints: rates[vatIndex].0, pricesIncludeVAT: rates[vatIndex].1)
                )
                let id = try cart.add(product, quantity: fractional ? Quantity(thousandths: quantity) : Quantity(units: quantity % 50 + 1))
                try cart.setDiscount(.percent(basisPoints: discount), onLine: id, policy: policy)
            }
            try cart.setCartDiscount(.percent(basisPoints: cartDiscount), policy: policy)
            let totals = try TotalsCalculator(policy: policy).totals(of: cart)

            // grand total = Σ lines − discounts + exclusive VAT
            #expect(totals.grandTotal == totals.subtotal - totals.lineDiscounts - totals.cartDiscount + totals.exclusiveVAT)
            #expect(totals.subtotal == totals.lines.map(\.gross).reduce(0, +))
            #expect(totals.lines.map(\.net).reduce(0, +) == totals.subtotal - totals.discountTotal)
            #expect(totals.lines.map(\.cartDiscountShare).reduce(0, +) == totals.cartDiscount)
            // VAT per rate sums to the VAT total, and each rate's lines to that rate's VAT.
            #expect(totals.vatBreakdown.map(\.amount).reduce(0, +) == totals.vatTotal)
            for rate in totals.vatBreakdown {
                let members = zip(cart.lines, totals.lines).filter { $0.0.product.vat == rate.vat }.map(\.1)
                #expect(members.map(\.vat).reduce(0, +) == rate.amount)
                #expect(members.map(\.net).reduce(0, +) == rate.base)
            }
            #expect(totals.lines.allSatisfy { $0.net >= 0 && $0.vat >= 0 })
        }
    }
}
