import B9Core
import Foundation
import GRDB
import Testing

@Suite("Shifts, X and Z reports")
struct ShiftReportTests {
    let policy = Fixtures.policy

    func soap(_ units: Int64) throws -> Cart {
        var cart = Cart(currency: .bdt)
        try cart.add(try Fixtures.product("SOAP", price: "55.00"), quantity: Quantity(units: units))
        return cart
    }

    func fan() throws -> Cart {
        var cart = Cart(currency: .bdt)
        try cart.add(try Fixtures.product("FAN", price: "1500.00", inclusive: false))
        try cart.add(try Fixtures.product("RICE", price: "82.50", vat: 500, unit: .kilogram), quantity: try Quantity(parsing: "2.500"))
        return cart
    }

    /// Float 5000.00; cash sale 110.00 (200.00 given, 90.00 change); a card sale; 55.00 refunded in cash;
    /// 1000.00 in, 300.00 out. The drawer should hold 5000 + 110 − 55 + 1000 − 300 = 5755.00;
    /// 5750.00 counted is 5.00 short.
    @Test func closingAShiftComparesTheCountWithTheJournal() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        let store = till.store
        let cashMovementBeforeOpen = await #expect(throws: CoreError.self) {
            try await store.moveCash(.paidIn, amount: 100, reason: "x", session: till.supervisor)
        }
        #expect(cashMovementBeforeOpen?.code == .shiftNotOpen)
        let shift = try await store.openShift(float: 500_000, session: till.cashier)
        #expect(shift.number == 1)
        await #expect(throws: CoreError.self) { try await store.openShift(float: 0, session: till.cashier) }

        let cashSale = try await till.sell(try soap(2), tenders: [TenderInput(.cash, amount: 20_000)])
        #expect(cashSale.change == 9_000)
        _ = try await till.sell(try fan())
        _ = try await store.completeReturn(
            ReturnRequest(.againstReceipt(saleID: cashSale.id, lines: [.init(line: 1, quantity: .one)]), reason: "damaged"),
            policy: policy, session: till.supervisor
        )
        // A cashier needs approval for cash movements.
        let refused = await #expect(throws: CoreError.self) {
            try await store.moveCash(.paidIn, amount: 100_000, reason: "change from the bank", session: till.cashier)
        }
        #expect(refused?.code == .notPermitted)
        let token = try await store.approve(
            .cashInOut, subject: "in", amount: 100_000, requester: till.cashier, supervisorID: "sup", supervisorPIN: "2222"
        )
        let cashIn = try await store.moveCash(.paidIn, amount: 100_000, reason: "change from the bank", session: till.cashier, approval: token)
        #expect(cashIn.authorization.approvedBy == "sup")
        _ = try await store.moveCash(.paidOut, amount: 30_000, reason: "milk for the staff room", session: till.supervisor)

        let counted = [
            try Denomination(value: 100_000, count: 5), try Denomination(value: 50_000, count: 1),
            try Denomination(value: 10_000, count: 2), try Denomination(value: 5_000, count: 1),
        ]
        let closing = try await store.closeShift(counted: counted, session: till.supervisor)
        #expect(closing.countedTotal == 575_000)
        #expect(closing.expectedCash == 575_500)
        #expect(closing.overShort == -500)
        #expect(closing.totals.salesCount == 2 && closing.totals.returnsCount == 1)
        #expect(closing.totals.cashIn == 100_000 && closing.totals.cashOut == 30_000)
        #expect(try await store.currentShift() == nil)
        let text = ReportText.render(closing, currency: "BDT", digits: 2)
        #expect(text.contains("Short") && text.contains("-5.00") && text.contains("5755.00"))
        #expect(try await store.verifyJournal().isValid)
    }

    /// The Z report's totals equal what the store's rows say, to the minor unit, summed by SQL independently
    /// of the journal payloads the report is built from.
    @Test func zReportTotalsEqualTheStoredSalesAndReturns() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        let store = till.store
        var sales: [CompletedSale] = []
        for index in 0..<6 {
            var cart = index.isMultiple(of: 2) ? try soap(Int64(index + 1)) : try fan()
            if index == 3 { try cart.setCartDiscount(.percent(basisPoints: 750), policy: policy) }
            let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
            let tenders: [TenderInput] = index.isMultiple(of: 3)
                ? [TenderInput(.cash, amount: total + 1_000)]
                : [TenderInput(.card, amount: total / 2), TenderInput(.mobileWallet("bKash"), amount: total - total / 2)]
            sales.append(try await till.sell(cart, tenders: tenders))
        }
        _ = try await store.completeReturn(
            ReturnRequest(.againstReceipt(saleID: sales[3].id, lines: [.init(line: 2, quantity: try Quantity(parsing: "1.125"))]), reason: "short weight"),
            policy: policy, session: till.supervisor
        )
        _ = try await store.completeReturn(
            ReturnRequest(.againstReceipt(saleID: sales[0].id, lines: nil), reason: "whole"), policy: policy, session: till.supervisor
        )
        var shown = Cart(currency: .bdt)
        let line = try shown.add(try Fixtures.product("SOAP", price: "55.00"))
        _ = try await store.voidLine(line, of: shown, shown: true, reason: "customer changed mind", policy: policy, session: till.supervisor)

        let x = try await store.xReport(policy: policy)
        let z = try await store.zReport(policy: policy, session: till.manager)
        #expect(z.number == 1 && z.kind == "Z" && x.kind == "X")
        #expect(z.totals == x.totals)

        let path = till.folder.appendingPathComponent("store.sqlite").path
        let raw = try DatabaseQueue(path: path)
        try await raw.read { db in
            let gross = try Int64.fetchOne(db, sql: "SELECT SUM(grand_total_minor) FROM sale") ?? 0
            let returns = try Int64.fetchOne(db, sql: "SELECT SUM(total_minor) FROM return_receipt") ?? 0
            #expect(z.totals.grossSales == gross)
            #expect(z.totals.returns == returns)
            #expect(z.totals.netSales == gross + returns)
            #expect(z.totals.salesCount == 6 && z.totals.returnsCount == 2 && z.totals.voidsCount == 1)
            for tender in z.totals.tenders {
                let paid = try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(amount_minor), 0) FROM payment WHERE tender = ?", arguments: [tender.tender]) ?? 0
                let refunded = try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(amount_minor), 0) FROM refund WHERE tender = ?", arguments: [tender.tender]) ?? 0
                let change = tender.tender == "cash" ? (try Int64.fetchOne(db, sql: "SELECT SUM(change_minor) FROM sale") ?? 0) : 0
                #expect(tender.amount == paid + refunded - change, "\(tender.tender)")
            }
            let tenderSum = z.totals.tenders.reduce(Int64(0)) { $0 + $1.amount }
            #expect(tenderSum == gross + returns + z.totals.roundingAdjustments)
            for vat in z.totals.vat {
                let sold = try Int64.fetchOne(
                    db, sql: "SELECT COALESCE(SUM(vat_minor), 0) FROM sale_line WHERE vat_rate_bp = ? AND vat_inclusive = ?",
                    arguments: [vat.rateBasisPoints, vat.pricesIncludeVAT]
                ) ?? 0
                let back = try Int64.fetchOne(
                    db, sql: "SELECT COALESCE(SUM(vat_minor), 0) FROM return_line WHERE vat_rate_bp = ? AND vat_inclusive = ?",
                    arguments: [vat.rateBasisPoints, vat.pricesIncludeVAT]
                ) ?? 0
                #expect(vat.amount == sold + back, "VAT \(vat.rateBasisPoints)")
            }
        }
        #expect(try await store.zReport(number: 1) == z)
        #expect(try await store.verifyJournal().isValid)
    }

    @Test func aZReportStartsANewDay() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        _ = try await till.sell(try soap(1))
        let first = try await till.store.zReport(policy: policy, session: till.manager)
        #expect(first.totals.salesCount == 1)
        // Nothing since: an X report is empty.
        #expect(try await till.store.xReport(policy: policy).totals == ReportTotals())
        _ = try await till.sell(try soap(3))
        let second = try await till.store.zReport(policy: policy, session: till.manager)
        #expect(second.number == 2)
        #expect(second.fromSequence == first.toSequence + 2)
        #expect(second.totals.salesCount == 1 && second.totals.grossSales == 16_500)
        #expect(second.totals.firstReceipt == 2)
        // A cashier cannot take a Z report.
        let error = await #expect(throws: CoreError.self) { try await till.store.zReport(policy: policy, session: till.cashier) }
        #expect(error?.code == .notPermitted)
        let text = ReportText.render(second)
        #expect(text.contains("Z REPORT 2") && text.contains("165.00"))
        #expect(try await till.store.verifyJournal().isValid)
    }

    @Test func aVoidOfAShownLineIsJournaledWithItsApprover() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        var cart = Cart(currency: .bdt)
        let soapLine = try cart.add(try Fixtures.product("SOAP", price: "55.00"), quantity: Quantity(units: 2))
        let riceLine = try cart.add(try Fixtures.product("RICE", price: "82.50", vat: 500, unit: .kilogram), quantity: try Quantity(parsing: "1.000"))
        // Not yet shown: just removed, nothing journaled.
        let before = try await till.store.journalEntries().count
        let keyed = try await till.store.voidLine(riceLine, of: cart, shown: false, reason: "keyed twice", policy: policy, session: till.cashier)
        #expect(keyed.lines.count == 1)
        #expect(try await till.store.journalEntries().count == before)
        // Shown: the cashier needs a supervisor.
        await #expect(throws: CoreError.self) {
            try await till.store.voidLine(soapLine, of: keyed, shown: true, reason: "changed mind", policy: policy, session: till.cashier)
        }
        let token = try await till.store.approve(
            .voidLine, subject: "SOAP", amount: 11_000, requester: till.cashier, supervisorID: "sup", supervisorPIN: "2222"
        )
        let after = try await till.store.voidLine(soapLine, of: keyed, shown: true, reason: "changed mind", policy: policy, session: till.cashier, approval: token)
        #expect(after.isEmpty)
        let entry = try #require(try await till.store.journalEntries().last)
        let record = try CanonicalJSON.decode(VoidRecord.self, from: entry.payload)
        #expect(entry.kind == "void.recorded" && record.amount == 11_000)
        #expect(record.authorization.operatorID == "cas" && record.authorization.approvedBy == "sup")
    }
}
