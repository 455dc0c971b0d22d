import B9Core

/// A cart as the API shows it: lines and totals, amounts as decimal text in the cart's currency
/// ("410.00"), quantities with three decimals ("1.250").
struct CartView: Sendable, Equatable, Codable {
    struct Line: Sendable, Equatable, Codable {
        let id: Int
        let sku: String
        let name: String
        let unit: String
        let quantity: String
        let unitPrice: String
        let gross: String
        let discount: String
        let net: String
        let vat: String
    }

    let id: String
    let currency: String
    let lines: [Line]
    let subtotal: String
    let discounts: String
    let vat: String
    let total: String
    /// What a customer paying all in cash hands over (`billing.cash_rounding` applied).
    let cashDue: String
    /// The total in minor units, for clients that compute.
    let totalMinorUnits: Int64

    init(id: String, cart: Cart, policy: BillingPolicy) throws(CoreError) {
        let totals = try TotalsCalculator(policy: policy).totals(of: cart)
        let digits = cart.currency.minorUnitDigits
        func text(_ minor: Int64) -> String { DecimalText.format(minor, scale: digits) }
        self.id = id
        currency = cart.currency.code
        lines = zip(cart.lines, totals.lines).map { line, amounts in
            Line(
                id: line.id, sku: line.product.sku, name: line.product.name, unit: line.product.unit.code,
                quantity: line.quantity.fixedText, unitPrice: text(amounts.unitPrice), gross: text(amounts.gross),
                discount: text(amounts.lineDiscount + amounts.cartDiscountShare), net: text(amounts.net), vat: text(amounts.vat)
            )
        }
        subtotal = text(totals.subtotal)
        discounts = text(totals.discountTotal)
        vat = text(totals.vatTotal)
        total = text(totals.grandTotal)
        cashDue = text((try? policy.cashRounding.round(totals.grandTotal)) ?? totals.grandTotal)
        totalMinorUnits = totals.grandTotal
    }
}

/// A committed sale as the API shows it.
struct SaleView: Sendable, Equatable, Codable {
    struct Payment: Sendable, Equatable, Codable {
        let tender: String
        let amount: String
        let reference: String?
    }

    let id: String
    let receiptNumber: Int64
    let createdAt: String
    let currency: String
    let total: String
    let amountDue: String
    let change: String
    let payments: [Payment]

    init(_ sale: CompletedSale) {
        func text(_ minor: Int64) -> String { DecimalText.format(minor, scale: sale.currencyDigits) }
        id = sale.id
        receiptNumber = sale.receiptNumber
        createdAt = sale.createdAt
        currency = sale.currency
        total = text(sale.grandTotal)
        amountDue = text(sale.amountDue)
        change = text(sale.change)
        payments = sale.payments.map { Payment(tender: $0.tender, amount: text($0.amount), reference: $0.reference) }
    }
}

/// What checkout answers: the committed sale, how its receipt print ended, and the drawer's trouble if any.
struct CheckoutView: Sendable, Equatable, Codable {
    let sale: SaleView
    /// `printed`, `failed` or `unknown` (then an operator confirms before a reprint).
    let print: String
    let printDetail: String?
    let drawerError: String?
}

/// One device as the API reports it.
struct DeviceStatus: Sendable, Equatable, Codable {
    /// `printer`, `drawer`, `display`, `scale` or `scanner`.
    let device: String
    /// `not-configured`, `idle` (configured, not used yet), `ready` or `error`.
    let state: String
    /// What the device is (e.g. "file receipts.txt", "simulated").
    let name: String?
    /// Why it is in `error`.
    let detail: String?
}

/// A dining table as the API shows it: its status and, while guests sit there, their tab.
struct TableView: Sendable, Equatable, Codable {
    let id: String
    let name: String
    let seats: Int
    /// `free`, `occupied`, `bill-printed` or `needs-cleaning`.
    let status: String
    /// The open tab's id, waiter and guests; nil on a table without a tab.
    let tabID: String?
    let waiter: String?
    let covers: Int?

    init(_ table: DiningTable, tab: OpenTab?) {
        id = table.id
        name = table.name
        seats = table.seats
        status = table.status.rawValue
        tabID = tab?.id
        waiter = tab?.waiter
        covers = tab?.covers
    }
}

/// An open tab: its bill as the shop charges it now (service charge included) and, per ordered line,
/// what the kitchen needs and whether it has it.
struct TabView: Sendable, Equatable, Codable {
    /// Course, modifiers and notes of one bill line, and the kitchen order that carried it once sent.
    struct KitchenLine: Sendable, Equatable, Codable {
        let line: Int
        let course: Int
        let modifiers: [String]
        let notes: String?
        let kitchenOrderID: String?
    }

    let id: String
    let table: String
    let covers: Int
    let waiter: String?
    let openedAt: String
    /// The bill; its `id` is the tab's, which becomes the sale's id.
    let bill: CartView
    let kitchen: [KitchenLine]
    /// How many times the bill was printed before payment.
    let billsPrinted: Int

    init(_ tab: OpenTab, bill: CartView) {
        id = tab.id
        table = tab.tableID
        covers = tab.covers
        waiter = tab.waiter
        openedAt = tab.openedAt
        self.bill = bill
        billsPrinted = tab.billsPrinted ?? 0
        kitchen = tab.lines.map { KitchenLine(line: $0.line, course: $0.course, modifiers: $0.modifiers, notes: $0.notes, kitchenOrderID: $0.kitchenOrderID) }
    }
}

/// What sending a tab to the kitchen answers: the kitchen orders written (none when nothing was unsent) and the tab.
struct KitchenSendView: Sendable, Equatable, Codable {
    /// One kitchen order: what one station makes for one course.
    struct Order: Sendable, Equatable, Codable {
        let orderID: String
        let station: String
        let course: Int?
        /// The bill lines it carries.
        let lines: [Int]

        init(_ data: KitchenOrderData) {
            orderID = data.orderID
            station = data.station
            course = data.course
            lines = data.items.map(\.line)
        }
    }

    let orders: [Order]
    let tab: TabView
}

/// What printing a tab's bill answers: the copy printed, how the print ended, the bill as text and the tab.
struct BillPrintView: Sendable, Equatable, Codable {
    /// 1 for the first print, 2 and on for reprints.
    let copy: Int
    /// The bill's total ("517.00"), as checkout will charge it.
    let total: String
    /// `printed`, `failed` (held in the print queue, or no printer) or `unknown`.
    let print: String
    let printDetail: String?
    /// The bill as the printer lays it out (a preview).
    let text: String
    let tab: TabView
}

/// A signed-in operator: the session token goes with each action that needs a permission.
struct OperatorSessionView: Sendable, Equatable, Codable {
    let session: String
    let `operator`: String
    let role: String
}
