/// A table's bill printed before payment (a pre-check): what the guests will pay, priced as checkout
/// prices the tab (``ShopPricing``: promotions, then the service charge, SC1). It is not a receipt: no
/// sale exists yet, nothing is paid, and it carries no receipt number. Printing one again is allowed;
/// each print is journaled as `bill.printed` with its copy number.
public struct GuestBill: Sendable, Hashable, Codable {
    public let tabID: String
    public let tableID: String
    public let covers: Int
    public let waiter: String?
    /// 1 for the first print of this tab's bill, 2 and on for reprints.
    public let copy: Int
    public let printedAt: String
    public let terminalID: String
    /// The tab as checkout will charge it (the service-charge line included).
    public let cart: Cart
    public let totals: Totals
    /// The SKU of the service-charge line, when the bill has one.
    public let serviceChargeSKU: String?

    /// The service charge on this bill (the line's amount), 0 when there is none.
    public var serviceCharge: Int64 {
        guard let serviceChargeSKU, let index = cart.lines.firstIndex(where: { $0.product.sku == serviceChargeSKU }) else { return 0 }
        return totals.lines[index].gross
    }
}

/// The payload of a `bill.printed` journal entry: which tab's bill was printed, which copy, for how much.
public struct BillPrintRecord: Sendable, Hashable, Codable {
    public let tab: String
    public let table: String
    public let copy: Int
    /// The bill's grand total, in minor units.
    public let total: Int64
    public let waiter: String?

    public init(tab: String, table: String, copy: Int, total: Int64, waiter: String?) {
        self.tab = tab
        self.table = table
        self.copy = copy
        self.total = total
        self.waiter = waiter
    }
}
