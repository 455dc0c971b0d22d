import B9Core
import B9TestSupport
import Foundation
import GRDB
import PropertyBased
import Testing

@Suite("Super shop: loyalty", .cpuBound)
struct SupershopLoyaltyTests {
    typealias F = SupershopFixtures
    let policy = SupershopFixtures.policy
    let shop = ShopRules(variant: .supershop)
    /// One point per full 100.00, a point pays 1.00.
    let rules: LoyaltyRules

    init() throws {
        rules = try LoyaltyRules(spendStep: 10_000, pointValue: 100)
    }

    func till() async throws -> Till {
        let till = try await Till.make()
        try await till.store.enrolLoyaltyMember(id: "M1", name: "Shila", card: "2900000000011", phone: "01711000000", rules: shop)
        return till
    }

    @Test func pointsEarnedRoundDownPerFullStepUnlessConfiguredOtherwise() throws {
        #expect(try rules.pointsEarned(onSpend: 24_999) == 2)
        #expect(try rules.pointsEarned(onSpend: 25_000) == 2)
        #expect(try rules.pointsEarned(onSpend: -5) == 0)
        let halfUp = try LoyaltyRules(spendStep: 10_000, earnRounding: .halfUp, pointValue: 100)
        #expect(try halfUp.pointsEarned(onSpend: 25_000) == 3)
        #expect(try rules.points(paying: 1_200) == 12)
        let partial = #expect(throws: CoreError.self) { try rules.points(paying: 1_250) }
        #expect(partial?.code == .invalidTender)
    }

