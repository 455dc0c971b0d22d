@testable import B9Terminal
import B9Core
import Foundation
import Testing

/// Kills `b9terminal sale demo` with SIGKILL at each named step of a sale — after the commit before
/// printing, in the middle of printing, after printing before the outcome is recorded — and restarts
/// it on the same store and printer. After every kill: printed implies committed, no receipt is on
/// paper twice, the killed sale is listed as unconfirmed for the cashier, integrity_check is ok and
/// the journal verifies. `B9_STEP_KILLS` (default 12) sets the kills per step; `make soak` runs 100.
@Suite("Kill at each named step", .serialized)
struct StepCrashTests {
    struct Run {
        var committed: [Int64: String] = [:]
        var printed: Set<Int64> = []
        var unconfirmed: [Int64: String] = [:]
    }

    static func parse(_ report: URL) -> Run {
        var run = Run()
        for line in ((try? String(contentsOf: report, encoding: .utf8)) ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ").map(String.init)
            switch (parts.first, parts.count) {
            case ("committed", 3): if let n = Int64(parts[1]) { run.committed[n] = parts[2] }
            case ("printed", 2): if let n = Int64(parts[1]) { run.printed.insert(n) }
            case ("unconfirmed", 4): if let n = Int64(parts[1]) { run.unconfirmed[n] = parts[2] }
            default: break
            }
        }
        return run
    }

    /// Receipt numbers whose header is on the (file) printer, each as often as it was printed.
    static func printedHeaders(_ receipts: URL) -> [(number: Int64, sale: String)] {
        // Lossy: a receipt cut short by a kill can end inside a multi-byte character.
        String(decoding: (try? Data(contentsOf: receipts)) ?? Data(), as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard line.hasPrefix("=== receipt "), parts.count == 5, let number = Int64(parts[3]) else { return nil }
            return (number, String(parts[4]))
        }
    }

    @Test(arguments: CrashPoint.allCases)
    func killAtStep(_ step: CrashPoint) async throws {
        let kills = Int(ProcessInfo.processInfo.environment["B9_STEP_KILLS"] ?? "") ?? 12
        let executable = ChildProcess.b9terminal
        try #require(FileManager.default.isExecutableFile(atPath: executable), "b9terminal not found at \(executable)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("b9-step-\(step.rawValue)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("till.sqlite").path
        let receipts = folder.appendingPathComponent("receipts.txt")
        var random = SplitMix64(seed: 7 + UInt64(step.rawValue.count))
        var killedSales: [Int64: String] = [:]

        // One more run than kills: the last one runs without a crash and reports what it found in doubt.
        for iteration in 0...kills {
            let report = folder.appendingPathComponent("report-\(iteration).txt")
            let crashOn = 1 + Int(random.next() % 3)
            var arguments = [
                "sale", "demo", "--db", database, "--store", "shop-1", "--terminal", "till-1", "--count", "3",
                "--seed", String(iteration + 1), "--receipts", receipts.path, "--report",
            ]
            if iteration < kills { arguments += ["--crash-at", step.rawValue, "--crash-on-sale", String(crashOn)] }
            let child = try ChildProcess.spawn(executable, arguments, output: report.path)
            let status = await child.wait()
            let run = Self.parse(report)

            // Everything earlier crashes left in doubt is reported on this start, and nothing else.
            let inDoubt = Set(run.unconfirmed.keys)
            #expect(inDoubt == Set(killedSales.keys), "run \(iteration) found \(inDoubt.sorted()) in doubt; the kills left \(killedSales.keys.sorted())")

            if iteration < kills {
                #expect(status == 128 + SIGKILL, "run \(iteration) should have died at \(step.rawValue), exit \(status)")
                // The sale it died on is the last one it committed.
                guard let (number, id) = run.committed.max(by: { $0.key < $1.key }) else {
                    Issue.record("run \(iteration) committed nothing before dying")
                    continue
                }
                #expect(run.committed.count == crashOn)
                killedSales[number] = id
                #expect(run.printed.contains(number) == (step == .afterPrint))
            } else {
                #expect(status == 0)
            }

            let store = try BillingStore.open(path: database, storeID: "shop-1", terminalID: "till-1")
            #expect(try await store.integrityCheck() == "ok", "after run \(iteration)")
            #expect(try await store.verifyJournal().isValid, "after run \(iteration)")
            for (number, id) in run.committed {
                #expect(try await store.sale(id: id)?.receiptNumber == number, "committed sale \(number) missing after run \(iteration)")
            }
        }

        let store = try BillingStore.open(path: database, storeID: "shop-1", terminalID: "till-1")
        let headers = Self.printedHeaders(receipts)
        // Printed implies committed, and each receipt is on paper at most once.
        for (number, id) in headers {
            #expect(try await store.sale(id: id)?.receiptNumber == number, "receipt \(number) printed without its sale")
        }
        let numbers = headers.map(\.number)
        #expect(numbers.count == Set(numbers).count, "a receipt was printed twice: \(numbers)")
        // The killed sale's receipt reached paper exactly when the step was at or after printing.
        for number in killedSales.keys {
            #expect(numbers.contains(number) == (step != .afterCommit), "receipt \(number) after a kill at \(step.rawValue)")
        }
        // No gaps: every receipt number up to the count is a stored sale.
        let count = try await store.saleCount()
        #expect(try await store.sale(receiptNumber: Int64(count)) != nil)
        #expect(killedSales.count == kills)
        // Every sale's receipt is on paper except those killed before printing.
        #expect(headers.count == count - (step == .afterCommit ? kills : 0))
        let unconfirmed = try await store.unconfirmedReceipts().map(\.receiptNumber)
        #expect(Set(unconfirmed) == Set(killedSales.keys))
        print("kill at \(step.rawValue): \(kills) kills, \(count) sales, \(headers.count) receipts on paper, \(Set(numbers).count) distinct")
    }
}
