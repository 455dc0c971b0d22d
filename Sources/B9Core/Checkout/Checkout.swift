/// Completes sales at the till: commit first, then the receipt, the drawer and the customer display.
///
/// The order is the guarantee: a receipt is printed only for a sale that is already durable, so
/// "printed" always implies "committed". The print outcome is recorded as its own journal entry.
public struct Checkout: Sendable {
    public let store: BillingStore
    public let policy: BillingPolicy
    public let shop: Receipt.Shop
    public let printer: any ReceiptPrinting
    public let drawer: (any CashDrawerControl)?
    public let display: (any CustomerDisplayOutput)?
    /// The shop's configured rules (promotions, service charge) applied to every cart at checkout.
    public let pricing: ShopPricing

    public init(
        store: BillingStore, policy: BillingPolicy, shop: Receipt.Shop, printer: any ReceiptPrinting,
        drawer: (any CashDrawerControl)? = nil, display: (any CustomerDisplayOutput)? = nil, pricing: ShopPricing = .general
    ) {
        self.pricing = pricing
        self.store = store
        self.policy = policy
        self.shop = shop
        self.printer = printer
        self.drawer = drawer
        self.display = display
    }

    /// What happened at checkout.
    public struct Result: Sendable {
        public let sale: CompletedSale
        public let printOutcome: PrintOutcome
        /// Set when the drawer should have opened and did not.
        public let drawerError: String?
    }

    /// Commits the sale (the cart priced by the shop's rules, ``ShopPricing``), then prints, records the outcome, opens the drawer for cash and shows the change.
    /// - Throws: only if the sale could not be committed (then nothing was printed or opened).
    public func complete(_ cart: Cart, tenders: [TenderInput], cashier: String? = nil) async throws(CoreError) -> Result {
        let priced = try pricing.price(cart, at: store.now(), policy: policy)
        let sale = try await store.completeSale(priced, tenders: tenders, policy: policy, cashier: cashier)
        return await finish(sale)
    }

    /// Pays a table's open tab (``BillingStore/settleTab(tableID:tenders:pricing:split:tips:loyalty:policy:cashier:)``
    /// priced by the shop's rules, the service charge SC1 included, as its printed bill was), then prints, records the outcome, opens the drawer for cash
    /// and shows the change, as ``complete(_:tenders:cashier:)`` does for a counter sale.
    /// - Parameters:
    ///   - split: the parts the guests pay (from ``BillSplit``); they must add up to the bill.
    ///   - tips: tips on card, on top of the bill.
    /// - Throws: only if the sale could not be committed (then nothing was printed or opened).
    public func completeTab(
        tableID: String, tenders: [TenderInput], split: [Int64]? = nil, tips: [Tip] = [], cashier: String? = nil
    ) async throws(CoreError) -> Result {
        let sale = try await store.settleTab(
            tableID: tableID, tenders: tenders, pricing: pricing, split: split, tips: tips, policy: policy, cashier: cashier
        )
        return await finish(sale)
    }

    /// What follows a committed sale: the receipt, its recorded outcome, the drawer for cash and the change on the display.
    private func finish(_ sale: CompletedSale) async -> Result {
        let outcome = await printer.print(Receipt(shop: shop, sale: sale))
        // The sale is safe whatever happens next; a failure to record the outcome leaves it
        // "unconfirmed", which is what it is.
        try? await store.recordPrintOutcome(saleID: sale.id, outcome: outcome)
        var drawerError: String?
        if sale.paidWithCash, let drawer {
            do {
                try await drawer.openDrawer()
            } catch {
                drawerError = "\(error)"
            }
        }
        if let display {
            let currency = policy.currency
            await display.show(sale.change > 0
                ? .change(Money(minorUnits: sale.change, currency: currency))
                : .total(Money(minorUnits: sale.amountDue, currency: currency)))
        }
        return Result(sale: sale, printOutcome: outcome, drawerError: drawerError)
    }
}
