import B9Core
import Foundation
import Testing

@Suite("Journal export")
struct JournalExportTests {
    let policy = Fixtures.policy

    /// Two days of sales and a return; the export of the second day only.
    func populated() async throws -> (Till, day1: String, day2: String) {
        let till = try await Till.make()
        var cart = Cart(currency: .bdt)
        try cart.add(try Fixtures.product("SOAP", price: "55.00"), quantity: Quantity(units: 3))
        try cart.add(try Fixtures.product("FAN", price: "1500.00", inclusive: false))
        try cart.add(try Fixtures.product("RICE", price: "82.50", vat: 500, unit: .kilogram), quantity: try Quantity(parsing: "2.345"))
        try cart.setCartDiscount(.percent(basisPoints: 500), policy: policy)
        _ = try await till.sell(cart)
        let day1 = String(try #require(try await till.store.journalEntries().last).createdAt.prefix(10))
        till.clock.advance(seconds: 86_400)
        let sale = try await till.sell(cart, tenders: [TenderInput(.cash, amount: 500_000)])
        _ = try await till.sell(cart)
        _ = try await till.store.completeReturn(
            ReturnRequest(.againstReceipt(saleID: sale.id, lines: [.init(line: 3, quantity: try Quantity(parsing: "1.000"))]), reason: "r"),
            policy: policy, session: till.supervisor
        )
        let day2 = String(try #require(try await till.store.journalEntries(limit: 1000).last).createdAt.prefix(10))
        return (till, day1, day2)
    }

    @Test func anExportAddsUpAndCoversOnlyItsDays() async throws {
        let (till, day1, day2) = try await populated()
        defer { till.remove() }
        #expect(day1 < day2)
        let export = try await till.store.exportJournal(from: day2, to: day2)
        #expect(export.documents.map(\.type) == ["sale", "sale", "return"])
        #expect(export.documents.map(\.number) == [2, 3, 1])
        #expect(export.journal.allSatisfy { $0.createdAt.hasPrefix(day2) })
        let result = ExportVerifier.verify(export)
        #expect(result.problems == [])
        #expect(result.documents == 3)
        let both = try await till.store.exportJournal(from: day1, to: day2)
        #expect(both.documents.count == 4)
        #expect(ExportVerifier.verify(both).isValid)
        // The chain starts at the journal's first entry for the whole period.
        #expect(both.journal.first?.sequence == 1)
    }

    @Test func csvReadsBackToTheSameExport() async throws {
        let (till, _, day2) = try await populated()
        defer { till.remove() }
        let export = try await till.store.exportJournal(from: day2, to: day2)
        let back = try JournalExport.fromCSV(export.csvFiles())
        #expect(back.documents == export.documents)
        #expect(back.lines == export.lines)
        #expect(back.payments == export.payments)
        #expect(back.vat == export.vat)
        #expect(back.journal == export.journal)
        #expect(ExportVerifier.verify(back).isValid)
    }

    @Test func aChangedAmountOrEntryIsFound() async throws {
        let (till, _, day2) = try await populated()
        defer { till.remove() }
        let export = try await till.store.exportJournal(from: day2, to: day2)
        var files = export.csvFiles()
        // One paisa more on the first line's net.
        let lines = try #require(files["lines.csv"])
        let firstNet = export.lines[0].net
        var records = try CSVReader.records(lines).map(\.fields)
        records[1][9] = String(firstNet + 1)
        files["lines.csv"] = CSVWriter.write(records)
        let changed = ExportVerifier.verify(try JournalExport.fromCSV(files))
        #expect(!changed.isValid)
        #expect(changed.problems.contains { $0.contains("gross − discount ≠ net") })

        var journal = try CSVReader.records(try #require(export.csvFiles()["journal.csv"])).map(\.fields)
        journal[1][4] = journal[1][4].replacingOccurrences(of: "\"cash\"", with: "\"card\"")
        var tampered = export.csvFiles()
        tampered["journal.csv"] = CSVWriter.write(journal)
        let result = ExportVerifier.verify(try JournalExport.fromCSV(tampered))
        #expect(result.problems.contains { $0.contains("does not match its hash") })
    }

    /// An export is read from files: absurd numbers are reported, never a crash.
    @Test func overflowingNumbersAreReportedNotTrapped() async throws {
        let (till, _, day2) = try await populated()
        defer { till.remove() }
        var files = try await till.store.exportJournal(from: day2, to: day2).csvFiles()
        var records = try CSVReader.records(try #require(files["lines.csv"])).map(\.fields)
        records[1][7] = String(Int64.max)
        records[1][8] = "-1"
        files["lines.csv"] = CSVWriter.write(records)
        var sales = try CSVReader.records(try #require(files["sales.csv"])).map(\.fields)
        sales[1][12] = String(Int64.max)
        sales[1][13] = String(Int64.max)
        files["sales.csv"] = CSVWriter.write(sales)
        let result = ExportVerifier.verify(try JournalExport.fromCSV(files))
        #expect(!result.isValid)
    }

    @Test(arguments: ["2026-13-01", "26-01-01", "2026-01-1x", ""])
    func badDaysAreRefused(_ day: String) async throws {
        let (store, folder) = try makeStore(clock: TestClock())
        defer { try? FileManager.default.removeItem(at: folder) }
        await #expect(throws: CoreError.self) { try await store.exportJournal(from: day, to: "2026-12-31") }
    }
}
