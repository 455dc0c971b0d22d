/// Something at the till that only some roles may do, or that a supervisor must approve.
///
/// The raw values are stable: they are stored in roles and approvals and written to the journal.
public enum OperatorAction: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Remove a line the customer has already seen, before the sale completes.
    case voidLine = "void-line"
    /// Abandon a whole sale before it completes.
    case voidSale = "void-sale"
    /// Give money back for goods returned against a receipt.
    case refund = "refund"
    /// Take goods back without the original receipt.
    case returnWithoutReceipt = "return-without-receipt"
    /// Give a discount above the policy's limit.
    case discountAboveLimit = "discount-above-limit"
    /// Charge a price other than the catalog's.
    case priceOverride = "price-override"
    /// Open the cash drawer without a sale.
    case noSaleDrawerOpen = "no-sale"
    /// Put cash into, or take cash out of, the drawer (petty cash, withdrawals).
    case cashInOut = "cash-in-out"
    /// Close a shift and count the drawer.
    case shiftClose = "shift-close"
    /// Take the end-of-day Z report (numbered; starts a new day).
    case zReport = "z-report"
    /// Print a receipt again.
    case reprint = "reprint"

    public static func < (lhs: OperatorAction, rhs: OperatorAction) -> Bool { lhs.rawValue < rhs.rawValue }
}
