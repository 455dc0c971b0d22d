/// One entry of the append-only journal: what happened, chained to everything before it.
///
/// `hash = SHA-256(canonical encoding)`; see ``JournalHasher`` and `docs/journal.md`.
public struct JournalEntry: Sendable, Hashable, Codable {
    /// Position in the journal, from 1, without gaps.
    public let sequence: Int64
    public let terminalID: String
    /// What kind of event: see ``Kind``.
    public let kind: String
    /// UTC time, as ``Timestamp`` formats it.
    public let createdAt: String
    /// The event itself: canonical JSON (sorted keys), stored and hashed byte for byte.
    public let payload: String
    /// The previous entry's hash (32 zero bytes for the first entry).
    public let previousHash: [UInt8]
    public let hash: [UInt8]

    public init(sequence: Int64, terminalID: String, kind: String, createdAt: String, payload: String, previousHash: [UInt8], hash: [UInt8]) {
        self.sequence = sequence
        self.terminalID = terminalID
        self.kind = kind
        self.createdAt = createdAt
        self.payload = payload
        self.previousHash = previousHash
        self.hash = hash
    }

    /// Entry kinds written by B9Core.
    public enum Kind {
        public static let opened = "journal.opened"
        public static let saleCompleted = "sale.completed"
        public static let receiptPrint = "receipt.print"
        public static let catalogImported = "catalog.imported"
        /// An action a role or a supervisor's approval allowed (``AuthorizedAction``).
        public static let actionAuthorized = "action.authorized"
        /// A return against a receipt or without one (``CompletedReturn``).
        public static let returnCompleted = "return.completed"
        /// A line or a whole sale voided before completion (``VoidRecord``).
        public static let voidRecorded = "void.recorded"
        /// A shift opened with its float (``ShiftEvent``).
        public static let shiftOpened = "shift.opened"
        /// Cash put into or taken out of the drawer (``CashMovement``).
        public static let cashMovement = "cash.movement"
        /// A shift closed with the counted cash (``ShiftClosing``).
        public static let shiftClosed = "shift.closed"
        /// An end-of-day Z report (``DayReport``).
        public static let zReport = "report.z"
        /// A payment on a customer account (``AccountPayment``).
        public static let accountPayment = "account.payment"
        /// A change to a loyalty member's points (``LoyaltyMovement``).
        public static let loyaltyPoints = "loyalty.points"
        /// A deposit (advance payment) against a project order (``ProjectDeposit``).
        public static let projectDeposit = "project.deposit"
        /// A table's bill printed before payment, or printed again (``BillPrintRecord``); not a receipt.
        public static let billPrinted = "bill.printed"
    }
}
