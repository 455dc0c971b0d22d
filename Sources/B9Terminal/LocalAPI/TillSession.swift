import B9Core
import B9Intake
import HTTPTypes
import Foundation

/// The till's open carts and checkout, shared by every API client.
///
/// Carts live in memory until checkout (a cart is not a sale; nothing is journaled before
/// payment). A cart is kept as rung up; every view and the checkout price it with the shop's
/// configured rules (``ShopSettings``: promotions, service charge), so rules switch per shop. Checkout goes through B9Core's ``Checkout``: commit, then print, record the print
/// outcome, open the drawer for cash and show the change. Every change is announced as an event.
actor TillSession {
    /// Open carts kept at once; more is a client leaking carts.
    static let maximumOpenCarts = 32

    nonisolated let store: BillingStore
    nonisolated let policy: BillingPolicy
    nonisolated let shop: Receipt.Shop
    nonisolated let devices: TillDevices
    nonisolated let events: EventBroadcaster
    nonisolated let status: DeviceStatusBoard
    /// The shop's variant and rules (`shop.*`, `promotions.*`, `restaurant.*`, `labels.*`).
    nonisolated let settings: ShopSettings

    private struct OpenCart {
        var cart: Cart
        /// Set while checkout runs: a second checkout or a change waits for its answer (409).
        var checkingOut = false
    }

    private var carts: [String: OpenCart] = [:]
    /// Tabs whose payment is running: a second payment waits for the first one's answer (409).
    var payingTabs: Set<String> = []

    /// - Parameter status: the board the device services report to; a new one when nil.
    init(
        store: BillingStore, policy: BillingPolicy, shop: Receipt.Shop, devices: TillDevices, events: EventBroadcaster,
        settings: ShopSettings = .general, status: DeviceStatusBoard? = nil
    ) {
        self.settings = settings
        self.store = store
        self.policy = policy
        self.shop = shop
        self.devices = devices
        self.events = events
        self.status = status ?? DeviceStatusBoard(devices: devices, events: events)
    }

    // MARK: Carts

    func createCart() async throws(LocalAPIError) -> CartView {
        guard carts.count < Self.maximumOpenCarts else {
            throw LocalAPIError(.conflict, code: "too-many-carts", "\(Self.maximumOpenCarts) carts are open; check out or delete one first")
        }
        let id = UUID().uuidString.lowercased()
        carts[id] = OpenCart(cart: Cart(currency: policy.currency))
        return try await changed(id)
    }

    func cart(_ id: String) throws(LocalAPIError) -> CartView {
        try view(id, try open(id).cart)
    }

    func deleteCart(_ id: String) async throws(LocalAPIError) {
        guard try open(id).checkingOut == false else { throw Self.busy }
        carts[id] = nil
        await events.publish(.cartChanged(cartID: id, cart: nil))
    }

    /// Adds the product with this barcode or SKU. A code no product carries itself may be a label:
    /// a GS1 element string with a net weight, or a variable-measure EAN-13 with one of the shop's
    /// weight prefixes, is a weight label (its line is that weight at the catalog price, rule W2);
    /// any other variable-measure code (13 digits, 20–29) is a weighing station's price label (its
    /// line is charged the label's price, rule W1).
    func addLine(cart id: String, code: String, quantity: Quantity?) async throws(LocalAPIError) -> CartView {
        _ = try open(id)
        let product: Product
        var label: PriceLabelScan?
        var weight: WeightLabelScan?
        do {
            product = try await store.product(code: code)
        } catch let error where error.code == .productNotFound && WeightLabelScan.isCandidate(code, weightPrefixes: settings.weightLabelPrefixes) {
            let scan: WeightLabelScan
            do {
                scan = try WeightLabelScan(code, weightPrefixes: settings.weightLabelPrefixes)
            } catch {
                throw LocalAPIError(.badRequest, code: error.code, error.message, field: "code")
            }
            guard quantity == nil else {
                throw LocalAPIError.badRequest("quantity", "a weight label carries its own weight; scan it without a quantity")
            }
            product = try await labelProduct(scan.productCodes, code: code)
            weight = scan
        } catch let error where error.code == .productNotFound && PriceLabelScan.isCandidate(code) {
            let scan: PriceLabelScan
            do {
                scan = try PriceLabelScan(code, currency: policy.currency)
            } catch {
                throw LocalAPIError(.badRequest, code: error.code, error.message, field: "code")
            }
            guard quantity == nil else {
                throw LocalAPIError.badRequest("quantity", "a weighing label carries its own price and weight; scan it without a quantity")
            }
            product = try await labelProduct(scan.productCodes, code: code)
            label = scan
        } catch {
            throw LocalAPIError(error, field: "code")
        }
        // The store read suspended this actor: look the cart up again.
        var entry = try open(id)
        guard !entry.checkingOut else { throw Self.busy }
        let line: Int
        do {
            if let label {
                line = try entry.cart.addPriceLabel(product, price: label.price)
            } else if let weight {
                line = try entry.cart.addWeightLabel(product, kilograms: weight.kilograms)
            } else {
                line = try entry.cart.add(product, quantity: quantity ?? .one)
            }
        } catch {
            throw LocalAPIError(error, field: label == nil && weight == nil ? "quantity" : "code")
        }
        carts[id] = entry
        let view = try await changed(id)
        if let display = devices.display, let added = entry.cart.lines.first(where: { $0.id == line }) {
            await display.port.show(.item(name: product.name, price: added.unitPrice))
        }
        return view
    }

    func setQuantity(cart id: String, line: Int, quantity: Quantity) async throws(LocalAPIError) -> CartView {
        try await mutate(id, field: "quantity") { (cart: inout Cart) throws(CoreError) in try cart.setQuantity(quantity, onLine: line) }
    }

    func removeLine(cart id: String, line: Int) async throws(LocalAPIError) -> CartView {
        try await mutate(id, field: "line") { (cart: inout Cart) throws(CoreError) in try cart.removeLine(line) }
    }

    /// Sets or clears (`discount` nil) the discount of one line, or of the cart when `line` is nil.
    func setDiscount(cart id: String, line: Int?, discount: Discount?) async throws(LocalAPIError) -> CartView {
        let policy = policy
        return try await mutate(id, field: "value") { (cart: inout Cart) throws(CoreError) in
            if let line {
                try cart.setDiscount(discount, onLine: line, policy: policy)
            } else {
                try cart.setCartDiscount(discount, policy: policy)
            }
        }
    }

    // MARK: Checkout

    /// Commits the cart as a sale paid with `tenders`, then prints, opens the drawer for cash and
    /// shows the change; the cart is gone afterwards.
    func checkout(cart id: String, tenders: [TenderInput], cashier: String?) async throws(LocalAPIError) -> CheckoutView {
        var entry = try open(id)
        guard !entry.checkingOut else { throw Self.busy }
        entry.checkingOut = true
        carts[id] = entry
        let result: Checkout.Result
        do {
            result = try await checkout.complete(entry.cart, tenders: tenders, cashier: cashier)
        } catch {
            carts[id]?.checkingOut = false
            throw LocalAPIError(error, field: "tenders")
        }
        carts[id] = nil
        return await checkedOut(result, cart: id)
    }

    /// After a committed checkout: records the printer's and drawer's state, announces the cart (if
    /// one was paid) gone and the sale.
    func checkedOut(_ result: Checkout.Result, cart id: String?) async -> CheckoutView {
        await status.record("printer", failure: result.printOutcome == .printed ? nil : "\(result.printOutcome.code): \(result.printOutcome.detail ?? "")")
        if result.sale.paidWithCash, devices.drawer != nil {
            await status.record("drawer", failure: result.drawerError)
        }
        let sale = SaleView(result.sale)
        if let id { await events.publish(.cartChanged(cartID: id, cart: nil)) }
        await events.publish(.saleCompleted(sale))
        return CheckoutView(sale: sale, print: result.printOutcome.code, printDetail: result.printOutcome.detail, drawerError: result.drawerError)
    }

    /// The receipt of a stored sale as text, as the printer lays it out.
    func receiptText(saleID: String) async throws(LocalAPIError) -> String {
        guard let sale = try await loadSale(saleID) else { throw LocalAPIError.notFound("sale \(saleID)") }
        return ReceiptTextFormatter().format(Receipt(shop: shop, sale: sale))
    }

    /// Prints a stored sale's receipt again, marked as a duplicate, and records the outcome.
    func reprint(saleID: String) async throws(LocalAPIError) -> PrintOutcome {
        guard let sale = try await loadSale(saleID) else { throw LocalAPIError.notFound("sale \(saleID)") }
        let outcome = await devices.printer.port.print(Receipt(shop: shop, sale: sale, isDuplicate: true))
        try? await store.recordPrintOutcome(saleID: sale.id, outcome: outcome)
        await status.record("printer", failure: outcome == .printed ? nil : "\(outcome.code): \(outcome.detail ?? "")")
        return outcome
    }

    // MARK: Helpers

    /// The checkout path every sale takes: commit, print, drawer, display, with the shop's rules.
    var checkout: Checkout {
        Checkout(
            store: store, policy: policy, shop: shop, printer: devices.printer.port,
            drawer: devices.drawer?.port, display: devices.display?.port, pricing: settings.pricing
        )
    }

    /// The product a weighing label is for, found by its own variable-measure code or GTIN.
    private func labelProduct(_ productCodes: [String], code: String) async throws(LocalAPIError) -> Product {
        for candidate in productCodes {
            do {
                return try await store.product(code: candidate)
            } catch where error.code == .productNotFound {
                continue
            } catch {
                throw LocalAPIError(error, field: "code")
            }
        }
        throw LocalAPIError(.notFound, code: CoreError.Code.productNotFound.description,
                            "no product has the code \(productCodes.joined(separator: " or ")) that label \(code) is for; add it to the catalog", field: "code")
    }

    static let busy = LocalAPIError(.conflict, code: "checkout-in-progress", "this cart is being checked out; wait for the answer")

    private func loadSale(_ id: String) async throws(LocalAPIError) -> CompletedSale? {
        do {
            return try await store.sale(id: id)
        } catch {
            throw LocalAPIError(error)
        }
    }

    private func open(_ id: String) throws(LocalAPIError) -> OpenCart {
        guard let entry = carts[id] else { throw LocalAPIError.notFound("cart \(id)") }
        return entry
    }

    /// The cart as the shop charges it now (promotions, service charge), as clients see it.
    private func view(_ id: String, _ cart: Cart) throws(LocalAPIError) -> CartView {
        do {
            return try CartView(id: id, cart: try settings.pricing.price(cart, at: Date(), policy: policy), policy: policy)
        } catch {
            throw LocalAPIError(error)
        }
    }

    private func mutate(_ id: String, field: String, _ change: (inout Cart) throws(CoreError) -> Void) async throws(LocalAPIError) -> CartView {
        var entry = try open(id)
        guard !entry.checkingOut else { throw Self.busy }
        do {
            try change(&entry.cart)
        } catch {
            throw LocalAPIError(error, field: field)
        }
        carts[id] = entry
        return try await changed(id)
    }

    /// The cart's view, announced to WebSocket clients.
    private func changed(_ id: String) async throws(LocalAPIError) -> CartView {
        let view = try view(id, try open(id).cart)
        await events.publish(.cartChanged(cartID: id, cart: view))
        return view
    }
}
