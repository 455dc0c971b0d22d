/// Money totals of a stretch of the journal, re-added from the entries themselves: the body of an X
/// report, a Z report and a shift closing. All amounts are minor units; returns are negative.
///
/// Built only by ``add(_:)`` over journal entries in order, so a report is, by construction, the sum of
/// what the journal holds; ``BillingStore/verifyJournal()`` re-adds every Z report and shift closing and
/// compares.
public struct ReportTotals: Sendable, Hashable, Codable {
    /// VAT of one rate, sales plus returns.
    public struct VATLine: Sendable, Hashable, Codable {
        public let rateBasisPoints: Int64
        public let pricesIncludeVAT: Bool
        public var base: Int64
        public var amount: Int64
    }

    /// Money taken in by one tender, less change (for cash) and less refunds.
    public struct TenderLine: Sendable, Hashable, Codable {
        /// ``TenderKind/code``; refunds in local cash count under `cash`.
        public let tender: String
        public var amount: Int64
    }

    public private(set) var salesCount = 0
    public private(set) var returnsCount = 0
    public private(set) var voidsCount = 0
    /// The sum of the voided amounts (never sold; for information).
    public private(set) var voidedAmount: Int64 = 0
    public private(set) var firstReceipt: Int64?
    public private(set) var lastReceipt: Int64?
    /// The sum of the sales' grand totals.
    public private(set) var grossSales: Int64 = 0
    /// Line and cart discounts given on those sales.
    public private(set) var discounts: Int64 = 0
    /// Cash rounding (R5) on those sales.
    public private(set) var roundingAdjustments: Int64 = 0
    /// The sum of the returns' totals (negative).
    public private(set) var returns: Int64 = 0
    /// Payments received on customer accounts (their tenders are in ``tenders``).
    public private(set) var accountPayments: Int64 = 0
    /// Deposits taken against project orders (their tenders are in ``tenders``); `nil` when none.
    public private(set) var deposits: Int64?
    /// Tips taken on card tenders (restaurant); they are in the `card` tender line too. `nil` when none.
    public private(set) var tips: Int64?
    /// Cash put into the drawer (positive) and taken out (positive).
    public private(set) var cashIn: Int64 = 0
    public private(set) var cashOut: Int64 = 0
    /// By rate, sorted by rate then inclusive before exclusive.
    public private(set) var vat: [VATLine] = []
    /// By tender code, sorted.
    public private(set) var tenders: [TenderLine] = []

    public init() {}

    /// Sales less returns.
    public var netSales: Int64 { grossSales &+ returns }

    /// What the drawer should hold from this stretch besides its float: local cash taken less change and
    /// cash refunds, plus cash in, minus cash out.
    public var cashMovementNet: Int64 { (tenders.first { $0.tender == "cash" }?.amount ?? 0) &+ cashIn &- cashOut }

    /// Adds one journal entry; kinds that carry no money are ignored.
    public mutating func add(_ entry: JournalEntry) throws(CoreError) {
        switch entry.kind {
        case JournalEntry.Kind.saleCompleted:
            let sale = try CanonicalJSON.decode(CompletedSale.self, from: entry.payload)
            salesCount += 1
            firstReceipt = firstReceipt ?? sale.receiptNumber
            lastReceipt = sale.receiptNumber
            grossSales = try ExactArithmetic.add(grossSales, sale.grandTotal)
            discounts = try ExactArithmetic.add(discounts, try ExactArithmetic.add(sale.lineDiscounts, sale.cartDiscount))
            roundingAdjustments = try ExactArithmetic.add(roundingAdjustments, sale.roundingAdjustment)
            for line in sale.vat { try addVAT(line) }
            for payment in sale.payments { try addTender(payment.tender, payment.amount) }
            if sale.change != 0 { try addTender("cash", -sale.change) }
            for tip in sale.restaurant?.tips ?? [] {
                tips = try ExactArithmetic.add(tips ?? 0, tip.amount)
                try addTender(tip.tender, tip.amount)
            }
        case JournalEntry.Kind.returnCompleted:
            let record = try CanonicalJSON.decode(CompletedReturn.self, from: entry.payload)
            returnsCount += 1
            returns = try ExactArithmetic.add(returns, record.total)
            for line in record.vat { try addVAT(line) }
            for refund in record.refunds { try addTender(refund.tender, refund.amount) }
        case JournalEntry.Kind.voidRecorded:
            let record = try CanonicalJSON.decode(VoidRecord.self, from: entry.payload)
            voidsCount += 1
            voidedAmount = try ExactArithmetic.add(voidedAmount, record.amount)
        case JournalEntry.Kind.accountPayment:
            let payment = try CanonicalJSON.decode(AccountPayment.self, from: entry.payload)
            accountPayments = try ExactArithmetic.add(accountPayments, payment.amount)
            for part in payment.payments { try addTender(part.tender, part.amount) }
        case JournalEntry.Kind.projectDeposit:
            let deposit = try CanonicalJSON.decode(ProjectDeposit.self, from: entry.payload)
            deposits = try ExactArithmetic.add(deposits ?? 0, deposit.amount)
            for part in deposit.payments { try addTender(part.tender, part.amount) }
        case JournalEntry.Kind.cashMovement:
            let movement = try CanonicalJSON.decode(CashMovement.self, from: entry.payload)
            switch movement.direction {
            case .paidIn: cashIn = try ExactArithmetic.add(cashIn, movement.amount)
            case .paidOut: cashOut = try ExactArithmetic.add(cashOut, movement.amount)
            }
        default:
            break
        }
    }

    private mutating func addVAT(_ line: CompletedSale.VAT) throws(CoreError) {
        if let index = vat.firstIndex(where: { $0.rateBasisPoints == line.rateBasisPoints && $0.pricesIncludeVAT == line.pricesIncludeVAT }) {
            vat[index].base = try ExactArithmetic.add(vat[index].base, line.base)
            vat[index].amount = try ExactArithmetic.add(vat[index].amount, line.amount)
        } else {
            vat.append(VATLine(rateBasisPoints: line.rateBasisPoints, pricesIncludeVAT: line.pricesIncludeVAT, base: line.base, amount: line.amount))
            vat.sort { ($0.rateBasisPoints, $0.pricesIncludeVAT ? 0 : 1) < ($1.rateBasisPoints, $1.pricesIncludeVAT ? 0 : 1) }
        }
    }

    private mutating func addTender(_ code: String, _ amount: Int64) throws(CoreError) {
        if let index = tenders.firstIndex(where: { $0.tender == code }) {
            tenders[index].amount = try ExactArithmetic.add(tenders[index].amount, amount)
        } else {
            tenders.append(TenderLine(tender: code, amount: amount))
            tenders.sort { $0.tender < $1.tender }
        }
    }
}
