@testable import B9Terminal
import B9Core
import Foundation
import Testing

/// Rings sales in a child `b9terminal sale demo` process and kills it with SIGKILL at random moments.
/// After every kill: integrity_check is ok, the chain verifies, receipt numbers have no gap, every
/// sale the child reported committed is there, and every receipt that reached the printer belongs
/// to a committed sale. `B9_CRASH_ITERATIONS` (default 50) sets how many kills,
/// `B9_CRASH_SALES_PER_KILL` (default 4) up to how many sales each child commits before it is killed,
/// `B9_CRASH_VERIFY_EVERY` (default 1) after every how many kills the whole journal is re-verified (the
/// integrity check, receipt numbering and reported commits are checked after every kill; the chain is
/// always verified after the last one, which covers every earlier prefix since entries are only appended).
@Suite("Crash durability", .serialized)
struct CrashTests {
    static func commitLines(in report: URL) -> Int {
        ((try? String(contentsOf: report, encoding: .utf8)) ?? "").split(separator: "\n").filter { $0.hasPrefix("committed ") }.count
    }

    // The limit only stops a hung run; `make soak` (300 kills over ~10,000 sales) needs the room.
    @Test(.timeLimit(.minutes(60)))
    func killedMidSaleLosesNothing() async throws {
        let iterations = Int(ProcessInfo.processInfo.environment["B9_CRASH_ITERATIONS"] ?? "") ?? 50
        // Up to how many sales each child commits before its kill (`make soak`: 66, so 300 kills ≈ 10,000 sales).
        let salesPerKill = max(1, Int(ProcessInfo.processInfo.environment["B9_CRASH_SALES_PER_KILL"] ?? "") ?? 4)
        // A full verification re-encodes every sale (O(sales)); `make soak` verifies every 10th kill.
        let verifyEvery = max(1, Int(ProcessInfo.processInfo.environment["B9_CRASH_VERIFY_EVERY"] ?? "") ?? 1)
        var verifications = 0
        let executable = ChildProcess.b9terminal
        try #require(FileManager.default.isExecutableFile(atPath: executable), "b9terminal not found at \(executable)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("b9-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("till.sqlite").path
        let receipts = folder.appendingPathComponent("receipts.txt").path
        var random = SplitMix64(seed: 2026)
        var reportedCommits: [Int64: String] = [:]
        var kills = 0

        for iteration in 0..<iterations {
            let report = folder.appendingPathComponent("report-\(iteration).txt")
            let child = try ChildProcess.spawn(
                executable,
                [
                    "sale", "demo", "--db", database, "--store", "shop-1", "--terminal", "till-1", "--count", "100000",
                    "--seed", String(iteration + 1), "--receipts", receipts, "--report",
                ],
                output: report.path
            )
            // Let the child commit 1–N sales (however slow the machine), then kill it at a random
            // moment up to 60 ms later: mid-transaction, mid-print or between the two.
            let wanted = 1 + Int(random.next() % UInt64(salesPerKill))
            let deadline = ContinuousClock.now + .seconds(60)
            while !child.hasExited, ContinuousClock.now < deadline, Self.commitLines(in: report) < wanted {
                try await Task.sleep(for: .milliseconds(5))
            }
            try await Task.sleep(for: .milliseconds(Int(random.next() % 60)))
            if !child.hasExited {
                child.signal(SIGKILL)
                kills += 1
            }
            _ = await child.wait()

            for line in try String(contentsOf: report, encoding: .utf8).split(separator: "\n") {
                let parts = line.split(separator: " ")
                if parts.count == 3, parts[0] == "committed", let number = Int64(parts[1]) {
                    reportedCommits[number] = String(parts[2])
                }
            }

            let store = try BillingStore.open(path: database, storeID: "shop-1", terminalID: "till-1")
            #expect(try await store.integrityCheck() == "ok", "after kill \(iteration)")
            if iteration % verifyEvery == verifyEvery - 1 || iteration == iterations - 1 {
                let verification = try await store.verifyJournal()
                #expect(verification.isValid, "after kill \(iteration): \(String(describing: verification.firstProblem))")
                verifications += 1
            }
            let count = try await store.saleCount()
            // No gaps: receipts 1…count all exist (the chain check also enforces the order).
            if count > 0 {
                #expect(try await store.sale(receiptNumber: Int64(count)) != nil)
            }
            #expect(count >= reportedCommits.count)
            for (number, id) in reportedCommits where number > Int64(count) - 3 || iteration == iterations - 1 {
                #expect(try await store.sale(id: id)?.receiptNumber == number, "committed sale \(number) missing after kill \(iteration)")
            }
        }

        // Printed implies committed: every receipt on the printer belongs to a stored sale with that number.
        let store = try BillingStore.open(path: database, storeID: "shop-1", terminalID: "till-1")
        // Lossy: a receipt cut short by a kill can end inside a multi-byte character.
        let printed = String(decoding: FileManager.default.contents(atPath: receipts) ?? Data(), as: UTF8.self)
        var printedCount = 0
        for header in printed.split(separator: "\n") where header.hasPrefix("=== receipt ") {
            let parts = header.split(separator: " ")
            guard parts.count == 5, let number = Int64(parts[3]) else { continue }
            printedCount += 1
            #expect(try await store.sale(id: String(parts[4]))?.receiptNumber == number, "printed receipt \(number) has no committed sale")
        }
        #expect(kills >= iterations * 9 / 10, "the child finished before it could be killed; raise --count")
        #expect(reportedCommits.count > iterations, "too few sales committed to mean anything")
        #expect(printedCount > 0)
        let sales = try await store.saleCount()
        print("crash durability: \(kills) kills, \(sales) sales committed, \(printedCount) receipts printed, \(verifications) full journal verifications")
    }
}
