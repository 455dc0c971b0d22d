@testable import B9Terminal
import B9Core
import Foundation
import Testing

@Suite("Local API: the till page in headless Chromium", .timeLimit(.minutes(3)))
struct LocalAPITillPageTests {
    @Test(
        "The page rings up a sale through the API: scans, pays cash, shows the receipt; the sale is in the store",
        .enabled(if: HeadlessChromium.path != nil, "needs Debian's chromium package (scripts/install-deps.sh installs it)")
    )
    func pageRingsUpASale() async throws {
        try await LocalAPITestServer.with { server in
            let port = try #require(server.port)
            let url = "http://127.0.0.1:\(port)/?demo-scan=8901234567897,APPLE&demo-pay=cash#token=\(LocalAPITestServer.token)"
            let page = try await HeadlessChromium.settledDOM(url, folder: server.testStore.folder)

            // The sale exists in the SQLite store, as the page rang it.
            #expect(await eventually(timeout: .seconds(30)) { (try? await server.store.saleCount()) == 1 })
            let saleID = try #require(page.firstMatch(of: /data-sale-id="([0-9a-f-]+)"/)?.1, "page: \(page.suffix(2_000))")
            let sale = try #require(try await server.store.sale(id: String(saleID)))
            #expect(sale.lines.map(\.sku) == ["RICE-5KG", "APPLE"])
            #expect(sale.payments.map(\.tender) == ["cash"])
            #expect(page.contains("data-state=\"ready\""))
            #expect(page.contains("TOTAL BDT"))
            let events = try await server.store.pendingEvents(limit: 100)
            #expect(events.contains { $0.type == EventType.saleCompleted && $0.payload.contains(String(saleID)) })
        }
    }

    @Test(
        "In a restaurant the page shows the tables by status and serves one: opens its tab, adds by code, sends to the kitchen, prints the bill, pays",
        .enabled(if: HeadlessChromium.path != nil, "needs Debian's chromium package (scripts/install-deps.sh installs it)")
    )
    func pageServesATable() async throws {
        let settings = try LocalAPIRestaurantRoutesTests.restaurant()
        try await LocalAPITestServer.with(settings: settings) { server in
            try await LocalAPIRestaurantRoutesTests.addTables(server, settings: settings)
            let port = try #require(server.port)
            let url = "http://127.0.0.1:\(port)/?demo-table=T1&demo-tab-add=BIRYANI,BORHANI&demo-tab-kitchen=1&demo-tab-bill=1&demo-tab-pay=cash"
                + "#token=\(LocalAPITestServer.token)"
            let page = try await HeadlessChromium.settledDOM(url, folder: server.testStore.folder)
            #expect(page.contains("data-state=\"ready\""), "page: \(page.suffix(3_000))")

            // The tab was paid as a sale whose id is the tab's, after its kitchen orders and its bill.
            #expect(await eventually(timeout: .seconds(30)) { (try? await server.store.saleCount()) == 1 })
            let saleID = try #require(page.firstMatch(of: /data-sale-id="([0-9a-f-]+)"/)?.1, "page: \(page.suffix(3_000))")
            let sale = try #require(try await server.store.sale(id: String(saleID)))
            #expect(sale.restaurant?.tableID == "T1")
            #expect(sale.lines.map(\.sku) == ["BIRYANI", "BORHANI", "SERVICE-CHARGE"])
            #expect(sale.grandTotal == 45_100)
            #expect(try await LocalAPIRestaurantRoutesTests.kitchenOrders(server.store).map(\.station).sorted() == ["bar-1", "kitchen-1"])
            let bills = try await server.store.journalEntries(limit: 1_000).filter { $0.kind == JournalEntry.Kind.billPrinted }
            #expect(bills.count == 1 && bills.first?.payload.contains("\"total\":45100") == true)
            #expect(page.contains(GuestBillTextFormatter.heading) && page.contains("data-copy=\"1\""))

            // The tables, coloured by status: the paid table waits for cleaning, the other is free.
            let statuses = Dictionary(page.matches(of: /data-table-id="([^"]+)" data-status="([a-z-]+)"/).map { (String($0.1), String($0.2)) },
                                      uniquingKeysWith: { first, _ in first })
            #expect(statuses == ["T1": "needs-cleaning", "T2": "free"], "page: \(page.suffix(3_000))")
        }
    }

    @Test(
        "On the page a cashier voids a line the kitchen has: refused alone and with a wrong supervisor PIN (reasons listed), voided with the supervisor's approval; the guests set on the page show on the tables and the bill",
        .enabled(if: HeadlessChromium.path != nil, "needs Debian's chromium package (scripts/install-deps.sh installs it)")
    )
    func pageVoidsASentLineWithApproval() async throws {
        let settings = try LocalAPIRestaurantRoutesTests.restaurant()
        try await LocalAPITestServer.with(settings: settings) { server in
            try await LocalAPIRestaurantRoutesTests.addTables(server, settings: settings)
            try await LocalAPITabBillTests.addOperators(server)
            let port = try #require(server.port)
            let url = "http://127.0.0.1:\(port)/?demo-table=T1&demo-tab-guests=3&demo-tab-add=BIRYANI,BORHANI&demo-tab-kitchen=1"
                + "&demo-operator=cashier-1&demo-operator-pin=1111&demo-tab-void=BORHANI&demo-void-reason=spilled"
                + "&demo-supervisor=super-1&demo-supervisor-pin=0000,2222&demo-tab-bill=1#token=\(LocalAPITestServer.token)"
            let page = try await HeadlessChromium.settledDOM(url, folder: server.testStore.folder)
            #expect(page.contains("data-state=\"ready\""), "page: \(page.suffix(3_000))")

            // Each refusal is listed with its reason before the approved void went through.
            let refusals = page.matches(of: /<li data-code="([a-z-]+)">([^<]+)<\/li>/).map { (String($0.1), String($0.2)) }
            #expect(refusals.map(\.0) == ["not-permitted", "wrong-pin"], "page: \(page.suffix(3_000))")
            #expect(refusals.allSatisfy { !$0.1.isEmpty })
            #expect(page.contains("data-voided=\"yes\""))

            // The void is journaled naming the cashier and the approving supervisor; the station is told.
            let voids = try await LocalAPITabBillTests.journal(server.store, kind: JournalEntry.Kind.voidRecorded)
            #expect(voids.count == 1)
            #expect(voids.first.map { $0.payload.contains("cashier-1") && $0.payload.contains("super-1") && $0.payload.contains("spilled") } == true)
            let events = try await LocalAPITabBillTests.voidEvents(server.store)
            #expect(events.map(\.sku) == ["BORHANI"] && events.first?.approvedBy == "super-1" && events.first?.voidedBy == "cashier-1")
            let tab = try #require(try await server.store.tab(tableID: "T1"))
            #expect(tab.cart.lines.map(\.product.sku) == ["BIRYANI"])

            // The guests: on the tab, on the table's button and on the bill the page printed.
            #expect(tab.covers == 3)
            #expect(page.contains("data-table-id=\"T1\" data-status=\"bill-printed\" data-covers=\"3\""), "page: \(page.suffix(3_000))")
            #expect(page.contains("Guests 3"))
        }
    }
}
