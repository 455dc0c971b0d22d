import B9Core
import Foundation
import Testing

@Suite("Journal export: tips, deposits and payments on account")
struct ExportTipsDepositsTests {
    let policy = Fixtures.policy

    /// One day: a card sale with a tip, a deposit on a project order, a sale on account and a payment on it.
    func populatedDay() async throws -> (Till, day: String, saleID: String, depositID: String, paymentID: String) {
        let till = try await Till.make()
        let store = till.store
        var meal = Cart(currency: .bdt)
        try meal.add(try Fixtures.product("THALI", price: "450.00"), quantity: Quantity(units: 2))
        let total = try TotalsCalculator(policy: policy).totals(of: meal).grandTotal
        let tipped = try await store.completeSale(
            meal, tenders: [TenderInput(.card, amount: total)], policy: policy, cashier: "cas",
            extras: SaleExtras(restaurant: TableSale(tableID: "T4", covers: 2, waiter: "W2", tips: [Tip(amount: 7_500, waiter: "W2", reference: "slip 17")]))
        )

        let sanitary = ShopRules(variant: .sanitary)
        try await store.createProject(CustomerProject(id: "P-1", customerName: "Rahman", site: "Road 7"), rules: sanitary)
        var basins = Cart(currency: .bdt)
        try basins.add(try Fixtures.product("BASIN", price: "8500.00"), quantity: Quantity(units: 2))
        let quote = try await store.issueQuotation(projectID: "P-1", cart: basins, validUntil: "2099-12-31", policy: policy, rules: sanitary)
        let order = try await store.convertQuotation(id: quote.id, today: "2026-01-01")
        let deposit = try await store.takeDeposit(
            orderID: order.id, tenders: [TenderInput(.cash, amount: 400_000), TenderInput(.card, amount: 100_000)], policy: policy, session: till.cashier
        )

        let hardware = ShopRules(variant: .hardware)
        try await store.openAccount(id: "ACME", name: "Acme Builders", creditLimit: 1_000_000)
        var cable = Cart(currency: .bdt)
        try cable.add(try Fixtures.product("CABLE", price: "48.50", unit: .metre), quantity: Quantity(units: 10))
        _ = try await till.sell(cable, tenders: [TenderInput(.customerCredit(accountID: "ACME"), amount: 48_500)])
        let payment = try await store.receiveAccountPayment(
            accountID: "ACME", tenders: [TenderInput(.cash, amount: 20_000)], rules: hardware, policy: policy, session: till.cashier
        )
        let day = String(try #require(try await store.journalEntries(limit: 1000).last).createdAt.prefix(10))
        return (till, day, tipped.id, deposit.id, payment.id)
    }

    @Test func aTippedSaleADepositAndAPaymentOnAccountAreExportedAndVerify() async throws {
        let (till, day, saleID, depositID, paymentID) = try await populatedDay()
        defer { till.remove() }
        let export = try await till.store.exportJournal(from: day, to: day)
        #expect(ExportVerifier.verify(export).problems == [])

        let tip = try #require(export.tips.first)
        #expect(export.tips.count == 1)
        #expect(tip.documentID == saleID && tip.sequence == 1 && tip.tender == "card" && tip.amount == 7_500)
        #expect(tip.waiter == "W2" && tip.reference == "slip 17")
        #expect(export.documents.first { $0.id == saleID }?.tips == 7_500)
        #expect(export.received.map(\.type) == ["deposit", "account-payment"])
        #expect(export.received.map(\.id) == [depositID, paymentID])
        #expect(export.received.map(\.amount) == [500_000, 20_000])
        #expect(export.received[0].orderID != nil && export.received[0].projectID == "P-1")
        #expect(export.received[1].accountID == "ACME")
        #expect(export.payments.filter { $0.documentID == depositID }.map(\.amount) == [400_000, 100_000])
        #expect(export.payments.filter { $0.documentID == paymentID }.map(\.tender) == ["cash"])

        // Reconciles with the day's report: every tender the drawer and the acquirer saw, tips included.
        let report = try await till.store.xReport(policy: policy)
        let exportedCard = export.payments.filter { $0.tender == "card" }.reduce(0) { $0 + $1.amount } + export.tips.reduce(0) { $0 + $1.amount }
        #expect(report.totals.tips == 7_500)
        #expect(report.totals.deposits == 500_000)
        #expect(report.totals.accountPayments == 20_000)
        #expect(report.totals.tenders.first { $0.tender == "card" }?.amount == exportedCard)

        // The CSV files read back to the same export, and still verify.
        let back = try JournalExport.fromCSV(export.csvFiles())
        #expect(back.tips == export.tips)
        #expect(back.received.map(\.id) == export.received.map(\.id))
        #expect(back.documents == export.documents)
        #expect(ExportVerifier.verify(back).isValid)
    }

    @Test func aTamperedTipIsFound() async throws {
        let (till, day, _, _, _) = try await populatedDay()
        defer { till.remove() }
        let export = try await till.store.exportJournal(from: day, to: day)
        var files = export.csvFiles()
        var tips = try CSVReader.records(try #require(files["tips.csv"])).map(\.fields)
        tips[1][3] = "750"
        files["tips.csv"] = CSVWriter.write(tips)
        let result = ExportVerifier.verify(try JournalExport.fromCSV(files))
        #expect(result.problems.contains { $0.contains("tips do not add up") })

        // Changing the sale's tips_minor as well still differs from the journal record.
        var sales = try CSVReader.records(try #require(files["sales.csv"])).map(\.fields)
        let tipsColumn = try #require(sales[0].firstIndex(of: "tips_minor"))
        for row in sales.indices.dropFirst() where sales[row][tipsColumn] == "7500" { sales[row][tipsColumn] = "750" }
        files["sales.csv"] = CSVWriter.write(sales)
        let both = ExportVerifier.verify(try JournalExport.fromCSV(files))
        #expect(!both.problems.contains { $0.contains("tips do not add up") })
        #expect(both.problems.contains { $0.contains("tips differ from its journal record") })
    }

    @Test func aTamperedDepositIsFound() async throws {
        let (till, day, _, depositID, _) = try await populatedDay()
        defer { till.remove() }
        let export = try await till.store.exportJournal(from: day, to: day)
        var files = export.csvFiles()
        var payments = try CSVReader.records(try #require(files["payments.csv"])).map(\.fields)
        let row = try #require(payments.firstIndex { $0[0] == depositID && $0[3] == "400000" })
        payments[row][3] = "300000"
        files["payments.csv"] = CSVWriter.write(payments)
        let result = ExportVerifier.verify(try JournalExport.fromCSV(files))
        #expect(result.problems.contains { $0.contains("deposit \(depositID): payments do not add up") })
    }
}
