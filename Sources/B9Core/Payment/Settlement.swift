/// How a sale's total is paid: payments, cash rounding and change. Computed by ``Settlement/settle(total:tenders:policy:)``.
///
/// Invariant: `Σ payments.amount − change == amountDue == total + roundingAdjustment`.
public struct Settlement: Sendable, Hashable, Codable {
    public let payments: [SettledPayment]
    /// R5: what cash rounding added to (positive) or took from (negative) the total.
    public let roundingAdjustment: Int64
    /// What the customer pays: the grand total plus the rounding adjustment.
    public let amountDue: Int64
    /// Local cash handed back.
    public let change: Int64

    /// Settles `total` (minor units) with `tenders` under `policy`.
    ///
    /// Rules: card, wallet and account payments together may not exceed the total (only cash
    /// overpays); when cash pays the rest, that rest is rounded with the policy's cash rounding
    /// (R5); foreign cash is converted at the configured rate (R4); change is local cash.
    /// Credit limits are checked by the store, inside the sale's transaction.
    public static func settle(total: Int64, tenders: [TenderInput], policy: BillingPolicy) throws(CoreError) -> Settlement {
        guard total >= 0 else {
            throw CoreError(.invalidAmount, "a sale total cannot be negative; use a return")
        }
        var payments: [SettledPayment] = []
        var nonCash: Int64 = 0
        var cash: Int64 = 0
        for tender in tenders {
            guard tender.amount > 0 else {
                throw CoreError(.invalidTender, "\(tender.kind) amount must be more than zero")
            }
            var local = tender.amount
            var foreign: Int64?
            switch tender.kind {
            case .cash, .card:
                break
            case .mobileWallet(let name):
                guard policy.tenders.mobileWallets.contains(name) else {
                    throw CoreError(.unknownTender, "wallet '\(name)' is not accepted; accepted: \(policy.tenders.mobileWallets.joined(separator: ", "))")
                }
            case .customerCredit(let account):
                guard policy.tenders.acceptsCustomerCredit else {
                    throw CoreError(.unknownTender, "this shop does not sell on account")
                }
                guard !account.isEmpty else { throw CoreError(.accountNotFound, "a credit sale needs a customer account") }
            case .loyaltyPoints(let member):
                guard !member.isEmpty else { throw CoreError(.invalidTender, "paying with points needs a loyalty member") }
            case .deposit(let order):
                guard !order.isEmpty else { throw CoreError(.invalidTender, "a deposit tender names its project order") }
            case .foreignCash(let code):
                guard let rate = policy.tenders.foreignCurrencies.first(where: { $0.currency.code == code }) else {
                    throw CoreError(.unknownTender, "\(code) cash is not accepted")
                }
                foreign = tender.amount
                local = try ExactArithmetic.mulDiv(
                    tender.amount, rate.localMinorUnitsPerMajor, rate.currency.minorUnitsPerMajor, rounding: .round(policy.rounding)
                )
            }
            if tender.kind.isCash {
                cash = try ExactArithmetic.add(cash, local)
            } else {
                nonCash = try ExactArithmetic.add(nonCash, local)
            }
            payments.append(SettledPayment(kind: tender.kind, amount: local, foreignAmount: foreign, reference: tender.reference))
        }
        let currency = policy.currency
        guard nonCash <= total else {
            throw CoreError(
                .overpaymentNotCash,
                "card, wallet and account payments (\(DecimalText.format(nonCash, scale: currency.minorUnitDigits))) exceed the total \(DecimalText.format(total, scale: currency.minorUnitDigits)); only cash may overpay"
            )
        }
        let rest = total - nonCash
        let paysCash = tenders.contains { $0.kind.isCash }
        if paysCash && rest == 0 {
            throw CoreError(.invalidTender, "nothing is left to pay in cash")
        }
        let due = paysCash ? try policy.cashRounding.round(rest) : rest
        guard cash >= due else {
            throw CoreError(
                .insufficientPayment,
                "\(DecimalText.format(due - cash, scale: currency.minorUnitDigits)) \(currency.code) still to pay"
            )
        }
        let adjustment = due - rest
        return Settlement(
            payments: payments,
            roundingAdjustment: adjustment,
            amountDue: try ExactArithmetic.add(total, adjustment),
            change: cash - due
        )
    }
}
