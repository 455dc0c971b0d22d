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
            let page = try await HeadlessChromium.dumpDOM(url, folder: server.testStore.folder)

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
}
