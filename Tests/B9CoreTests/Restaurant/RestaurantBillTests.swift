import B9Core
import B9TestSupport
import Foundation
import PropertyBased
import Testing

@Suite("Restaurant: bills, service charge, splits and tips", .cpuBound)
struct RestaurantBillTests {
    let policy = Fixtures.policy
    let shop = ShopRules(variant: .restaurant)

    func bill(_ prices: [String]) throws -> Cart {
        var cart = Cart(currency: .bdt)
        for (index, price) in prices.enumerated() {
            try cart.addSeparateLine(try RestaurantTableTests.dish("D\(index)", price, category: "kitchen"))
        }
        return cart
    }

    /// SC1: 10 % of the lines after line discounts, rounded with billing.rounding, as a line with its own VAT.
    @Test func serviceChargeIsALineWithItsOwnVAT() throws {
        var cart = try bill(["180.00", "950.00", "333.35"])
        try cart.setDiscount(.amount(Fixtures.money("50.00")), onLine: 2, policy: policy)
        let rule = try ServiceChargeRule(basisPoints: 1_000, vat: try VATClass(rateBasisPoints: 1_500, pricesIncludeVAT: false))
        // (180 + 900 + 333.35) × 10 % = 141.335 → 141.34 (half-up).
        #expect(try rule.amount(on: cart, policy: policy) == 14_134)
        let withCharge = try rule.applied(to: cart, policy: policy)
        let totals = try TotalsCalculator(policy: policy).totals(of: withCharge)
        #expect(withCharge.lines.last?.product.sku == "SERVICE-CHARGE")
        #expect(withCharge.lines.last?.product.isService == true)
        // VAT: 10 % on the food (141 335 × 10 % = 14 133.5 → 14 134), 15 % on the charge (2 120.1 → 2 120).
        #expect(totals.vatBreakdown.map(\.amount) == [14_134, 2_120])
        #expect(totals.grandTotal == 141_335 + 14_134 + 14_134 + 2_120)
        // A bill holds one service charge line at most; a zero charge adds none.
        #expect(throws: CoreError.self) { try rule.applied(to: withCharge, policy: policy) }
        let none = try ServiceChargeRule(basisPoints: 0, vat: try VATClass(rateBasisPoints: 0, pricesIncludeVAT: true))
        #expect(try none.applied(to: cart, policy: policy) == cart)
    }

    @Test func splitsByItemsShareWhatNobodyOrdered() throws {
        let rule = try ServiceChargeRule(basisPoints: 1_000, vat: try VATClass(rateBasisPoints: 1_500, pricesIncludeVAT: false))
        let cart = try rule.applied(to: try bill(["100.00", "300.00"]), policy: policy)
        let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
        let parts = try BillSplit.byItems(cart, groups: [[1], [2]], policy: policy)
        #expect(parts.reduce(0, +) == total)
        // Food with 10 % VAT: 110.00 and 330.00; the charge (40.00 + 15 % = 46.00) shared 1:3.
        #expect(parts == [11_000 + 1_150, 33_000 + 3_450])
        #expect(throws: CoreError.self) { try BillSplit.byItems(cart, groups: [[1], [1, 2]], policy: policy) }
        #expect(throws: CoreError.self) { try BillSplit.byItems(cart, groups: [[9]], policy: policy) }
        #expect(try BillSplit.evenly(cart, parts: 7, policy: policy) == [6_943, 6_943, 6_943, 6_943, 6_943, 6_943, 6_942])
    }

    /// Any bill split evenly or by any grouping of its lines: the parts add up to the bill exactly.
    @Test func splitPartsSumToTheBillExactly() async throws {
        let input = zip(Gen.int64(in: 1...500_000).array(of: 1...8), Gen.int(in: 1...12), Gen.int(in: 0...5).array(of: 8), Gen.bool)
        await propertyCheck(count: 400, input: input) { prices, people, assignment, charge in
            var cart = try bill(prices.map { DecimalText.format($0, scale: 2) })
            if charge {
                cart = try ServiceChargeRule(basisPoints: 1_250, vat: try VATClass(rateBasisPoints: 750, pricesIncludeVAT: true)).applied(to: cart, policy: policy)
            }
            let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
            let even = try BillSplit.evenly(cart, parts: people, policy: policy)
            #expect(even.reduce(0, +) == total)
            #expect((even.max() ?? 0) - (even.min() ?? 0) <= 1)
            // Lines go to groups by `assignment`; groups left empty pay only a share of the unassigned lines.
            var groups = Array(repeating: [Int](), count: 6)
            for (index, line) in cart.lines.enumerated() where line.product.sku != "SERVICE-CHARGE" {
                groups[assignment[index % assignment.count]].append(line.id)
            }
            let parts = try BillSplit.byItems(cart, groups: groups, policy: policy)
            #expect(parts.reduce(0, +) == total)
            #expect(parts.allSatisfy { $0 >= 0 })
        }
    }