    @Test func membersAreFoundByCardOrPhoneAndNeedTheFeature() async throws {
        let till = try await till()
        defer { till.remove() }
        #expect(try await till.store.loyaltyMember(barcode: "2900000000011").id == "M1")
        #expect(try await till.store.loyaltyMember(barcode: " 01711000000 ").id == "M1")
        await #expect(throws: CoreError.self) { try await till.store.loyaltyMember(barcode: "999") }
        let off = await #expect(throws: CoreError.self) {
            try await till.store.enrolLoyaltyMember(id: "M2", name: "X", card: "1", phone: nil, rules: ShopRules(variant: .general))
        }
        #expect(off?.code == .featureNotEnabled)
        // A card already used by another member is refused.
        await #expect(throws: CoreError.self) {
            try await till.store.enrolLoyaltyMember(id: "M3", name: "Y", card: "01711000000", phone: nil, rules: shop)
        }
    }

    @Test func aSaleEarnsPointsAndRedeemsThemAsATenderAndAReturnTakesThemBack() async throws {
        let till = try await till()
        defer { till.remove() }
        let store = till.store
        let loyalty = LoyaltyCheckout(memberID: "M1", rules: rules)
        // 450.00 earns 4 points.
        let first = try await store.completeSale(
            try F.cart([(try F.item("OIL", "450.00"), 1)]), tenders: [TenderInput(.cash, amount: 45_000)], policy: policy,
            extras: SaleExtras(loyalty: loyalty)
        )
        #expect(first.loyalty?.pointsEarned == 4)
        #expect(try await store.loyaltyMember(id: "M1").points == 4)
        // 3 points pay 3.00 of a 250.00 sale; 247.00 earns 2.
        let second = try await store.completeSale(
            try F.cart([(try F.item("TEA", "125.00"), 2)]),
            tenders: [TenderInput(.loyaltyPoints(memberID: "M1"), amount: 300), TenderInput(.card, amount: 24_700)], policy: policy,
            extras: SaleExtras(loyalty: loyalty)
        )
        let earned = try #require(second.loyalty)
        #expect(earned.memberID == "M1" && earned.spend == 24_700 && earned.redeemedAmount == 300)
        #expect(earned.pointsEarned == 2 && earned.pointsRedeemed == 3)
        #expect(try await store.loyaltyMember(id: "M1").points == 3)
        // More points than the member has are refused and nothing is written.
        let tooMany = await #expect(throws: CoreError.self) {
            try await store.completeSale(
                try F.cart([(try F.item("TEA", "125.00"), 1)]), tenders: [TenderInput(.loyaltyPoints(memberID: "M1"), amount: 12_500)],
                policy: policy, extras: SaleExtras(loyalty: loyalty)
            )
        }
        #expect(tooMany?.code == .insufficientPayment)
        // Points without naming the member are refused.
        await #expect(throws: CoreError.self) {
            try await store.completeSale(
                try F.cart([(try F.item("TEA", "125.00"), 1)]),
                tenders: [TenderInput(.loyaltyPoints(memberID: "M1"), amount: 100), TenderInput(.cash, amount: 12_400)], policy: policy
            )
        }
        // Returning one of the two teas: the refund goes to points first (3.00 → 3 points back) then card;
        // half the spend comes back, so 1 of the 2 earned points is taken back.
        let back = try await store.completeReturn(
            ReturnRequest(.againstReceipt(saleID: second.id, lines: [.init(line: 1, quantity: .one)]), reason: "spare"),
            policy: policy, session: till.supervisor
        )
        #expect(back.refunds.map(\.tender) == ["points:M1", "card"])
        #expect(try await store.loyaltyMember(id: "M1").points == 3 + 3 - 1)
        // The rest of the sale: the other earned point is taken back, nothing more.
        _ = try await store.completeReturn(
            ReturnRequest(.againstReceipt(saleID: second.id, lines: nil), reason: "spare"), policy: policy, session: till.supervisor
        )
        #expect(try await store.loyaltyMember(id: "M1").points == 4)
        let history = try await store.loyaltyHistory(memberID: "M1")
        #expect(history.map(\.reason) == [.earned, .redeemed, .earned, .returned, .returned])
        #expect(history.reduce(0) { $0 + $1.points } == 4)
        #expect(try await store.verifyJournal().isValid)
        // The balance survives a restart.
        let reopened = try BillingStore.open(path: till.folder.appendingPathComponent("store.sqlite").path, storeID: "shop-1", terminalID: "till-1")
        #expect(try await reopened.loyaltyMember(barcode: "01711000000").points == 4)
        #expect(try await reopened.sale(id: second.id)?.loyalty?.pointsRedeemed == 3)
    }

    @Test func aBalanceChangedBehindTheJournalsBackIsDetected() async throws {
        let till = try await till()
        defer { till.remove() }
        _ = try await till.store.completeSale(
            try F.cart([(try F.item("OIL", "450.00"), 1)]), tenders: [TenderInput(.cash, amount: 45_000)], policy: policy,
            extras: SaleExtras(loyalty: LoyaltyCheckout(memberID: "M1", rules: rules))
        )
        #expect(try await till.store.verifyJournal().isValid)
        let path = till.folder.appendingPathComponent("store.sqlite").path
        try await DatabaseQueue(path: path).write { db in try db.execute(sql: "UPDATE loyalty_member SET points = 400 WHERE id = 'M1'") }
        let problem = try await BillingStore.open(path: path, storeID: "shop-1", terminalID: "till-1").verifyJournal().firstProblem
        #expect(problem?.reason.contains("loyalty member M1 holds 400 points but the journal says 4") == true)
    }

    /// Any sequence of sales (some paid partly with points) and returns: the stored balance always equals
    /// the sum of the member's journal movements, and returning everything takes back exactly what was earned.
    @Test func pointsBalanceEqualsTheJournalSum() async throws {
        let till = try await till()
        defer { till.remove() }
        let store = till.store
        let loyalty = LoyaltyCheckout(memberID: "M1", rules: rules)
        let steps = zip(Gen.int(in: 1...9), Gen.int(in: 0...3), Gen.int(in: 0...2))
        await propertyCheck(count: 25, input: steps.array(of: 1...5)) { operations in
            var sales: [CompletedSale] = []
            for (units, pointsWanted, returning) in operations {
                let cart = try F.cart([(try F.item("RICE", "87.35"), Int64(units))])
                let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
                let balance = try await store.loyaltyMember(id: "M1").points
                let points = min(Int64(pointsWanted), max(0, balance))
                var tenders = [TenderInput(.card, amount: total - points * 100)]
                if points > 0 { tenders.insert(TenderInput(.loyaltyPoints(memberID: "M1"), amount: points * 100), at: 0) }
                sales.append(try await store.completeSale(cart, tenders: tenders, policy: policy, extras: SaleExtras(loyalty: loyalty)))
                if returning > 0, let sale = sales.first, try await store.returnedQuantities(saleID: sale.id).isEmpty {
                    let record = try await store.completeReturn(
                        ReturnRequest(.againstReceipt(saleID: sale.id, lines: nil), reason: "test"), policy: policy, session: till.supervisor
                    )
                    // Everything of that sale is back: the return undoes exactly what the sale did to the points.
                    let undone = try await store.loyaltyHistory(memberID: "M1").filter { $0.reference == record.id }.reduce(0) { $0 + $1.points }
                    #expect(undone == -(sale.loyalty.map { $0.pointsEarned - $0.pointsRedeemed } ?? 0))
                }
                let history = try await store.loyaltyHistory(memberID: "M1")
                #expect(history.reduce(0) { $0 + $1.points } == (try await store.loyaltyMember(id: "M1").points))
            }
        }
        #expect(try await store.verifyJournal().isValid)
    }
}
