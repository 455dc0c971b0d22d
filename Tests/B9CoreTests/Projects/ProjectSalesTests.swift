import B9Core
import B9TestSupport
import Foundation
import GRDB
import PropertyBased
import Testing

@Suite("Sanitary ware: projects, quotations, deposits, deliveries", .cpuBound)
struct ProjectSalesTests {
    let policy = Fixtures.policy
    let shop = ShopRules(variant: .sanitary)

    func quotedCart() throws -> Cart {
        var cart = Cart(currency: .bdt)
        try cart.add(try Fixtures.product("BASIN-W", price: "8500.00"), quantity: Quantity(units: 3))
        try cart.add(try Fixtures.product("TILE-60", price: "2400.00", unit: try UnitOfMeasure.box(of: 4)), quantity: Quantity(units: 20))
        try cart.add(try Product(
            sku: "INSTALL", name: "Installation per basin", category: "service", unitPrice: Fixtures.money("1500.00"),
            vat: try VATClass(rateBasisPoints: 1_500, pricesIncludeVAT: true), isService: true, isStockTracked: false
        ), quantity: Quantity(units: 3))
        return cart
    }

    func project(_ store: BillingStore) async throws {
        try await store.createProject(
            CustomerProject(id: "P-GULSHAN-7", customerName: "Rahman Builders", site: "Road 7, Gulshan", deliveryDate: "2026-12-05", installationDate: "2026-12-08"),
            rules: shop
        )
    }

    @Test func aQuotationBecomesAnOrderWithADepositPartialDeliveriesAndAFinalInvoice() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        let store = till.store
        try await project(store)
        let quote = try await store.issueQuotation(projectID: "P-GULSHAN-7", cart: try quotedCart(), validUntil: "2026-12-01", policy: policy, rules: shop)
        #expect(quote.number == 1)
        #expect(quote.grandTotal == 3 * 850_000 + 20 * 240_000 + 3 * 150_000)
        let second = try await store.issueQuotation(projectID: "P-GULSHAN-7", cart: try quotedCart(), validUntil: "2026-11-20", policy: policy, rules: shop)
        #expect(second.number == 2)
        // An expired quotation cannot be ordered; a valid one only once.
        let expired = await #expect(throws: CoreError.self) { try await store.convertQuotation(id: second.id, today: "2026-11-21") }
        #expect(expired?.code == .quotationNotValid)
        let order = try await store.convertQuotation(id: quote.id, today: "2026-12-01")
        #expect(order.grandTotal == quote.grandTotal)
        await #expect(throws: CoreError.self) { try await store.convertQuotation(id: quote.id, today: "2026-11-25") }
        #expect(try await store.quotation(id: quote.id).orderID == order.id)

