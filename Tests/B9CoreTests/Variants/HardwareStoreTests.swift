import B9Core
import B9TestSupport
import Foundation
import PropertyBased
import Testing

@Suite("Hardware store: contractor accounts", .cpuBound)
struct HardwareStoreTests {
    let policy = Fixtures.policy
    let rules = ShopRules(variant: .hardware)

    func cable(_ metres: String) throws -> Cart {
        var cart = Cart(currency: .bdt)
        try cart.add(try Fixtures.product("CABLE-2.5", price: "48.50", unit: .metre), quantity: try Quantity(parsing: metres))
        return cart
    }

    @Test func aStatementListsChargesCreditsAndPaymentsWithTheRunningBalance() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        let store = till.store
        try await store.openAccount(id: "ACME", name: "Acme Builders", creditLimit: 1_000_000)
        // 12.5 m × 48.50 = 606.25 on account.
        let first = try await till.sell(try cable("12.5"), tenders: [TenderInput(.customerCredit(accountID: "ACME"), amount: 60_625)])
        _ = try await till.sell(try cable("4"), tenders: [TenderInput(.customerCredit(accountID: "ACME"), amount: 19_400)])
        _ = try await store.completeReturn(
            ReturnRequest(.againstReceipt(saleID: first.id, lines: [.init(line: 1, quantity: try Quantity(parsing: "2.5"))]), reason: "cut too long"),
            policy: policy, session: till.supervisor
        )
        let payment = try await store.receiveAccountPayment(
            accountID: "ACME", tenders: [TenderInput(.cash, amount: 30_000), TenderInput(.card, amount: 10_000)], rules: rules, policy: policy,
            session: till.cashier
        )
        #expect(payment.balanceBefore == 60_625 + 19_400 - 12_125)
        #expect(payment.balanceAfter == payment.balanceBefore - 40_000)
        let statement = try await store.accountStatement(accountID: "ACME", rules: rules)
        #expect(statement.lines.map(\.kind) == ["sale", "sale", "return", "payment"])
        #expect(statement.lines.map(\.amount) == [60_625, 19_400, -12_125, -40_000])
        #expect(statement.closingBalance == 27_900)
        #expect(try await store.account(id: "ACME").balance == statement.closingBalance)
        // Paying more than is owed is refused; a general shop has no contractor accounts.
        await #expect(throws: CoreError.self) {
            try await store.receiveAccountPayment(accountID: "ACME", tenders: [TenderInput(.cash, amount: 27_901)], rules: rules, policy: policy, session: till.cashier)
        }
        let off = await #expect(throws: CoreError.self) {
            try await store.accountStatement(accountID: "ACME", rules: ShopRules(variant: .general))
        }
        #expect(off?.code == .featureNotEnabled)
        // The cash paid on account is in the drawer's totals.
        let x = try await store.xReport(policy: policy)
        #expect(x.totals.accountPayments == 40_000)
        #expect(try await store.verifyJournal().isValid)
    }

    /// Any sequence of sales on account and payments: the balance never passes the limit, a refused sale
    /// changes nothing, and the statement re-added from the journal equals the stored balance.
    @Test func creditLimitsHold() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        let store = till.store
        let limit: Int64 = 250_000
        try await store.openAccount(id: "BUILDER", name: "Builder", creditLimit: limit)
        let steps = zip(Gen.bool, Gen.int(in: 1...4_000))
        await propertyCheck(count: 60, input: steps.array(of: 1...6)) { operations in
            for (isSale, size) in operations {
                let before = try await store.account(id: "BUILDER").balance
                if isSale {
                    // size × 0.1 m of cable.
                    let cart = try cable(Quantity(thousandths: Int64(size) * 100).description)
                    let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
                    do {
                        _ = try await till.sell(cart, tenders: [TenderInput(.customerCredit(accountID: "BUILDER"), amount: total)])
                        #expect(before + total <= limit)
                        #expect(try await store.account(id: "BUILDER").balance == before + total)
                    } catch let error as CoreError {
                        #expect(error.code == .creditLimitExceeded)
                        #expect(before + total > limit)
                        #expect(try await store.account(id: "BUILDER").balance == before)
                    }
                } else if before > 0 {
                    let amount = min(before, Int64(size) * 25)
                    _ = try await store.receiveAccountPayment(
                        accountID: "BUILDER", tenders: [TenderInput(.cash, amount: amount)], rules: rules, policy: policy, session: till.cashier
                    )
                }
                let balance = try await store.account(id: "BUILDER").balance
                #expect(balance >= 0 && balance <= limit)
            }
        }
        let statement = try await store.accountStatement(accountID: "BUILDER", rules: rules)
        #expect(statement.closingBalance == (try await store.account(id: "BUILDER").balance))
        #expect(try await store.verifyJournal().isValid)
    }

    /// Unit conversions round-trip exactly (cable by the metre in centimetres, nails by the kg in grams,
    /// tiles by the box), or are refused.
    @Test func unitConversionsRoundTripExactly() async {
        await propertyCheck(count: 500, input: Gen.int64(in: 0...10_000_000)) { thousandths in
            let metres = Quantity(thousandths: thousandths)
            let centimetres = try UnitOfMeasure.metre.convert(metres, to: .centimetre)
            #expect(try UnitOfMeasure.centimetre.convert(centimetres, to: .metre) == metres)
            let kilograms = Quantity(thousandths: thousandths)
            let grams = try UnitOfMeasure.kilogram.convert(kilograms, to: .gram)
            #expect(try UnitOfMeasure.gram.convert(grams, to: .kilogram) == kilograms)
            let tiles = try UnitOfMeasure.box(of: 12)
            let boxes = Quantity(units: thousandths / 1_000)
            let pieces = try tiles.convert(boxes, to: .piece)
            #expect(pieces.thousandths == boxes.thousandths * 12)
            #expect(try UnitOfMeasure.piece.convert(pieces, to: tiles) == boxes)
        }
    }
}