    @Test func aSplitBillWithATipOnCardIsOneSaleAndTheTipIsInTheReport() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        let store = till.store
        try await store.addDiningTable(id: "T1", name: "Table 1", seats: 4, rules: shop)
        _ = try await store.openTab(tableID: "T1", covers: 2, waiter: "W7", rules: shop, policy: policy)
        _ = try await store.addToTab(tableID: "T1", product: try RestaurantTableTests.dish("A", "100.00", category: "kitchen"), policy: policy)
        _ = try await store.addToTab(tableID: "T1", product: try RestaurantTableTests.dish("B", "300.00", category: "kitchen"), policy: policy)
        let rule = try ServiceChargeRule(basisPoints: 1_000, vat: try VATClass(rateBasisPoints: 1_500, pricesIncludeVAT: false))
        let bill = try await store.printBill(tableID: "T1", pricing: try ShopPricing(rules: shop, serviceCharge: rule), policy: policy)
        let parts = try BillSplit.byItems(bill.cart, groups: [[1], [2]], policy: policy)
        // A wrong split is refused before anything is written.
        await #expect(throws: CoreError.self) {
            try await store.settleTab(tableID: "T1", tenders: [TenderInput(.cash, amount: 100_000)], serviceCharge: rule, split: [1, 2], policy: policy)
        }
        let sale = try await store.settleTab(
            tableID: "T1", tenders: [TenderInput(.cash, amount: parts[0]), TenderInput(.card, amount: parts[1])], serviceCharge: rule,
            split: parts, tips: [Tip(amount: 5_000, waiter: "W7", reference: "slip 0042")], policy: policy
        )
        #expect(sale.grandTotal == parts.reduce(0, +))
        #expect(sale.restaurant == TableSale(tableID: "T1", covers: 2, waiter: "W7", split: parts, tips: [Tip(amount: 5_000, waiter: "W7", reference: "slip 0042")]))
        #expect(sale.lines.last?.sku == "SERVICE-CHARGE")
        #expect(try await store.sale(id: sale.id) == sale)
        // Paying again (a till that stopped before closing the tab) is refused: the tab is closed.
        await #expect(throws: CoreError.self) {
            try await store.settleTab(tableID: "T1", tenders: [TenderInput(.cash, amount: parts[0])], serviceCharge: rule, policy: policy)
        }
        let x = try await store.xReport(policy: policy)
        #expect(x.totals.tips == 5_000)
        #expect(x.totals.tenders.first { $0.tender == "card" }?.amount == parts[1] + 5_000)
        #expect(x.totals.cashMovementNet == parts[0])
        try await store.markTableClean(tableID: "T1")
        #expect(try await store.verifyJournal().isValid)
    }

    @Test func tipsAreOnlyTakenOnCard() async throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cart = try bill(["100.00"])
        let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
        let refused = await #expect(throws: CoreError.self) {
            try await store.completeSale(
                cart, tenders: [TenderInput(.cash, amount: total)], policy: policy,
                extras: SaleExtras(restaurant: TableSale(tableID: "T1", covers: 1, waiter: nil, tips: [Tip(amount: 100, waiter: nil)]))
            )
        }
        #expect(refused?.code == .invalidTender)
        #expect(try await store.saleCount() == 0)
    }

    /// The printed bill is what paying charges, under the shop's promotions and service charge; each print is a journaled copy.
    @Test func thePrintedBillIsWhatPayingChargesAndEachCopyIsJournaled() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        let store = till.store
        try await store.addDiningTable(id: "T1", name: "Table 1", seats: 4, rules: shop)
        _ = try await store.openTab(tableID: "T1", covers: 2, waiter: "W7", rules: shop, policy: policy)
        _ = try await store.addToTab(tableID: "T1", product: try RestaurantTableTests.dish("A", "100.00", category: "kitchen"), policy: policy)
        _ = try await store.addToTab(tableID: "T1", product: try RestaurantTableTests.dish("B", "300.00", category: "drinks"), policy: policy)
        let happyHour = try Promotion(id: "HH", name: "Happy hour drinks", kind: .percentOff(basisPoints: 5_000), targets: [.category("drinks")])
        let rule = try ServiceChargeRule(basisPoints: 1_000, vat: try VATClass(rateBasisPoints: 0, pricesIncludeVAT: false))
        let pricing = try ShopPricing(rules: shop, promotions: [happyHour], serviceCharge: rule)

        let first = try await store.printBill(tableID: "T1", pricing: pricing, policy: policy)
        // 100.00 + 300.00 × 50 % = 250.00, VAT 10 % on top = 275.00, service charge 10 % of 250.00 = 25.00.
        #expect(first.copy == 1 && first.serviceCharge == 2_500 && first.totals.grandTotal == 30_000, "\(first.totals)")
        #expect(first.cart.lines.last?.product.sku == rule.sku)
        #expect(try await store.diningTables().first?.status == .billPrinted)
        let second = try await store.printBill(tableID: "T1", pricing: pricing, policy: policy)
        #expect(second.copy == 2 && second.totals == first.totals)
        let records = try await store.journalEntries(limit: 100).filter { $0.kind == JournalEntry.Kind.billPrinted }
            .map { try JSONDecoder().decode(BillPrintRecord.self, from: Data($0.payload.utf8)) }
        #expect(records.map(\.copy) == [1, 2] && records.allSatisfy { $0.total == 30_000 && $0.table == "T1" && $0.waiter == "W7" })
        #expect(try await store.verifyJournal().isValid)

        let sale = try await store.settleTab(tableID: "T1", tenders: [TenderInput(.cash, amount: 30_000)], pricing: pricing, policy: policy)
        #expect(sale.grandTotal == first.totals.grandTotal)
        #expect(sale.lines.map(\.sku) == ["A", "B", rule.sku])
    }
}
