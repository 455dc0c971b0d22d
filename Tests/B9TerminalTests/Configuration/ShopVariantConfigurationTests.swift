import B9Intake
@testable import B9Terminal
import B9Core
import Foundation
import Testing

@Suite("Shop variant: configuration switches the till's rules", .timeLimit(.minutes(5)))
struct ShopVariantConfigurationTests {
    static let base = """
        store:
          id: dhaka-01
          terminal_id: till-1

        """

    /// A promotions file: 10 % off soap.
    static func promotionsFile() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("b9-promotions-\(UUID().uuidString).json").path
        let json = """
            [{"id": "SOAP10", "name": "Soap 10% off", "targets": [{"sku": {"_0": "SOAP-100"}}], "kind": {"percentOff": {"basisPoints": 1000}}}]
            """
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Rings 3 soaps (55.00) and 2 biryanis (350.00) through a till session configured by `yaml`;
    /// returns the cart view's total and the stored sale.
    static func ring(_ yaml: String) async throws -> (cartTotal: Int64, sale: CompletedSale) {
        let configuration = try await TerminalConfigurationTests.load(base + yaml)
        let testStore = try await TestStore()
        defer { testStore.remove() }
        let receipts = testStore.folder.appendingPathComponent("receipts.txt").path
        let (devices, _) = SimulatedTillDevices.make(printer: FileReceiptPrinter(path: receipts), printerName: "file")
        let session = TillSession(
            store: testStore.store, policy: configuration.policy, shop: .init(name: "Test"), devices: devices, events: EventBroadcaster(),
            settings: configuration.shop
        )
        let cart = try await session.createCart()
        _ = try await session.addLine(cart: cart.id, code: "SOAP-100", quantity: Quantity(units: 3))
        let view = try await session.addLine(cart: cart.id, code: "BIRYANI", quantity: Quantity(units: 2))
        let done = try await session.checkout(cart: cart.id, tenders: [TenderInput(.card, amount: view.totalMinorUnits)], cashier: "t")
        let sale = try #require(try await testStore.store.sale(id: done.sale.id))
        return (view.totalMinorUnits, sale)
    }

    @Test("The same cart costs what each configured variant's rules say")
    func sameCartTwoVariants() async throws {
        let promotions = try Self.promotionsFile()
        defer { try? FileManager.default.removeItem(atPath: promotions) }

        // A general shop: shelf prices, 3 × 55.00 + 2 × 350.00.
        let general = try await Self.ring("shop:\n  variant: general\n")
        #expect(general.cartTotal == 86_500)
        #expect(general.sale.grandTotal == 86_500)

        // A super shop with the promotions file: 10 % off the soap (16.50).
        let supershop = try await Self.ring("""
            shop:
              variant: supershop
            promotions:
              file: \(promotions)
            """)
        #expect(supershop.cartTotal == 84_850)
        #expect(supershop.sale.grandTotal == 84_850)
        #expect(supershop.sale.promotions?.map(\.promotionID) == ["SOAP10"])

        // A restaurant with a 10 % service charge (SC1 on 865.00, no VAT on it): a service-charge line of 86.50.
        let restaurant = try await Self.ring("""
            shop:
              variant: restaurant
            restaurant:
              service_charge: 10
            """)
        #expect(restaurant.cartTotal == 95_150)
        #expect(restaurant.sale.grandTotal == 95_150)
        #expect(restaurant.sale.lines.last?.sku == "SERVICE-CHARGE")
        #expect(restaurant.sale.lines.last?.net == 8_650)
        #expect(general.sale.lines.map(\.sku) == ["SOAP-100", "BIRYANI"])
    }

    @Test("Shop keys are read from the environment too, and the summary shows them")
    func environmentAndSummary() async throws {
        let configuration = try await TerminalConfigurationTests.load(Self.base, environment: [
            "B9TERMINAL_SHOP_VARIANT": "hardware", "B9TERMINAL_SHOP_TIME_ZONE": "Asia/Dhaka", "B9TERMINAL_LABELS_WEIGHT_PREFIXES": "23,24",
        ])
        #expect(configuration.shop.rules == ShopRules(variant: .hardware))
        #expect(configuration.shop.pricing.timeZone.identifier == "Asia/Dhaka")
        #expect(configuration.shop.weightLabelPrefixes == [23, 24])
        #expect(configuration.summary.contains("shop.variant: hardware"))
        #expect(configuration.summary.contains("shop.features: contractor-accounts"))
        #expect(configuration.summary.contains("labels.weight_prefixes: 23, 24"))

        let defaults = try await TerminalConfigurationTests.load(Self.base)
        #expect(defaults.shop.rules == ShopRules(variant: .general))
        #expect(defaults.shop.pricing.promotions.isEmpty && defaults.shop.pricing.serviceCharge == nil)

        let chosen = try await TerminalConfigurationTests.load(Self.base + "shop:\n  variant: general\n  features: [loyalty, tables]\n")
        #expect(chosen.shop.rules.features == [.loyalty, .tables])
    }

    @Test("Bad shop keys name the key and the expected form", arguments: [
        ("shop:\n  variant: supermarket\n", "shop.variant", "general, hardware, supershop, restaurant, sanitary"),
        ("shop:\n  features: [tables, discos]\n", "shop.features", "contractor-accounts, loyalty, tables, projects"),
        ("shop:\n  time_zone: Mars/Olympus\n", "shop.time_zone", "IANA time zone"),
        ("shop:\n  variant: supershop\nrestaurant:\n  service_charge: 10\n", "restaurant.service_charge", "shop without tables"),
        ("shop:\n  variant: restaurant\nrestaurant:\n  service_charge: 120\n", "restaurant.service_charge", "percentage from 0 to 100"),
        ("shop:\n  variant: restaurant\nrestaurant:\n  service_charge: 10\n  service_charge_vat_inclusive: maybe\n", "restaurant.service_charge_vat_inclusive", "true or false"),
        ("shop:\n  variant: restaurant\nrestaurant:\n  kitchen_resend_seconds: 0\n", "restaurant.kitchen_resend_seconds", "integer from 1 to 3600"),
        ("promotions:\n  floor_percent: 12.345\n", "promotions.floor_percent", "at most 2 decimals"),
        ("promotions:\n  file: /nonexistent/promotions.json\n", "promotions.file", "readable JSON file"),
        ("labels:\n  weight_prefixes: [23, 19]\n", "labels.weight_prefixes", "from 20 to 29"),
    ])
    func badKeys(_ yaml: String, _ key: String, _ expected: String) async throws {
        do {
            _ = try await TerminalConfigurationTests.load(Self.base + yaml)
            Issue.record("\(key) was accepted")
        } catch {
            #expect(error.key == key)
            #expect(error.expected.contains(expected))
        }
    }

    @Test("An invalid promotion in the file is refused with the key")
    func invalidPromotion() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("b9-promotions-\(UUID().uuidString).json").path
        try """
            [{"id": "BAD", "name": "Nothing off", "targets": [{"sku": {"_0": "SOAP-100"}}], "kind": {"percentOff": {"basisPoints": 0}}}]
            """.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try await TerminalConfigurationTests.load(Self.base + "promotions:\n  file: \(path)\n")
            Issue.record("an invalid promotion was accepted")
        } catch {
            #expect(error.key == "promotions.file")
            #expect(error.expected.contains("valid promotions"))
        }
    }
}
