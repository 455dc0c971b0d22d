/// What billing needs from a receipt printer. B9Terminal adapts the device layer's printer to it.
///
/// Called only after the sale is committed. The implementation decides `printed` only when the
/// printer confirmed it (status after the data drained); if it cannot know, it says `unknown`,
/// and an operator must confirm before a reprint.
public protocol ReceiptPrinting: Sendable {
    func print(_ receipt: Receipt) async -> PrintOutcome
    /// Prints a table's bill before payment (a pre-check, not a receipt) on the same printer.
    func printBill(_ bill: GuestBill, shop: Receipt.Shop) async -> PrintOutcome
}

/// How a print ended.
public enum PrintOutcome: Sendable, Hashable, Codable {
    case printed
    case failed(reason: String)
    case unknown(reason: String)

    /// `printed`, `failed` or `unknown`, as stored.
    public var code: String {
        switch self {
        case .printed: "printed"
        case .failed: "failed"
        case .unknown: "unknown"
        }
    }

    public var detail: String? {
        switch self {
        case .printed: nil
        case .failed(let reason), .unknown(let reason): reason
        }
    }
}
