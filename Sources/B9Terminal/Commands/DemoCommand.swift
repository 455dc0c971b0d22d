import ArgumentParser
import B9Core
import Foundation

/// `b9terminal demo`: what `make run` starts — a sample catalog, a sale, its receipt.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Import the sample catalog, ring a sample sale and print its receipt."
    )
    @Option(help: "Folder for the demo's database and printed receipts.") var `var`: String = "var"

    func run() async throws {
        try FileManager.default.createDirectory(atPath: `var`, withIntermediateDirectories: true)
        let billing = try BillingStore.open(path: "\(`var`)/demo.sqlite", storeID: "demo-store", terminalID: "till-1")
        let policy = BillingPolicy.standard
        let parsed = try CatalogImporter(currency: policy.currency).parseCSV(Array(SampleCatalog.csv.utf8))
        try await billing.importCatalog(parsed.products, source: "sample-catalog.csv", digest: parsed.sha256)

        var cart = Cart(currency: policy.currency)
        try cart.add(try await billing.product(code: "8901234567897"))
        try cart.add(try await billing.product(code: "APPLE"), quantity: try Quantity(parsing: "1.250"))
        try cart.add(try await billing.product(code: "8941100500052"), quantity: try Quantity(parsing: "12.5"))
        let soap = try cart.add(try await billing.product(code: "SOAP-100"), quantity: Quantity(units: 12))
        try cart.setDiscount(.percent(basisPoints: 500), onLine: soap, policy: policy)
        let total = try TotalsCalculator(policy: policy).totals(of: cart).grandTotal

        let receipts = "\(`var`)/receipts.txt"
        let checkout = Checkout(
            store: billing, policy: policy,
            shop: Receipt.Shop(name: "B9 Demo Store", addressLines: ["House 9, Road 9, Dhaka"], vatRegistration: "000000000-0101", footerLines: ["Thank you"]),
            printer: FileReceiptPrinter(path: receipts)
        )
        let result = try await checkout.complete(cart, tenders: [TenderInput(.card, amount: total / 2), TenderInput(.cash, amount: total - total / 2 + 10_000)], cashier: "demo")
        print(ReceiptTextFormatter().format(Receipt(shop: checkout.shop, sale: result.sale)))
        print("sale \(result.sale.receiptNumber) committed and \(result.printOutcome.code); receipts in \(receipts); journal: b9terminal journal verify --db \(`var`)/demo.sqlite --terminal till-1")
    }
}
