import ArgumentParser
import B9Core
import B9Devices
import B9Intake
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
            With --serve the till daemon runs until Ctrl-C: local API and till page on 127.0.0.1, receipts on a \
            printer simulator (ESC/POS over loopback TCP, drawer on its kick-out connector), simulated scanner, scale \
            and display, and a private mosquitto on a free loopback port when mosquitto is installed (otherwise the \
            outbox keeps the events). The page's URL, token included, is printed.
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

    /// Runs the till daemon with its receipt printer on a printer simulator (ESC/POS over loopback TCP,
    /// through the print queue, drawer on its kick-out connector), simulated scanner, scale and display,
    /// and a private mosquitto when it is installed; prints the till page's URL.
    private func serveTillPage(store: BillingStore, policy: BillingPolicy, shop: Receipt.Shop, settings: ShopSettings, receipts: String) async throws {
        var bytes = [UInt8](repeating: 0, count: 24)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let token = bytes.map { String(format: "%02x", $0) }.joined()
        let logger = Logger(label: "b9terminal.demo")
        let folder = (`var` as NSString).standardizingPath

        let printer = try await PrinterSimulator.onLoopback()
        var overrides = [
            "role": "till", "store.id": store.storeID, "store.terminal_id": store.terminalID, "store.path": "\(folder)/demo.sqlite",
            "api.token": token, "api.port": "\(port)", "metrics.listen": "127.0.0.1:0",
            "devices.printer": "\(await printer.address)", "devices.printer_profile": "epson-tm-t88",
        ]
        var broker: DemoBroker?
        if let mosquitto = DemoBroker.executable() {
            do {
                let started = try DemoBroker(executable: mosquitto, folder: folder)
                broker = started
                overrides["mqtt.host"] = "127.0.0.1"
                overrides["mqtt.port"] = "\(started.port)"
                logger.notice("mosquitto started for the demo", metadata: ["mqtt": "127.0.0.1:\(started.port)"])
            } catch {
                logger.warning("mosquitto did not start: events wait in the outbox", metadata: ["error": "\(error)"])
            }
        } else {
            logger.notice("mosquitto is not installed: events wait in the outbox (apt-get install mosquitto, then make run again)")
        }
        defer { broker?.stop() }
        var configuration = try TerminalConfiguration(config: try await ConfigurationSources.reader(file: nil, overrides: overrides, environment: [:]))
        configuration.shop = settings
        var daemon = try TerminalDaemon(configuration: configuration, store: store, notifier: SystemdNotifier(environment: [:]), logger: logger)
        daemon.simulatedDevices = SimulatedTillDevices.make(printer: NoReceiptPrinter(), printerName: "none").0
        daemon.onAPIListening = { listening in
            if case .tcp(let host, let port) = listening {
                // Unbuffered: a script reading the output sees the URL at once.
                emitLine("till page: http://\(host):\(port)/#token=\(token)   (Ctrl-C to stop)")
                emitLine("feed the scanner: curl -H 'Authorization: Bearer \(token)' -H 'Content-Type: application/json' -d '{\"code\": \"8901234567897\"}' http://\(host):\(port)/devices/scanner/scans")
            }
        }
        daemon.onMetricsListening = { port in emitLine("metrics: http://127.0.0.1:\(port)/metrics") }
        try await daemon.serviceGroup().run()
        let printed = await printer.printed.count
        await printer.shutdown()
        emitLine("the printer simulator received \(printed) bytes of receipts")
    }
}
