import ArgumentParser
import B9Core
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `b9terminal demo`: what `make run` starts — a sample catalog, a sale, its receipt.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Import the sample catalog, ring a sample sale and print its receipt; with --serve, run the till page.",
        discussion: """
            With --serve the local API and till page run on 127.0.0.1 with simulated scanner, scale, drawer and \
            display (receipts go to the receipts file) until Ctrl-C; the page's URL, token included, is printed.
            """
    )
    @Option(help: "Folder for the demo's database and printed receipts.") var `var`: String = "var"
    @Flag(help: "Then serve the local API and the till page until interrupted.") var serve = false
    @Option(help: "Loopback port for --serve (0: any free port).") var port: Int = LocalAPIConfiguration.defaultPort
    @Option(help: "The shop's variant (shop.variant: general, hardware, supershop, restaurant, sanitary); the other shop keys come from B9TERMINAL_* variables.")
    var variant: String?

    func run() async throws {
        try FileManager.default.createDirectory(atPath: `var`, withIntermediateDirectories: true)
        let billing = try BillingStore.open(path: "\(`var`)/demo.sqlite", storeID: "demo-store", terminalID: "till-1")
        let policy = BillingPolicy.standard
        let settings: ShopSettings
        do {
            let reader = try await ConfigurationSources.reader(
                file: nil, overrides: variant.map { ["shop.variant": $0] } ?? [:], environment: ProcessInfo.processInfo.environment
            )
            settings = try ShopSettings(config: reader)
        } catch {
            throw fail(error.description)
        }
        let parsed = try CatalogImporter(currency: policy.currency).parseCSV(Array(SampleCatalog.csv.utf8))
        try await billing.importCatalog(parsed.products, source: "sample-catalog.csv", digest: parsed.sha256)

        var cart = Cart(currency: policy.currency)
        try cart.add(try await billing.product(code: "8901234567897"))
        try cart.add(try await billing.product(code: "APPLE"), quantity: try Quantity(parsing: "1.250"))
        try cart.add(try await billing.product(code: "8941100500052"), quantity: try Quantity(parsing: "12.5"))
        let soap = try cart.add(try await billing.product(code: "SOAP-100"), quantity: Quantity(units: 12))
        try cart.setDiscount(.percent(basisPoints: 500), onLine: soap, policy: policy)
        let total = try TotalsCalculator(policy: policy).totals(of: try settings.pricing.price(cart, at: Date(), policy: policy)).grandTotal

        let receipts = "\(`var`)/receipts.txt"
        let checkout = Checkout(
            store: billing, policy: policy,
            shop: Receipt.Shop(name: "B9 Demo Store", addressLines: ["House 9, Road 9, Dhaka"], vatRegistration: "000000000-0101", footerLines: ["Thank you"]),
            printer: FileReceiptPrinter(path: receipts), pricing: settings.pricing
        )
        let result = try await checkout.complete(cart, tenders: [TenderInput(.card, amount: total / 2), TenderInput(.cash, amount: total - total / 2 + 10_000)], cashier: "demo")
        print(ReceiptTextFormatter().format(Receipt(shop: checkout.shop, sale: result.sale)))
        print("sale \(result.sale.receiptNumber) committed and \(result.printOutcome.code); receipts in \(receipts); journal: b9terminal journal verify --db \(`var`)/demo.sqlite --terminal till-1")
        if serve {
            try await serveTillPage(store: billing, policy: policy, shop: checkout.shop, settings: settings, receipts: receipts)
        }
    }

    /// Runs the local API with simulated devices and prints the till page's URL.
    private func serveTillPage(store: BillingStore, policy: BillingPolicy, shop: Receipt.Shop, settings: ShopSettings, receipts: String) async throws {
        var bytes = [UInt8](repeating: 0, count: 24)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let token = bytes.map { String(format: "%02x", $0) }.joined()
        let (devices, _) = SimulatedTillDevices.make(printer: FileReceiptPrinter(path: receipts), printerName: "file \(receipts)")
        let session = TillSession(store: store, policy: policy, shop: shop, devices: devices, events: EventBroadcaster(), settings: settings)
        let logger = Logger(label: "b9terminal.demo")
        let server = LocalAPIServer(
            configuration: LocalAPIConfiguration(port: port, token: token), session: session, role: "till", logger: logger,
            onListening: { listening in
                if case .tcp(let host, let port) = listening {
                    // Unbuffered: a script reading the output sees the URL at once.
                    emitLine("till page: http://\(host):\(port)/#token=\(token)   (Ctrl-C to stop)")
                }
            }
        )
        try await ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
    }
}
