import Foundation
import GRDB

extension BillingStore {
    /// Takes a payment on a customer account (the hardware store's contractor accounts): the balance goes
    /// down by the amount paid, in one transaction with the `account.payment` journal entry. Cash,
    /// card and wallets are accepted, not another account; the amount is paid exactly (no change) and may
    /// not exceed what is owed.
    public func receiveAccountPayment(
        accountID: String, tenders: [TenderInput], rules: ShopRules, policy: BillingPolicy, session: OperatorSession, paymentID: String? = nil
    ) async throws(CoreError) -> AccountPayment {
        try rules.require(.contractorAccounts)
        let (amount, payments) = try Self.exactPayments(tenders, policy: policy, for: "a payment on account")
        guard amount > 0 else { throw CoreError(.invalidAmount, "a payment on account needs at least one tender") }
        let id = paymentID ?? UUID().uuidString.lowercased()
        let createdAt = Timestamp.format(now())
        let terminalID = terminalID
        let total = amount
        let tendered = payments
        return try await transaction("take a payment on account") { db in
            let operatorID = try Self.openSession(db, session)
            guard let balance = try Int64.fetchOne(db, sql: "SELECT balance_minor FROM customer_account WHERE id = ?", arguments: [accountID]) else {
                throw CoreError(.accountNotFound, "there is no customer account '\(accountID)'")
            }
            guard total <= balance else {
                throw CoreError(
                    .invalidAmount,
                    "account \(accountID) owes \(DecimalText.format(balance, scale: policy.currency.minorUnitDigits)); take no more than that"
                )
            }
            let payment = AccountPayment(
                id: id, accountID: accountID, amount: total, payments: tendered, balanceBefore: balance, balanceAfter: balance - total,
                createdAt: createdAt, operatorID: operatorID
            )
            _ = try JournalWriter.append(
                db, terminalID: terminalID, kind: JournalEntry.Kind.accountPayment, createdAt: createdAt, payload: try CanonicalJSON.encode(payment)
            )
            try db.execute(sql: "UPDATE customer_account SET balance_minor = ? WHERE id = ?", arguments: [balance - total, accountID])
            return payment
        }
    }

    /// Money paid exactly (no change) in local cash, by card or by wallet: payments on account and
    /// project deposits. Returns the total and the payments as recorded.
    static func exactPayments(_ tenders: [TenderInput], policy: BillingPolicy, for what: String) throws(CoreError) -> (Int64, [CompletedSale.Payment]) {
        var amount: Int64 = 0
        var payments: [CompletedSale.Payment] = []
        for tender in tenders {
            guard tender.amount > 0 else { throw CoreError(.invalidTender, "a payment amount is more than zero") }
            switch tender.kind {
            case .cash, .card: break
            case .mobileWallet(let name):
                guard policy.tenders.mobileWallets.contains(name) else { throw CoreError(.unknownTender, "wallet '\(name)' is not accepted") }
            case .customerCredit, .foreignCash, .loyaltyPoints, .deposit:
                throw CoreError(.invalidTender, "\(what) is paid in local cash, by card or by wallet")
            }
            amount = try ExactArithmetic.add(amount, tender.amount)
            payments.append(CompletedSale.Payment(tender: tender.kind.code, amount: tender.amount, foreignAmount: nil, reference: tender.reference))
        }
        guard amount > 0 else { throw CoreError(.invalidAmount, "\(what) needs at least one tender") }
        return (amount, payments)
    }

    /// The account's statement, re-read from the journal: charges (sales on the account), credits
    /// (refunds to it) and payments, with the running balance.
    public func accountStatement(accountID: String, rules: ShopRules) async throws(CoreError) -> AccountStatement {
        try rules.require(.contractorAccounts)
        let account = try await account(id: accountID)
        let tender = TenderKind.customerCredit(accountID: accountID).code
        let lines: [AccountStatement.Line] = try await read("build an account statement") { db in
            var lines: [AccountStatement.Line] = []
            var balance: Int64 = 0
            let rows = try Row.fetchCursor(
                db, sql: "SELECT * FROM journal WHERE kind IN (?, ?, ?) ORDER BY seq",
                arguments: [JournalEntry.Kind.saleCompleted, JournalEntry.Kind.returnCompleted, JournalEntry.Kind.accountPayment]
            )
            while let row = try rows.next() {
                let entry = try Self.entry(from: row)
                var movement: (kind: String, reference: String, amount: Int64)?
                switch entry.kind {
                case JournalEntry.Kind.saleCompleted:
                    let sale = try CanonicalJSON.decode(CompletedSale.self, from: entry.payload)
                    let charged = sale.payments.filter { $0.tender == tender }.reduce(Int64(0)) { $0 + $1.amount }
                    if charged != 0 { movement = ("sale", String(sale.receiptNumber), charged) }
                case JournalEntry.Kind.returnCompleted:
                    let record = try CanonicalJSON.decode(CompletedReturn.self, from: entry.payload)
                    let credited = record.refunds.filter { $0.tender == tender }.reduce(Int64(0)) { $0 + $1.amount }
                    if credited != 0 { movement = ("return", String(record.returnNumber), credited) }
                default:
                    let payment = try CanonicalJSON.decode(AccountPayment.self, from: entry.payload)
                    if payment.accountID == accountID { movement = ("payment", payment.id, -payment.amount) }
                }
                guard let movement else { continue }
                balance += movement.amount
                lines.append(AccountStatement.Line(
                    date: entry.createdAt, kind: movement.kind, reference: movement.reference, amount: movement.amount, balance: balance,
                    journalSequence: entry.sequence
                ))
            }
            return lines
        }
        return AccountStatement(account: account, lines: lines)
    }
}
