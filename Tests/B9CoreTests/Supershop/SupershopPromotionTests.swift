import B9Core
import B9TestSupport
import Foundation
import PropertyBased
import Testing

@Suite("Super shop: promotions", .cpuBound)
struct SupershopPromotionTests {
    typealias F = SupershopFixtures
    let policy = SupershopFixtures.policy

    func saving(_ cart: Cart, _ promotions: [Promotion], at time: ShopLocalTime = SupershopFixtures.morning, floor: Int64 = 0) throws -> PromotionOutcome {
        var cart = cart
        return try cart.applyPromotions(promotions, at: time, rules: try PromotionRules(floorBasisPoints: floor), policy: policy)
    }

    /// The JSON form documented in docs/billing-supershop.md.
    @Test func promotionsAreDataInTheDocumentedJSONForm() throws {
        let json = """
            {"id": "3FOR100", "name": "Soap 3 for 100", "targets": [{"sku": {"_0": "SOAP"}}],
             "kind": {"multiBuy": {"quantity": 3, "price": 10000}},
             "window": {"from": "2026-12-01", "until": "2026-12-31"}}
            """
        let promotion = try JSONDecoder().decode(Promotion.self, from: Data(json.utf8))
        try promotion.validate()
        #expect(promotion.kind == .multiBuy(quantity: 3, price: 10_000))
        #expect(promotion.targets == [.sku("SOAP")])
        let broken = try JSONDecoder().decode(Promotion.self, from: Data(json.replacingOccurrences(of: "\"quantity\": 3", with: "\"quantity\": 1").utf8))
        #expect(throws: CoreError.self) { try broken.validate() }
        // Invalid promotions are refused when applied, too.
        var cart = try F.cart([(try F.item("SOAP", "40.00"), 3)])
        #expect(throws: CoreError.self) { try cart.applyPromotions([broken], at: F.morning, policy: policy) }
    }

    @Test func percentAndAmountOffByItemOrCategory() throws {
        let soap = try F.item("SOAP", "40.00", category: "toiletries")
        let rice = try F.item("RICE", "410.00")
        let cart = try F.cart([(soap, 3), (rice, 1)])
        let tenPercent = try Promotion(id: "T10", name: "10% toiletries", kind: .percentOff(basisPoints: 1_000), targets: [.category("toiletries")])
        #expect(try saving(cart, [tenPercent]).lineSavings == [1: 1_200])
        let fiveOff = try Promotion(id: "R5", name: "5 off rice", kind: .amountOff(perUnit: 500), targets: [.sku("RICE")])
        #expect(try saving(cart, [fiveOff]).lineSavings == [2: 500])
        // Both at once: each line takes its own.
        let both = try saving(cart, [tenPercent, fiveOff])
        #expect(both.lineSavings == [1: 1_200, 2: 500])
        #expect(both.applied.map(\.promotionID) == ["T10", "R5"])
    }

    @Test func buyTwoGetOneFreeGivesTheCheapestUnitOfEachGroup() throws {
        let big = try F.item("JUICE-1L", "120.00", category: "juice")
        let small = try F.item("JUICE-250", "35.00", category: "juice")
        let cart = try F.cart([(big, 2), (small, 4)])
        let offer = try Promotion(id: "B2G1", name: "Buy 2 get 1", kind: .buyGet(buy: 2, get: 1, getBasisPointsOff: 10_000), targets: [.category("juice")])
        // Units by price: 120 120 35 | 35 35 35 → the 35 of each group is free: two groups, 70.00.
        let outcome = try saving(cart, [offer])
        #expect(outcome.lineSavings == [2: 7_000])
        #expect(outcome.applied.first?.applications == 2)
    }

    @Test func multiBuyThreeForAHundred() throws {
        let soap = try F.item("SOAP", "40.00")
        let offer = try Promotion(id: "3FOR100", name: "3 for 100", kind: .multiBuy(quantity: 3, price: 10_000), targets: [.sku("SOAP")])
        #expect(try saving(try F.cart([(soap, 7)]), [offer]).lineSavings == [1: 4_000])
        #expect(try saving(try F.cart([(soap, 2)]), [offer]).lineSavings.isEmpty)
        // A group price above what the units cost saves nothing.
        let dear = try Promotion(id: "DEAR", name: "3 for 130", kind: .multiBuy(quantity: 3, price: 13_000), targets: [.sku("SOAP")])
        #expect(try saving(try F.cart([(soap, 3)]), [dear]).lineSavings.isEmpty)
    }