        // Deposit of 30 000.00 in cash and card; more than the balance is refused.
        let deposit = try await store.takeDeposit(
            orderID: order.id, tenders: [TenderInput(.cash, amount: 1_000_000), TenderInput(.card, amount: 2_000_000)], policy: policy, session: till.cashier
        )
        #expect(deposit.depositedAfter == 3_000_000)
        let tooMuch = await #expect(throws: CoreError.self) {
            try await store.takeDeposit(orderID: order.id, tenders: [TenderInput(.cash, amount: quote.grandTotal)], policy: policy, session: till.cashier)
        }
        #expect(tooMuch?.code == .invalidAmount)

        // Two partial deliveries; delivering more than was ordered is refused.
        _ = try await store.recordDelivery(orderID: order.id, lines: [.init(line: 1, quantity: Quantity(units: 2)), .init(line: 2, quantity: Quantity(units: 10))], date: "2026-12-05")
        let afterSecond = try await store.recordDelivery(orderID: order.id, lines: [.init(line: 2, quantity: Quantity(units: 10))], date: "2026-12-06")
        #expect(afterSecond.delivered == [1: 2_000, 2: 20_000])
        let over = await #expect(throws: CoreError.self) {
            try await store.recordDelivery(orderID: order.id, lines: [.init(line: 1, quantity: Quantity(units: 2))], date: "2026-12-07")
        }
        #expect(over?.code == .invalidQuantity)

        // The order survives a restart with its deposit and deliveries.
        let reopened = try BillingStore.open(path: till.folder.appendingPathComponent("store.sqlite").path, storeID: "shop-1", terminalID: "till-1")
        let stored = try await reopened.projectOrder(id: order.id)
        #expect(stored == afterSecond)
        #expect(stored.deposited == 3_000_000)
        #expect(try await reopened.quotation(id: second.id).status == .open)

        // The final invoice deducts the deposit: deposit + balance = invoice total.
        let invoice = try await store.invoiceOrder(orderID: order.id, tenders: [TenderInput(.card, amount: stored.balance)], policy: policy)
        #expect(invoice.id == order.id)
        #expect(invoice.grandTotal == quote.grandTotal)
        #expect(invoice.payments.map(\.tender) == ["deposit:\(order.id)", "card"])
        #expect(invoice.payments.map(\.amount) == [3_000_000, quote.grandTotal - 3_000_000])
        #expect(try await store.projectOrder(id: order.id).invoiceSaleID == invoice.id)
        // No more deposits once invoiced; the X report counts the deposit's money once.
        await #expect(throws: CoreError.self) {
            try await store.takeDeposit(orderID: order.id, tenders: [TenderInput(.cash, amount: 100)], policy: policy, session: till.cashier)
        }
        let x = try await store.xReport(policy: policy)
        #expect(x.totals.deposits == 3_000_000)
        #expect(x.totals.cashMovementNet == 1_000_000)
        #expect(try await store.verifyJournal().isValid)
        // A general shop has no projects.
        let off = await #expect(throws: CoreError.self) {
            try await store.createProject(CustomerProject(id: "X", customerName: "X", site: "X"), rules: ShopRules(variant: .general))
        }
        #expect(off?.code == .featureNotEnabled)
    }

    @Test func depositsPayOnlyTheirOwnInvoiceInFull() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        let store = till.store
        try await project(store)
        let quote = try await store.issueQuotation(projectID: "P-GULSHAN-7", cart: try quotedCart(), validUntil: "2026-12-31", policy: policy, rules: shop)
        let order = try await store.convertQuotation(id: quote.id, today: "2026-12-01")
        _ = try await store.takeDeposit(orderID: order.id, tenders: [TenderInput(.cash, amount: 500_000)], policy: policy, session: till.cashier)
        // Using the deposit on another sale, or only part of it, is refused and changes nothing.
        var other = Cart(currency: .bdt)
        try other.add(try Fixtures.product("SOAP", price: "55.00"))
        let elsewhere = await #expect(throws: CoreError.self) {
            try await store.completeSale(other, tenders: [TenderInput(.deposit(orderID: order.id), amount: 5_500)], policy: policy)
        }
        #expect(elsewhere?.code == .invalidTender)
        #expect(try await store.saleCount() == 0)
        #expect(try await store.projectOrder(id: order.id).invoiceSaleID == nil)
        // A deposited sum changed behind the journal's back is found by the journal check.
        #expect(try await store.verifyJournal().isValid)
        let path = till.folder.appendingPathComponent("store.sqlite").path
        try await DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE project_order SET deposited_minor = 900000 WHERE id = ?", arguments: [order.id])
        }
        #expect(try await store.verifyJournal().firstProblem?.reason.contains("holds 900000 in deposits but the journal says 500000") == true)
    }

    /// Any sequence of deposits: the order never holds more than its total, and the final invoice is the
    /// deposits plus the balance, exactly.
    @Test func depositPlusBalanceEqualsTheInvoiceTotal() async throws {
        let till = try await Till.make()
        defer { till.remove() }
        let store = till.store
        try await project(store)
        await propertyCheck(count: 20, input: zip(Gen.int(in: 1...40), Gen.int64(in: 1...2_000_000).array(of: 0...5))) { units, deposits in
            var cart = Cart(currency: .bdt)
            try cart.add(try Fixtures.product("WC-SET", price: "12345.67"), quantity: Quantity(units: Int64(units)))
            let quote = try await store.issueQuotation(projectID: "P-GULSHAN-7", cart: cart, validUntil: "2099-12-31", policy: policy, rules: shop)
            let order = try await store.convertQuotation(id: quote.id, today: "2026-12-01")
            var deposited: Int64 = 0
            for amount in deposits {
                do {
                    let deposit = try await store.takeDeposit(orderID: order.id, tenders: [TenderInput(.card, amount: amount)], policy: policy, session: till.cashier)
                    deposited += amount
                    #expect(deposit.depositedAfter == deposited)
                } catch let error as CoreError {
                    #expect(error.code == .invalidAmount)
                    #expect(deposited + amount > quote.grandTotal)
                }
                #expect(deposited <= quote.grandTotal)
            }
            let stored = try await store.projectOrder(id: order.id)
            #expect(stored.deposited == deposited)
            let balance = stored.balance
            let invoice = try await store.invoiceOrder(orderID: order.id, tenders: balance > 0 ? [TenderInput(.cash, amount: balance)] : [], policy: policy)
            #expect(invoice.grandTotal == quote.grandTotal)
            #expect(invoice.payments.reduce(0) { $0 + $1.amount } - invoice.change == deposited + balance)
            #expect(deposited + balance == invoice.grandTotal)
        }
        #expect(try await store.verifyJournal().isValid)
    }
}
