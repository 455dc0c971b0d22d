import ArgumentParser
import B9Core
import Foundation

/// `b9terminal sale …`: ring sales through the real code path.
struct SaleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sale",
        abstract: "Ring sales through the billing core.",
        subcommands: [Demo.self]
    )

    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ring N sample sales: commit, print to a file, record the outcome.",
            discussion: """
                Used by benchmarks and crash tests. With --report, prints 'committed RECEIPT SALE-ID' the moment each \
                sale is durable and 'printed RECEIPT' when its receipt is on the (file) printer.
                """
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "How many sales to ring.") var count: Int = 10
        @Option(help: "Seed for the sample carts.") var seed: UInt64 = 1
        @Option(help: "Append receipts to this file (the demo printer). Without it, receipts are not printed.") var receipts: String?
        @Flag(help: "Print a line as each sale commits and prints.") var report = false
        @Option(help: "Test hook: kill this process with SIGKILL at a named step (\(CrashPoint.allValueStrings.joined(separator: ", "))).")
        var crashAt: CrashPoint?
        @Option(help: "Test hook: which sale of this run (1 = first) --crash-at applies to.") var crashOnSale: Int = 1

        func run() async throws {
            let billing = try store.open()
            let policy = BillingPolicy.standard
            if try await billing.allProducts().isEmpty {
                let parsed = try CatalogImporter(currency: policy.currency).parseCSV(Array(SampleCatalog.csv.utf8))
                try await billing.importCatalog(parsed.products, source: "sample-catalog.csv", digest: parsed.sha256)
            }
            let demo = DemoSales(products: try await billing.allProducts(), policy: policy)
            let printer = receipts.map { FileReceiptPrinter(path: $0) }
            let shop = Receipt.Shop(name: "B9 Demo Store", addressLines: ["Dhaka"], vatRegistration: "000000000-0101")
            if report {
                // What a restarted till finds in doubt: a cashier decides on each (reprint as a copy or not).
                for receipt in try await billing.unconfirmedReceipts() {
                    emitLine("unconfirmed \(receipt.receiptNumber) \(receipt.saleID) \(receipt.lastOutcome ?? "none")")
                }
            }
            var random = SplitMix64(seed: seed)
            let started = ContinuousClock.now
            for index in 0..<count {
                let crash = index + 1 == crashOnSale ? crashAt : nil
                let cart = try demo.cart(using: &random)
                let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal
                let sale = try await billing.completeSale(cart, tenders: demo.tenders(for: total, using: &random), policy: policy)
                if report { emitLine("committed \(sale.receiptNumber) \(sale.id)") }
                if crash == .afterCommit { CrashPoint.die() }
                if var printer {
                    printer.dieMidway = crash == .midPrint
                    let outcome = await printer.print(Receipt(shop: shop, sale: sale))
                    if report, outcome == .printed { emitLine("printed \(sale.receiptNumber)") }
                    if crash == .afterPrint { CrashPoint.die() }
                    try await billing.recordPrintOutcome(saleID: sale.id, outcome: outcome)
                }
            }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if !report {
                print("rang \(count) sales in \(String(format: "%.3f", seconds)) s (\(String(format: "%.0f", Double(count) / max(seconds, 1e-9))) sales/s)")
            }
        }
    }
}

/// The named steps of a sale at which the crash tests kill the till: after the commit and before
/// printing, in the middle of printing, and after printing before the outcome is recorded.
enum CrashPoint: String, ExpressibleByArgument, CaseIterable, Sendable {
    case afterCommit = "after-commit"
    case midPrint = "mid-print"
    case afterPrint = "after-print"

    /// SIGKILL to this process: no handler, no flush, no cleanup — as a power cut looks to the store.
    static func die() -> Never {
        kill(getpid(), SIGKILL)
        while true { pause() }
    }
}