    @Test func mixAndMatchCombinesDifferentItemsAndSpreadsTheSavingExactly() throws {
        let cola = try F.item("COLA", "30.00", category: "drinks")
        let lemon = try F.item("LEMON", "25.00", category: "drinks")
        let chips = try F.item("CHIPS", "20.00", category: "snacks")
        let cart = try F.cart([(cola, 1), (lemon, 1), (chips, 1)])
        let meal = try Promotion(
            id: "MEAL", name: "Any 3 for 60", kind: .mixAndMatch(quantity: 3, price: 6_000), targets: [.category("drinks"), .category("snacks")]
        )
        let outcome = try saving(cart, [meal])
        #expect(outcome.totalSaving == 1_500)
        // 15.00 spread over 30/25/20 in proportion: 6.00, 5.00, 4.00.
        #expect(outcome.lineSavings == [1: 600, 2: 500, 3: 400])
    }

    @Test func happyHourPricesApplyOnlyInsideTheirWindow() throws {
        let beer = try F.item("MOCKTAIL", "150.00", category: "bar")
        let window = PromotionWindow(weekdays: [1, 2, 3, 4, 5], startMinute: 17 * 60, endMinute: 19 * 60)
        let happy = try Promotion(id: "HH", name: "Happy hour", kind: .specialPrice(unitPrice: 10_000), targets: [.category("bar")], window: window)
        let cart = try F.cart([(beer, 2)])
        #expect(try saving(cart, [happy], at: F.happyHour).lineSavings == [1: 10_000])
        #expect(try saving(cart, [happy], at: F.morning).lineSavings.isEmpty)
        // Saturday at the same hour: not a weekday of the window.
        #expect(try saving(cart, [happy], at: ShopLocalTime(date: "2026-11-28", weekday: 6, minuteOfDay: 18 * 60)).lineSavings.isEmpty)
    }

    @Test func windowsCanRunPastMidnightAndHaveDates() throws {
        let late = PromotionWindow(from: "2026-11-01", until: "2026-11-30", startMinute: 22 * 60, endMinute: 2 * 60)
        #expect(late.contains(ShopLocalTime(date: "2026-11-10", weekday: 2, minuteOfDay: 23 * 60)))
        #expect(late.contains(ShopLocalTime(date: "2026-11-10", weekday: 2, minuteOfDay: 60)))
        #expect(!late.contains(ShopLocalTime(date: "2026-11-10", weekday: 2, minuteOfDay: 12 * 60)))
        #expect(!late.contains(ShopLocalTime(date: "2026-12-01", weekday: 2, minuteOfDay: 23 * 60)))
        // Local time from an instant: 2026-11-18 12:30 UTC is 18:30 in Dhaka (UTC+6), a Wednesday.
        let instant = Date(timeIntervalSince1970: 1_795_005_000)
        let dhaka = ShopLocalTime(instant, timeZone: try #require(TimeZone(secondsFromGMT: 6 * 3_600)))
        #expect(dhaka.minuteOfDay == 18 * 60 + 30)
        #expect(dhaka.date == "2026-11-18")
        #expect(dhaka.weekday == 3)
        #expect(throws: CoreError.self) {
            try Promotion(id: "BAD", name: "Bad", kind: .percentOff(basisPoints: 500), targets: [.sku("X")], window: PromotionWindow(startMinute: 60, endMinute: nil))
        }
    }

    /// The best-deal rule: the combination loses to one promotion alone here, so the single one is chosen.
    @Test func bestDealPrefersASinglePromotionWhenItBeatsTheCombination() throws {
        let soap = try F.item("SOAP", "42.00")
        let threeFor = try Promotion(id: "A", name: "3 for 105", kind: .multiBuy(quantity: 3, price: 10_500), targets: [.sku("SOAP")])
        let fiveFor = try Promotion(id: "B", name: "5 for 170", kind: .multiBuy(quantity: 5, price: 17_000), targets: [.sku("SOAP")])
        let cart = try F.cart([(soap, 6)])
        // Combined: the largest single application first is B (saves 40.00), leaving 1 soap → 40.00.
        // A alone twice saves 42.00.
        let outcome = try saving(cart, [threeFor, fiveFor])
        #expect(outcome.plan == "only:A")
        #expect(outcome.totalSaving == 4_200)
    }

    @Test func theFloorCapsWhatPromotionsTakeAndOverriddenLinesTakeNone() throws {
        let tea = try F.item("TEA", "100.00")
        let half = try Promotion(id: "HALF", name: "Half price", kind: .percentOff(basisPoints: 5_000), targets: [.sku("TEA")])
        // A 70 % floor: at most 30.00 off a 100.00 line.
        #expect(try saving(try F.cart([(tea, 1)]), [half], floor: 7_000).lineSavings == [1: 3_000])
        var overridden = try F.cart([(tea, 1)])
        try overridden.overridePrice(onLine: 1, unitPrice: Fixtures.money("90.00"), reason: "damaged box")
        #expect(try saving(overridden, [half]).lineSavings.isEmpty)
    }

