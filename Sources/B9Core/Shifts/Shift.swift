/// A shift as opened (`shift.opened` payload): who, which number, and the float put in the drawer.
public struct ShiftEvent: Sendable, Hashable, Codable {
    public let shiftID: String
    /// 1, 2, 3 … per terminal.
    public let number: Int64
    public let operatorID: String
    /// Cash in the drawer at the start, minor units.
    public let float: Int64
    public let openedAt: String
}

/// Cash put into or taken out of the drawer outside a sale (`cash.movement` payload).
public struct CashMovement: Sendable, Hashable, Codable {
    /// Into or out of the drawer.
    public enum Direction: String, Sendable, Hashable, Codable {
        /// Petty cash or change brought in.
        case paidIn = "in"
        /// A withdrawal, a supplier paid from the till.
        case paidOut = "out"
    }
    public let shiftID: String
    public let direction: Direction
    /// Positive minor units.
    public let amount: Int64
    public let reason: String
    public let authorization: Authorization
}

/// Notes or coins of one value counted in the drawer.
public struct Denomination: Sendable, Hashable, Codable {
    /// The face value in minor units (50000 = a 500 taka note).
    public let value: Int64
    public let count: Int64

    public init(value: Int64, count: Int64) throws(CoreError) {
        guard value > 0, count >= 0 else {
            throw CoreError(.invalidAmount, "a denomination has a positive value and a count of zero or more")
        }
        self.value = value
        self.count = count
    }
}

/// A shift closed (`shift.closed` payload): counted cash against what the journal says the drawer holds.
public struct ShiftClosing: Sendable, Hashable, Codable {
    public let shiftID: String
    public let number: Int64
    public let operatorID: String
    public let authorization: Authorization
    public let float: Int64
    /// The count, by denomination, as entered.
    public let counted: [Denomination]
    /// Σ value × count.
    public let countedTotal: Int64
    /// `float + totals.cashMovementNet`.
    public let expectedCash: Int64
    /// `countedTotal − expectedCash`: positive over, negative short.
    public let overShort: Int64
    /// The journal entries of the shift: after its `shift.opened` entry up to before this one.
    public let fromSequence: Int64
    public let toSequence: Int64
    public let totals: ReportTotals
}
