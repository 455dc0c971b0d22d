@testable import B9Terminal
import B9Core
import Foundation
import Testing

@Suite("Local API: the till page in headless Chromium", .timeLimit(.minutes(3)))
struct LocalAPITillPageTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(
        "The page rings up a sale through the API: scans, pays cash, shows the receipt; the sale is in the store",
        .enabled(if: chromium != nil, "needs Debian's chromium package (scripts/install-deps.sh installs it)")
    )
    func pageRingsUpASale() async throws {
        let browser = try #require(Self.chromium)
        try await LocalAPITestServer.with { server in
            let port = try #require(server.port)
            let folder = server.testStore.folder
            let url = "http://127.0.0.1:\(port)/?demo-scan=8901234567897,APPLE&demo-pay=cash#token=\(LocalAPITestServer.token)"
            let dom = folder.appendingPathComponent("dom.html").path
            let log = folder.appendingPathComponent("chromium.log").path
            let process = try ChildProcess.spawn(browser, [
                "--headless=new", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                // Virtual time runs ahead only while no fetch is pending: the dump waits for the page's requests.
                "--virtual-time-budget=20000", "--dump-dom", url,
            ], output: dom, errors: log)
            // Bounded: a hung browser is killed, and the test fails below.
            let exited = await eventually(timeout: .seconds(120)) { process.hasExited }
            if !exited { process.signal(SIGKILL) }
            let status = await process.wait()
            #expect(exited && status == 0, "chromium: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")

            // The sale exists in the SQLite store, as the page rang it.
            #expect(await eventually(timeout: .seconds(30)) { (try? await server.store.saleCount()) == 1 })
            let page = (try? String(contentsOfFile: dom, encoding: .utf8)) ?? ""
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