    @Test func changingTheCartClearsPromotionsAndTheSaleRecordsThem() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let soap = try F.item("SOAP", "40.00")
        let offer = try Promotion(id: "3FOR100", name: "3 for 100", kind: .multiBuy(quantity: 3, price: 10_000), targets: [.sku("SOAP")])
        var cart = try F.cart([(soap, 3)])
        try cart.applyPromotions([offer], at: F.morning, policy: policy)
        #expect(try TotalsCalculator(policy: policy).totals(of: cart).grandTotal == 10_000)
        try cart.add(soap)
        #expect(cart.promotions == nil)
        #expect(try TotalsCalculator(policy: policy).totals(of: cart).grandTotal == 16_000)
        try cart.applyPromotions([offer], at: F.morning, policy: policy)
        // A manual discount comes after the promotion, on what is left.
        try cart.setDiscount(.percent(basisPoints: 1_000), onLine: 1, policy: policy)
        let totals = try TotalsCalculator(policy: policy).totals(of: cart)
        #expect(totals.lines[0].lineDiscount == 2_000 + 1_400)
        let sale = try await store.completeSale(cart, tenders: [TenderInput(.cash, amount: totals.grandTotal)], policy: policy)
        #expect(sale.promotions?.first?.promotionID == "3FOR100")
        #expect(sale.promotions?.first?.amount == 2_000)
        #expect(try await store.sale(id: sale.id) == sale)
        #expect(try await store.verifyJournal().isValid)
    }

    /// Promotions never take a line below the floor (never negative), and the best deal is never worse
    /// than any one of the promotions on its own.
    @Test func promotionsRespectTheFloorAndBestDealBeatsEverySinglePromotion() async throws {
        let catalog = try [
            F.item("A", "42.00", category: "x"), F.item("B", "35.50", category: "x"), F.item("C", "120.00", category: "y"),
            F.item("D", "9.99", category: "y"), F.item("E", "1.00", category: "z"),
        ]
        let skus = ["A", "B", "C", "D", "E"]
        let cats = ["x", "y", "z"]
        let promotionGen = zip(Gen.int(in: 0...5), Gen.int(in: 1...4), Gen.int(in: 1...3), Gen.int64(in: 1...20_000), Gen.int(in: 0...7))
        let input = zip(zip(Gen.int(in: 0...4), Gen.int(in: 1...7)).array(of: 1...5), promotionGen.array(of: 1...4), Gen.int64(in: 0...9_000))
        await propertyCheck(count: 150, input: input) { lines, specs, floor in
            let cart = try F.cart(lines.map { (catalog[$0.0], Int64($0.1)) })
            var promotions: [Promotion] = []
            for (index, spec) in specs.enumerated() {
                let (kind, a, b, value, target) = spec
                let targets: [Promotion.Target] = target < 5 ? [.sku(skus[target])] : [.category(cats[target - 5])]
                let made: Promotion.Kind = switch kind {
                case 0: .percentOff(basisPoints: 1 + value % 10_000)
                case 1: .amountOff(perUnit: value)
                case 2: .specialPrice(unitPrice: value)
                case 3: .buyGet(buy: a, get: b, getBasisPointsOff: 1 + value % 10_000)
                case 4: .multiBuy(quantity: a + 1, price: value)
                default: .mixAndMatch(quantity: a + 1, price: value)
                }
                promotions.append(try Promotion(id: "P\(index)", name: "P\(index)", kind: made, targets: targets))
            }
            var best = cart
            let outcome = try best.applyPromotions(promotions, at: F.morning, rules: try PromotionRules(floorBasisPoints: floor), policy: policy)
            let totals = try TotalsCalculator(policy: policy).totals(of: best)
            for line in totals.lines {
                let minimum = (line.gross * floor + 9_999) / 10_000
                #expect(line.net >= 0)
                #expect(line.gross - line.lineDiscount >= minimum)
            }
            #expect(outcome.applied.reduce(0) { $0 + $1.amount } == outcome.totalSaving)
            #expect(totals.lineDiscounts == outcome.totalSaving)
            for promotion in promotions {
                var alone = cart
                let single = try alone.applyPromotions([promotion], at: F.morning, rules: try PromotionRules(floorBasisPoints: floor), policy: policy)
                #expect(outcome.totalSaving >= single.totalSaving)
            }
        }
    }
}
