import B9Core
import B9TestSupport
import Foundation
import PropertyBased
import Testing

@Suite("Returns and refunds", .cpuBound)
struct ReturnTests {
    let policy = Fixtures.policy

    /// 3 × SOAP 55.00 (15 % incl.), 1.250 kg APPLE 320.00 (0 %), 1 × FAN 1500.00 + 15 % VAT on top; 10 % cart discount.
    func cart() throws -> Cart {
        var cart = Cart(currency: .bdt)
        try cart.add(try Fixtures.product("SOAP", price: "55.00"), quantity: Quantity(units: 3))
        try cart.add(try Fixtures.product("APPLE", price: "320.00", vat: 0, unit: .kilogram), quantity: try Quantity(parsing: "1.250"))
        try cart.add(try Fixtures.product("FAN", price: "1500.00", inclusive: false))
        try cart.setCartDiscount(.percent(basisPoints: 1_000), policy: policy)
        return cart
    }

    @Test func aWholeReturnGivesBackExactlyWhatWasPaidAndTheStock() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        let sale = try await till.sell(try cart())
        let record = try await till.store.completeReturn(
            ReturnRequest(.againstReceipt(saleID: sale.id, lines: nil), reason: "changed mind"), policy: policy, session: till.supervisor
        )
        #expect(record.returnNumber == 1)
        #expect(record.originalReceiptNumber == sale.receiptNumber)
        #expect(record.total == -sale.grandTotal)
        #expect(record.refunds == [CompletedReturn.Refund(tender: "card", amount: -sale.grandTotal)])
        // VAT per rate comes back exactly, with the opposite sign.
        for vat in sale.vat {
            let back = try #require(record.vat.first { $0.rateBasisPoints == vat.rateBasisPoints && $0.pricesIncludeVAT == vat.pricesIncludeVAT })
            #expect(back.amount == -vat.amount && back.base == -vat.base)
        }
        #expect(try await till.store.stockLevel(sku: "SOAP") == .zero)
        #expect(try await till.store.stockLevel(sku: "APPLE") == .zero)
        #expect(record.authorization.operatorID == "sup" && record.authorization.approvedBy == nil)
        // Nothing is left to return.
        let error = await #expect(throws: CoreError.self) {
            try await till.store.completeReturn(
                ReturnRequest(.againstReceipt(saleID: sale.id, lines: nil), reason: "again"), policy: policy, session: till.supervisor
            )
        }
        #expect(error?.code == .returnExceedsSale)
        let events = try await till.store.pendingEvents(limit: 100).map(\.type)
        #expect(events.contains("com.b9pos.return.completed"))
        #expect(try await till.store.verifyJournal().isValid)
    }

    /// Hand-computed: SOAP line gross 165.00, cart discount 10 % → net 148.50, VAT 15 % incl.
    /// Returning 1 of 3 takes back round(14850 × 1/3) = 4950.
    @Test func aPartialReturnTakesBackItsShareOfTheDiscountedLine() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        let sale = try await till.sell(try cart())
        let soap = try #require(sale.lines.first { $0.sku == "SOAP" })
        #expect(soap.net == 14_850)
        let quote = try await till.store.quoteReturn(
            ReturnRequest(.againstReceipt(saleID: sale.id, lines: [.init(line: soap.number, quantity: .one)]), reason: "broken"), policy: policy
        )
        #expect(quote.total == -4_950)
        #expect(quote.lines.first?.vat == -(try ExactArithmetic.mulDiv(soap.vat, 1, 3, rounding: .round(.halfUp))))
        #expect(try await till.store.stockLevel(sku: "SOAP") == Quantity(units: -3))
        _ = try await till.store.completeReturn(
            ReturnRequest(.againstReceipt(saleID: sale.id, lines: [.init(line: soap.number, quantity: .one)]), reason: "broken"),
            policy: policy, session: till.supervisor
        )
        #expect(try await till.store.stockLevel(sku: "SOAP") == Quantity(units: -2))
        // 2 more are fine, 3 more are not (across returns).
        let tooMany = await #expect(throws: CoreError.self) {
            try await till.store.completeReturn(
                ReturnRequest(.againstReceipt(saleID: sale.id, lines: [.init(line: soap.number, quantity: Quantity(units: 3))]), reason: "x"),
                policy: policy, session: till.supervisor
            )
        }
        #expect(tooMany?.code == .returnExceedsSale)
        // Repeating a line inside one request counts too.
        await #expect(throws: CoreError.self) {
            try await till.store.completeReturn(
                ReturnRequest(
                    .againstReceipt(saleID: sale.id, lines: [.init(line: soap.number, quantity: Quantity(units: 2)), .init(line: soap.number, quantity: .one)]),
                    reason: "x"
                ),
                policy: policy, session: till.supervisor
            )
        }
    }

    /// However a line is returned in parts, the parts add up to exactly the line's net and VAT, never more.
    @Test func returnsInAnyPartsAddUpToTheLineExactly() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1...50_000), Gen.int(in: 1...100_000_000), Gen.int(in: 1...8)) { sold, amount, parts in
            var remaining = Int64(sold)
            var before: Int64 = 0
            var total: Int64 = 0
            var index = 0
            while remaining > 0 {
                index += 1
                let piece = index >= parts ? remaining : max(1, remaining / Int64(parts - index + 1))
                let share = try ReturnMath.share(
                    of: Int64(amount), sold: Int64(sold), returnedBefore: before, returning: piece, rounding: .halfEven
                )
                #expect(share >= 0)
                total += share
                before += piece
                remaining -= piece
                #expect(total <= Int64(amount))
            }
            #expect(total == Int64(amount))
            #expect(throws: CoreError.self) {
                try ReturnMath.share(of: Int64(amount), sold: Int64(sold), returnedBefore: Int64(sold), returning: 1, rounding: .halfUp)
            }
        }
    }

    @Test func refundsGoBackToTheTendersThatPaid() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        var cart = Cart(currency: .bdt)
        try cart.add(try Fixtures.product("KETTLE", price: "2000.00"))
        try cart.add(try Fixtures.product("MUG", price: "300.00"), quantity: Quantity(units: 2))
        // 2600.00: 1000.00 on card, 1600.00 + 400.00 overpaid in cash (change 400.00).
        let sale = try await till.sell(cart, tenders: [TenderInput(.card, amount: 100_000), TenderInput(.cash, amount: 200_000)])
        #expect(sale.change == 40_000)
        // Asking for more on card than the card paid is refused.
        let kettle = try #require(sale.lines.first { $0.sku == "KETTLE" })
        let error = await #expect(throws: CoreError.self) {
            try await till.store.completeReturn(
                ReturnRequest(.againstReceipt(saleID: sale.id, lines: [.init(line: kettle.number, quantity: .one)]), reason: "faulty"),
                refunds: [TenderInput(.card, amount: 200_000)], policy: policy, session: till.supervisor
            )
        }
        #expect(error?.code == .refundNotAllowed)
        // Automatically: card first (up to 1000.00), then cash.
        let first = try await till.store.completeReturn(
            ReturnRequest(.againstReceipt(saleID: sale.id, lines: [.init(line: kettle.number, quantity: .one)]), reason: "faulty"),
            policy: policy, session: till.supervisor
        )
        #expect(first.refunds == [.init(tender: "card", amount: -100_000), .init(tender: "cash", amount: -100_000)])
        // The mugs: only cash is left (600.00 of the 1600.00 net cash).
        let second = try await till.store.completeReturn(
            ReturnRequest(.againstReceipt(saleID: sale.id, lines: nil), reason: "set"), policy: policy, session: till.supervisor
        )
        #expect(second.returnNumber == 2)
        #expect(second.refunds == [.init(tender: "cash", amount: -60_000)])
        #expect(try await till.store.verifyJournal().isValid)
    }

    @Test func aRefundToAnAccountLowersItsBalance() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        try await till.store.openAccount(id: "ACME", name: "Acme Builders", creditLimit: 1_000_000)
        var cart = Cart(currency: .bdt)
        try cart.add(try Fixtures.product("CEMENT", price: "650.00"), quantity: Quantity(units: 10))
        _ = try await till.sell(cart, tenders: [TenderInput(.customerCredit(accountID: "ACME"), amount: 650_000)])
        #expect(try await till.store.account(id: "ACME").balance == 650_000)
        let sale = try #require(try await till.store.sale(receiptNumber: 1))
        _ = try await till.store.completeReturn(
            ReturnRequest(.againstReceipt(saleID: sale.id, lines: [.init(line: 1, quantity: Quantity(units: 4))]), reason: "surplus"),
            policy: policy, session: till.supervisor
        )
        #expect(try await till.store.account(id: "ACME").balance == 390_000)
    }

    @Test func aCashierNeedsApprovalForARefundBoundToItsAmount() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        let sale = try await till.sell(try cart())
        let request = ReturnRequest(.againstReceipt(saleID: sale.id, lines: [.init(line: 1, quantity: .one)]), reason: "broken")
        let refused = await #expect(throws: CoreError.self) {
            try await till.store.completeReturn(request, policy: policy, session: till.cashier)
        }
        #expect(refused?.code == .notPermitted)
        let quote = try await till.store.quoteReturn(request, policy: policy)
        let token = try await till.store.approve(
            quote.action, subject: quote.subject, amount: quote.amount, requester: till.cashier, supervisorID: "sup", supervisorPIN: "2222"
        )
        let record = try await till.store.completeReturn(request, policy: policy, session: till.cashier, approval: token)
        #expect(record.authorization.approvedBy == "sup" && record.authorization.operatorID == "cas")
        // Refused returns used no return number.
        #expect(record.returnNumber == 1)
    }

    @Test func withoutAReceiptOnlyWithPermissionAndOnlyInCash() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        var goods = Cart(currency: .bdt)
        try goods.add(try Fixtures.product("SOAP", price: "55.00"), quantity: Quantity(units: 2))
        let request = ReturnRequest(.withoutReceipt(goods), reason: "no receipt")
        // A supervisor may refund, but not without a receipt.
        let error = await #expect(throws: CoreError.self) {
            try await till.store.completeReturn(request, policy: policy, session: till.supervisor)
        }
        #expect(error?.code == .notPermitted)
        await #expect(throws: CoreError.self) {
            try await till.store.completeReturn(request, refunds: [TenderInput(.card, amount: 11_000)], policy: policy, session: till.manager)
        }
        let record = try await till.store.completeReturn(request, policy: policy, session: till.manager)
        #expect(record.originalSaleID == nil && record.total == -11_000)
        #expect(record.refunds == [.init(tender: "cash", amount: -11_000)])
        #expect(try await till.store.stockLevel(sku: "SOAP") == Quantity(units: 2))
        #expect(try await till.store.verifyJournal().isValid)
    }

    /// Return numbers are a series of their own, next to receipt numbers.
    @Test func returnNumbersAreGapFreeInTheirOwnSeries() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        var receipts: [Int64] = []
        var returns: [Int64] = []
        for _ in 0..<3 {
            let sale = try await till.sell(try cart())
            receipts.append(sale.receiptNumber)
            returns.append(try await till.store.completeReturn(
                ReturnRequest(.againstReceipt(saleID: sale.id, lines: [.init(line: 1, quantity: .one)]), reason: "r"),
                policy: policy, session: till.supervisor
            ).returnNumber)
        }
        #expect(receipts == [1, 2, 3] && returns == [1, 2, 3])
        #expect(try await till.store.verifyJournal().isValid)
    }

    /// A correction after completion is a return (−) of the wrong line and a new sale (+); both journaled, nothing edited.
    @Test func aCorrectionIsAMinusAndAPlusEntry() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        var wrong = Cart(currency: .bdt)
        try wrong.add(try Fixtures.product("TILE-A", price: "120.00"), quantity: Quantity(units: 10))
        let sale = try await till.sell(wrong)
        _ = try await till.store.completeReturn(
            ReturnRequest(.againstReceipt(saleID: sale.id, lines: nil), reason: "correction: wrong tile"), policy: policy, session: till.supervisor
        )
        var right = Cart(currency: .bdt)
        try right.add(try Fixtures.product("TILE-B", price: "110.00"), quantity: Quantity(units: 10))
        _ = try await till.sell(right)
        let kinds = try await till.store.journalEntries(from: 1, limit: 100).map(\.kind)
        #expect(kinds.suffix(3) == ["sale.completed", "return.completed", "sale.completed"])
        #expect(try await till.store.sale(id: sale.id) == sale)
    }
}
